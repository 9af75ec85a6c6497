// Every long job (import, layout run, clustering) runs as a task: it gets an AbortSignal, reports progress, can
// be cancelled or time out, and is reported to listeners as TaskInfo (sent to clients as `task` messages).
// shutdown() cancels everything and says which tasks did not stop within the grace period. Every timer it
// starts (per-task timeouts, the grace period) is cleared when the task ends or the wait is over, so no handle
// keeps the process alive.
import type { TaskInfo } from '../../../protocol/messages.js';
import { Listeners } from '../../../protocol/listeners.js';
import { abortError, isAbortError, namedAbortError, type Disposable } from '../lifecycle.js';

/** `message` is a short word on what the job is doing now ("parsing line 40,000"). */
export type TaskBody<T> = (signal: AbortSignal, progress: (fraction: number, message?: string) => void) => Promise<T>;

export interface TaskOptions {
  /** Aborts the job after this long: it ends failed with "<label>: timed out after N ms". */
  timeoutMs?: number;
}

export interface TaskHandle<T> {
  readonly taskId: number;
  /** Resolves with the job's result; rejects with its error, an AbortError when cancelled, or a TimeoutError. */
  readonly result: Promise<T>;
  readonly signal: AbortSignal;
}

/** Everything the manager knows of a running task (TaskInfo is what clients get). */
export interface TaskDetails extends TaskInfo {
  /** Wall-clock start, ms since the epoch. */
  startedAt: number;
  timeoutMs: number | undefined;
  signal: AbortSignal;
}

export interface TaskRef {
  taskId: number;
  kind: string;
  label: string;
}

export interface ShutdownReport {
  /** Tasks that ended (cancelled, or finished anyway) within the grace period. */
  stopped: TaskRef[];
  /** Tasks still running when the grace period ran out: they ignore their signal. */
  notStopped: TaskRef[];
}

interface RunningTask {
  info: TaskInfo;
  controller: AbortController;
  lastReport: number;
  cancelledAt?: number;
  startedAt: number;
  startedAtWall: number;
  message?: string;
  timeoutMs?: number;
  timer?: ReturnType<typeof setTimeout>;
  timedOut?: Error;
  /** Settles (never rejects) when the job has ended, whichever way. */
  ended: Promise<void>;
}

/** The error a task that ran out of time ends with. */
export function timeoutError(label: string, ms: number): Error {
  const err = new Error(`${label}: timed out after ${ms} ms`);
  err.name = 'TimeoutError';
  return err;
}

/** Progress reports are throttled so a fast parser does not flood the transport. */
const PROGRESS_INTERVAL_MS = 100;

export class TaskManager implements Disposable {
  private nextId = 1;
  private readonly running = new Map<number, RunningTask>();
  private readonly listeners = new Listeners<TaskInfo>();
  private disposed = false;
  /** Milliseconds from cancel() to the job having stopped, for the task-cancellation figure; undefined until
   *  something was cancelled (a 0 there would claim an instant cancel that never happened). */
  lastCancelLatencyMs: number | undefined;

  onChange(listener: (task: TaskInfo) => void): () => void {
    return this.listeners.add(listener);
  }

  list(): TaskInfo[] {
    return [...this.running.values()].map((t) => this.snapshot(t));
  }

  /** The running tasks with their progress message, start time, timeout and signal. */
  details(): TaskDetails[] {
    return [...this.running.values()].map((t) => ({ ...this.snapshot(t), startedAt: t.startedAtWall, timeoutMs: t.timeoutMs, signal: t.controller.signal }));
  }

  get runningCount(): number {
    return this.running.size;
  }

