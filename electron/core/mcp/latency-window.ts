// Call latencies over the last N calls (a ring), so p50/p95 follow what the pool does now, in bounded memory.

export class LatencyWindow {
  private readonly ring: Float64Array;
  private next = 0;
  private count = 0;

  constructor(size = 1024) {
    this.ring = new Float64Array(size);
  }

  add(ms: number): void {
    this.ring[this.next] = ms;
    this.next = (this.next + 1) % this.ring.length;
    if (this.count < this.ring.length) this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** Nearest-rank percentile (0..100) of the calls in the window; 0 when there were none. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const sorted = this.ring.slice(0, this.count).sort();
    const rank = Math.min(this.count - 1, Math.max(0, Math.ceil((p / 100) * this.count) - 1));
    return sorted[rank];
  }

  clear(): void {
    this.next = 0;
    this.count = 0;
  }
}
