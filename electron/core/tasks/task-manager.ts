// Every long job (import, layout run, clustering) runs as a task: it gets an AbortSignal, reports progress, can
// be cancelled, and is reported to listeners as TaskInfo (sent to clients as `task` messages).
import type { TaskInfo } from '../../../protocol/messages.js';
import { Listeners } from '../../../protocol/listeners.js';
import { abortError, isAbortError, namedAbortError, type Disposable } from '../lifecycle.js';

export type TaskBody<T> = (signal: AbortSignal, progress: (fraction: number) => void) => Promise<T>;

export interface TaskHandle<T> {
  readonly taskId: number;
  /** Resolves with the job's result; rejects with its error, or an AbortError when cancelled. */
  readonly result: Promise<T>;
}

interface RunningTask {
  info: TaskInfo;
  controller: AbortController;
  lastReport: number;
  cancelledAt?: number;
  startedAt: number;
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

  get runningCount(): number {
    return this.running.size;
  }

  run<T>(kind: string, label: string, body: TaskBody<T>): TaskHandle<T> {
    if (this.disposed) throw new Error('TaskManager is disposed');
    const taskId = this.nextId++;
    const controller = new AbortController();
    const task: RunningTask = { info: { taskId, kind, label, state: 'running', progress: 0 }, controller, lastReport: 0, startedAt: performance.now() };
    this.running.set(taskId, task);
    this.emit(task);
    const progress = (fraction: number) => {
      if (task.info.state !== 'running' || !Number.isFinite(fraction)) return;
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
        if (controller.signal.aborted || isAbortError(err)) {
          if (task.cancelledAt !== undefined) this.lastCancelLatencyMs = Date.now() - task.cancelledAt;
          this.finish(task, { state: 'cancelled' });
          throw isAbortError(err) ? err : abortError(controller.signal);
        }
        this.finish(task, { state: 'failed', error: (err as Error)?.message ?? String(err) });
        throw err;
      }
    })();
    // The caller may not await; an unobserved rejection must not crash the process.
    result.catch(() => {});
    return { taskId, result };
  }

  /** Returns false when no such task is running. */
  cancel(taskId: number, reason = 'cancelled by the user'): boolean {
    const task = this.running.get(taskId);
    if (!task) return false;
    task.cancelledAt ??= Date.now();
    task.controller.abort(namedAbortError(reason));
    return true;
  }

  /** Cancels every running task; waiting for them is the owners' business (they hold the results). */
  dispose(): void {
    this.disposed = true;
    for (const id of [...this.running.keys()]) this.cancel(id, 'shutting down');
    this.listeners.clear();
  }

  private finish(task: RunningTask, patch: Partial<TaskInfo>): void {
    Object.assign(task.info, patch);
    task.info.elapsedMs = performance.now() - task.startedAt; // fixed from now on: the duration
    this.running.delete(task.info.taskId);
    this.emit(task);
  }

  private snapshot(task: RunningTask): TaskInfo {
    return { ...task.info, elapsedMs: task.info.elapsedMs ?? performance.now() - task.startedAt };
  }

  private emit(task: RunningTask): void {
    this.listeners.emit(this.snapshot(task));
  }
}