  run<T>(kind: string, label: string, body: TaskBody<T>, options: TaskOptions = {}): TaskHandle<T> {
    if (this.disposed) throw new Error('TaskManager is disposed');
    const { timeoutMs } = options;
    if (timeoutMs !== undefined && !(timeoutMs > 0 && Number.isFinite(timeoutMs))) throw new RangeError(`timeoutMs must be a positive number of ms, got ${timeoutMs}`);
    const taskId = this.nextId++;
    const controller = new AbortController();
    let ended!: () => void;
    const task: RunningTask = {
      info: { taskId, kind, label, state: 'running', progress: 0 },
      controller,
      lastReport: 0,
      startedAt: performance.now(),
      startedAtWall: Date.now(),
      timeoutMs,
      ended: new Promise<void>((r) => (ended = r)),
    };
    this.running.set(taskId, task);
    if (timeoutMs !== undefined) {
      task.timer = setTimeout(() => {
        task.timer = undefined;
        task.timedOut = timeoutError(label, timeoutMs);
        controller.abort(task.timedOut);
      }, timeoutMs);
    }
    this.emit(task);
    const progress = (fraction: number, message?: string) => {
      if (task.info.state !== 'running' || !Number.isFinite(fraction)) return;
      if (message !== undefined) task.message = message;
      task.info.progress = Math.max(0, Math.min(1, fraction));
      const now = Date.now();
      if (now - task.lastReport >= PROGRESS_INTERVAL_MS) {
        task.lastReport = now;
        this.emit(task);
      }
    };
    const result = (async () => {
      try {
        const value = await body(controller.signal, progress);
        if (controller.signal.aborted) throw abortError(controller.signal);
        this.finish(task, { state: 'done', progress: 1 });
        return value;
      } catch (err) {
        if (task.timedOut) {
          this.finish(task, { state: 'failed', error: task.timedOut.message });
          throw task.timedOut;
        }
        if (controller.signal.aborted || isAbortError(err)) {
          if (task.cancelledAt !== undefined) this.lastCancelLatencyMs = Date.now() - task.cancelledAt;
          this.finish(task, { state: 'cancelled' });
          throw isAbortError(err) ? err : abortError(controller.signal);
        }
        this.finish(task, { state: 'failed', error: (err as Error)?.message ?? String(err) });
        throw err;
      } finally {
        ended();
      }
    })();
    // The caller may not await; an unobserved rejection must not crash the process.
    result.catch(() => {});
    return { taskId, result, signal: controller.signal };
  }

  /** Returns false when no such task is running. */
  cancel(taskId: number, reason = 'cancelled by the user'): boolean {
    const task = this.running.get(taskId);
    if (!task) return false;
    task.cancelledAt ??= Date.now();
    // A cancel wins over a later timeout (and leaves no timer behind, even if the job never stops).
    if (task.timer !== undefined) clearTimeout(task.timer);
    task.timer = undefined;
    task.controller.abort(namedAbortError(reason));
    return true;
  }

  /** Cancels every running task; returns how many were asked to stop. */
  cancelAll(reason = 'cancelled by the user'): number {
    const ids = [...this.running.keys()];
    for (const id of ids) this.cancel(id, reason);
    return ids.length;
  }

  /** Refuses new tasks, cancels every running one and waits up to `graceMs` for them to stop; resolves with the
   *  ones that stopped and the ones that did not (they ignore their signal; their owners must be told). */
  async shutdown(graceMs: number): Promise<ShutdownReport> {
    this.disposed = true;
    const tasks = [...this.running.values()];
    this.cancelAll('shutting down');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, graceMs))));
    try {
      await Promise.race([Promise.all(tasks.map((t) => t.ended)), grace]);
    } finally {
      clearTimeout(timer);
    }
    const ref = (t: RunningTask): TaskRef => ({ taskId: t.info.taskId, kind: t.info.kind, label: t.info.label });
    const report = { stopped: tasks.filter((t) => !this.running.has(t.info.taskId)).map(ref), notStopped: tasks.filter((t) => this.running.has(t.info.taskId)).map(ref) };
    // A task that stops later still clears its own timer; nobody listens any more.
    this.listeners.clear();
    return report;
  }

  /** Cancels every running task; waiting for them is the owners' business (they hold the results). */
  dispose(): void {
    this.disposed = true;
    this.cancelAll('shutting down');
    this.listeners.clear();
  }

  private finish(task: RunningTask, patch: Partial<TaskInfo>): void {
    if (task.timer !== undefined) clearTimeout(task.timer);
    task.timer = undefined;
    Object.assign(task.info, patch);
    task.info.elapsedMs = performance.now() - task.startedAt; // fixed from now on: the duration
    this.running.delete(task.info.taskId);
    this.emit(task);
  }

  private snapshot(task: RunningTask): TaskInfo {
    const message = task.info.state === 'running' ? task.message : undefined;
    return { ...task.info, ...(message !== undefined ? { message } : {}), elapsedMs: task.info.elapsedMs ?? performance.now() - task.startedAt };
  }

  private emit(task: RunningTask): void {
    this.listeners.emit(this.snapshot(task));
  }
}
