// How much a server transport lets pile up for one client that does not read. Two limits on the bytes the
// socket has accepted but not yet written:
// - the frame budget: above it, position frames are skipped (the FrameStreamer keeps only the newest), because
//   a frame behind megabytes of backlog is stale before it arrives;
// - the hard budget: above it the client is disconnected, because nothing else bounds a peer that asks (hello,
//   openSample…) and never reads: each answer can carry a whole graph payload.

/** Two uint16 frames of dblp-2010 (326k nodes × 6 bytes each) fit; one float32 frame nearly does. */
export const FRAME_BUDGET_BYTES = 4 * 2 ** 20;
/** Some four dblp-2010 graph payloads with their names message; well under what a desktop can spare. */
export const HARD_BUDGET_FLOOR_BYTES = 64 * 2 ** 20;
/** A bigger graph raises the hard budget to this many of its largest message (a graph payload), so a client
 *  that receives a graph while the previous one is still queued is never cut off for the size of the graph. */
export const HARD_BUDGET_MESSAGES = 3;

export class SendBudget {
  private largestMessage = 0;

  /** Bytes above which the client is disconnected. */
  get hardBytes(): number {
    return Math.max(HARD_BUDGET_FLOOR_BYTES, HARD_BUDGET_MESSAGES * this.largestMessage);
  }

  /** Frames wait (newest wins) while more than this is unsent. */
  get frameBytes(): number {
    return FRAME_BUDGET_BYTES;
  }

  /**
   * Called before a message of `size` bytes is written with `buffered` bytes still unsent: undefined to go on,
   * else why the client must go. What is buffered is therefore at most hardBytes plus one message.
   */
  check(size: number, buffered: number): string | undefined {
    this.largestMessage = Math.max(this.largestMessage, size);
    if (buffered <= this.hardBytes) return undefined;
    return `client stopped reading: ${mib(buffered)} unsent, over the ${mib(this.hardBytes)} send budget`;
  }
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
