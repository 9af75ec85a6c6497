// The main event loop's delay, as the asyncCompletion switch's figure. monitorEventLoopDelay times the gap
// between its own timer ticks, so an idle loop reports the sampling interval itself (10 ms at resolution 10);
// what a person wants to know is how late the loop was beyond that interval, which reads near zero when idle.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Disposable } from '../lifecycle.js';

const RESOLUTION_MS = 10;

export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
}

export class EventLoopDelay implements Disposable {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });

  constructor() {
    this.histogram.enable();
  }

  /** The delay beyond the interval since the previous call (or since start), then starts a new window. */
  take(): LoopDelay {
    const beyond = (p: number) => {
      const ms = this.histogram.percentile(p) / 1e6 - RESOLUTION_MS;
      return Number.isFinite(ms) ? Math.max(0, ms) : 0;
    };
    const delay = { p50Ms: beyond(50), p99Ms: beyond(99) };
    this.histogram.reset();
    return delay;
  }

  dispose(): void {
    this.histogram.disable();
  }
}
