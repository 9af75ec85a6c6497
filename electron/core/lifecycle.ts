// Ownership of everything that must be released: timers, sockets, listeners, native handles.
// One owner per disposable; disposing the owner releases all of it (VS Code's lifecycle pattern).

export interface Disposable {
  dispose(): void | Promise<void>;
}

export function toDisposable(fn: () => void | Promise<void>): Disposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      return fn();
    },
  };
}

/** Holds disposables and releases them in reverse order of registration. */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      // Late registration after shutdown: release at once so nothing leaks.
      void item.dispose();
      return item;
    }
    this.items.push(item);
    return item;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const items = this.items.reverse();
    this.items = [];
    const errors: unknown[] = [];
    for (const item of items) {
      try {
        await item.dispose();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) throw new AggregateError(errors, `dispose failed in ${errors.length} item(s)`);
  }
}

/** The one abort error: every cancelled job in the core stops with it, so callers can tell cancellation from failure. */
export function namedAbortError(message = 'cancelled'): Error {
  const err = new Error(message);
  err.name = 'AbortError';
  return err;
}

/** The reason an aborted job stops with. */
export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return namedAbortError(typeof reason === 'string' ? reason : reason instanceof Error ? reason.message : 'cancelled');
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError(signal);
}
