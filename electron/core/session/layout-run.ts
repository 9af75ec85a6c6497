// "Run the layout to convergence" as a task: it resumes the layout and follows the engine's schedule batch by
// batch until the engine says settled (cooled below its settled temperature, or at rest by the stability gate),
// reporting how far the cooling has come. A bound on iterations ends it early; cancelling it (or a timeout)
// stops the layout where it is; pausing the layout, a new graph or quit cancel the run and leave the rest alone.
import type { Engine } from '../engine/engine-api.js';
import { abortError, type Disposable } from '../lifecycle.js';
import type { TaskHandle, TaskManager } from '../tasks/task-manager.js';
import type { LayoutLoop } from './layout-loop.js';

/** The engine's settled temperature (native/src/engine/schedule.cc kSettledTemperature): progress is how far the
 *  cooling has come from where the run started toward it, on a log scale (cooling multiplies each step). */
export const SETTLED_TEMPERATURE = 0.01;

export interface LayoutRunOptions {
  /** Stop after this many computed iterations even when not settled (the layout is paused there). */
  maxIterations?: number;
  timeoutMs?: number;
}

export interface LayoutRunResult {
  /** The engine reported the layout settled (false: maxIterations came first). */
  converged: boolean;
  /** Iterations computed during the run (those the stability gate skipped not counted). */
  iterations: number;
  temperature: number;
  ms: number;
}

export interface LayoutRunParts {
  engine: Engine;
  loop: LayoutLoop;
  tasks: TaskManager;
  /** Name of the graph on screen, or undefined when there is none. */
  graphName: () => string | undefined;
  /** Pauses or resumes the layout and tells every window. */
  setPaused: (paused: boolean) => void;
}

/** Reasons a run is cancelled without stopping the layout: somebody else decided what the layout does next. */
const PAUSED = 'the layout was paused';
const REPLACED = 'a new graph was opened';

export class LayoutRuns implements Disposable {
  private current: TaskHandle<LayoutRunResult> | undefined;

  constructor(private readonly p: LayoutRunParts) {}

  /** The running run's task id, if any. */
  get running(): number | undefined {
    return this.current?.taskId;
  }

  /** Starts a run; throws (naming why) when there is no graph or a run is already going. */
  start(options: LayoutRunOptions = {}): TaskHandle<LayoutRunResult> {
    const { engine, loop, tasks } = this.p;
    const name = this.p.graphName();
    if (name === undefined || engine.nodeCount === 0) throw new Error('run to convergence: no graph is open');
    if (this.current) throw new Error(`run to convergence: a run is already going (task ${this.current.taskId}); cancel it first`);
    const { maxIterations } = options;
    if (maxIterations !== undefined && !(Number.isInteger(maxIterations) && maxIterations > 0)) throw new RangeError(`maxIterations must be a whole number > 0, got ${maxIterations}`);
    const label = `Laying out ${name} to convergence${maxIterations !== undefined ? ` (at most ${maxIterations} iterations)` : ''}`;
    const handle = tasks.run(
      'layout',
      label,
      (signal, progress) =>
        new Promise<LayoutRunResult>((resolve, reject) => {
          const t0 = performance.now();
          const startTemperature = engine.stats().temperature;
          const span = Math.log(Math.max(startTemperature, SETTLED_TEMPERATURE * 1.0001) / SETTLED_TEMPERATURE);
          let iterations = 0;
          const finish = (converged: boolean) => {
            cleanup();
            const { temperature } = engine.stats();
            resolve({ converged, iterations, temperature, ms: performance.now() - t0 });
          };
          const check = () => {
            const s = engine.stats();
            if (s.settled) return finish(true);
            if (maxIterations !== undefined && iterations >= maxIterations) {
              finish(false); // first: its pause listener must not take the pause below for somebody else's
              this.p.setPaused(true); // the bound was the point: the layout stops there
              return;
            }
            const cooled = Math.log(Math.max(startTemperature, SETTLED_TEMPERATURE) / Math.max(s.temperature, SETTLED_TEMPERATURE)) / span;
            const counted = maxIterations !== undefined ? iterations / maxIterations : 0;
            progress(Math.max(cooled, counted), `iteration ${iterations}, temperature ${s.temperature.toPrecision(3)}`);
          };
          const offBatch = loop.onBatch((r) => {
            iterations += r.stepped;
            check();
          });
          // Paused from elsewhere (a window's pause button, a failing engine): the run cannot converge.
          const offPause = loop.onPause((paused) => paused && tasks.cancel(handle.taskId, PAUSED));
          const onAbort = () => {
            cleanup();
            const reason = abortError(signal);
            // Cancelled by the person or timed out: stop the layout where it is. Paused, replaced or quitting:
            // leave the layout to whoever decided.
            const message = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
            if (message !== PAUSED && message !== REPLACED && message !== 'shutting down') this.p.setPaused(true);
            reject(reason); // a timeout is reported as such by the task manager
          };
          signal.addEventListener('abort', onAbort, { once: true });
          const cleanup = () => {
            offBatch();
            offPause();
            signal.removeEventListener('abort', onAbort);
          };
          if (loop.isPaused) this.p.setPaused(false);
          check(); // already at rest: done at once
        }),
      options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {},
    );
    this.current = handle;
    const clear = () => {
      if (this.current === handle) this.current = undefined;
    };
    handle.result.then(clear, clear);
    return handle;
  }

  /** A new graph is on screen: a run of the old one means nothing for it. */
  graphReplaced(): void {
    if (this.current) this.p.tasks.cancel(this.current.taskId, REPLACED);
  }

  dispose(): void {
    if (this.current) this.p.tasks.cancel(this.current.taskId, 'shutting down');
  }
}
