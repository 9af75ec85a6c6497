// Runs the engine continuously in small batches while not paused, and serialises every other use of the engine
// (graph swaps, parameters, switches) between batches, so nothing touches the engine while it steps.
import type { Engine, StepResult } from '../engine/engine-api.js';
import { Listeners } from '../../../protocol/listeners.js';
import type { Disposable } from '../lifecycle.js';

/** One batch per display frame: a person watches the layout unfold instead of seeing it jump to the end. */
const FRAME_MS = 16;
/** Iterations per frame at most, for small graphs whose steps take microseconds (~300 steps/s to watch). */
const MAX_BATCH = 5;
/** When the stability gate skipped everything, look again after this long instead of spinning. */
const IDLE_POLL_MS = 50;

type Command = () => unknown | Promise<unknown>;

export interface LayoutLoopEvents {
  /** Newest positions; the array is reused, read it before the next call. */
  positions(positions: Float32Array, nodeCount: number): void;
  error(err: unknown): void;
}

export class LayoutLoop implements Disposable {
  private readonly queue: Array<{ run: Command; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  private paused = false;
  private stopped = false;
  private dirty = false;
  private batch = 1;
  private buffer = new Float32Array(0);
  private stepController: AbortController | null = null;
  private wake: (() => void) | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private readonly done: Promise<void>;
  private readonly batches = new Listeners<StepResult>();
  private readonly pauses = new Listeners<boolean>();
  /** Iterations computed since start (skipped ones not counted). */
  iterations = 0;
  /** Iterations the stability gate skipped since start. */
  skipped = 0;
  lastStep: StepResult | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly events: LayoutLoopEvents,
  ) {
    this.done = this.loop();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
    this.stepController?.abort();
    this.pauses.emit(true);
  }

  resume(): void {
    this.paused = false;
    this.poke();
    this.pauses.emit(false);
  }

  /** Called after every batch the engine finished (a cancelled one included), with the engine idle. */
  onBatch(listener: (result: StepResult) => void): () => void {
    return this.batches.add(listener);
  }

  /** Called with true on pause(), false on resume(). */
  onPause(listener: (paused: boolean) => void): () => void {
    return this.pauses.add(listener);
  }

  /** Sends the current positions even when paused (a client joined, a graph was swapped in). */
  requestFrame(): void {
    this.dirty = true;
    this.poke();
  }

  /** Runs `command` with the engine idle (between batches); resolves with its result. */
  run<T>(command: () => T | Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new Error('layout loop stopped'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: command, resolve: resolve as (v: unknown) => void, reject });
      this.stepController?.abort(); // do not make a person wait for a whole batch
      this.poke();
    });
  }

  /** Stops stepping and waits until the engine is idle; queued commands are rejected. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stepController?.abort();
    this.poke();
    await this.done;
    for (const c of this.queue.splice(0)) c.reject(new Error('layout loop stopped'));
    this.batches.clear();
    this.pauses.clear();
  }

  dispose(): Promise<void> {
    return this.stop();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      await this.drainQueue();
      if (this.stopped) break;
      const n = this.engine.nodeCount;
      if (this.dirty) this.emitPositions(n);
      if (this.paused || n === 0) {
        await this.sleep();
        continue;
      }
      const controller = (this.stepController = new AbortController());
      const t0 = performance.now();
      let result: StepResult;
      try {
        result = await this.engine.step(this.batch, controller.signal);
      } catch (err) {
        this.stepController = null;
        if (controller.signal.aborted) continue;
        this.paused = true; // a failing engine must not spin; the person sees the error and can resume
        this.pauses.emit(true);
        this.events.error(err);
        continue;
      }
      this.stepController = null;
      this.lastStep = result;
      this.iterations += result.stepped;
      this.skipped += result.skipped;
      this.batches.emit(result);
      const ms = performance.now() - t0;
      if (result.stepped > 0) {
        const perStep = ms / result.stepped;
        this.batch = Math.max(1, Math.min(MAX_BATCH, Math.floor(FRAME_MS / Math.max(perStep, 1e-3))));
        this.emitPositions(n);
        // Pace to the frame rate; I/O (acks, messages) runs in between even if the engine completed synchronously.
        const rest = FRAME_MS - (performance.now() - t0);
        if (rest > 1) await this.sleep(rest);
        else await new Promise<void>((r) => setImmediate(r));
      } else if (!result.cancelled) {
        await this.sleep(IDLE_POLL_MS);
      }
    }
  }

  private async drainQueue(): Promise<void> {
    while (this.queue.length) {
      const c = this.queue.shift()!;
      try {
        c.resolve(await c.run());
      } catch (err) {
        c.reject(err);
      }
      this.dirty = true;
    }
  }

  private emitPositions(n: number): void {
    this.dirty = false;
    if (n === 0) return;
    if (this.buffer.length !== n * 3) this.buffer = new Float32Array(n * 3);
    this.engine.readPositions(this.buffer);
    this.events.positions(this.buffer, n);
  }

  private sleep(ms?: number): Promise<void> {
    if (this.queue.length || this.stopped || (this.dirty && !this.paused)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.wake = () => {
        if (this.wakeTimer) clearTimeout(this.wakeTimer);
        this.wakeTimer = null;
        this.wake = null;
        resolve();
      };
      if (ms !== undefined) this.wakeTimer = setTimeout(() => this.wake?.(), ms);
    });
  }

  private poke(): void {
    this.wake?.();
  }
}
