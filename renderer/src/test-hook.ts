// TEST HOOK, read by the end-to-end specs (e2e/): window.__forcelab exposes how many frames were
// drawn and samples of the positions, so a spec can prove the layout moves without reading pixels.
// Read-only getters over the frame store; nothing in the app depends on it.
import { samplePositions, type FrameStore } from './store/frame-store.js';

export interface ForceLabTestHook {
  readonly framesApplied: number;
  readonly lastSeq: number;
  readonly graph: { nodeCount: number; edgeCount: number } | null;
  samplePositions(k: number): [number, number, number][];
  /** Where node i is in layout space (as last drawn), or null. */
  position(node: number): [number, number, number] | null;
  /** How many nodes are pinned, and whether node i is. */
  readonly pinnedCount: number;
  isPinned(node: number): boolean;
  /** Where node i is drawn, in page CSS px (set by the scene once it has a camera), or null. */
  screenPosition(node: number): { x: number; y: number } | null;
}

let projector: ((node: number) => { x: number; y: number } | null) | null = null;

/** The scene registers how it projects a node to the page (test hook only). */
export function setTestProjector(project: typeof projector): void {
  projector = project;
}

declare global {
  interface Window {
    __forcelab?: ForceLabTestHook;
  }
}

export function installTestHook(target: Window, frames: FrameStore): void {
  target.__forcelab = {
    get framesApplied() {
      return frames.getState().framesApplied;
    },
    get lastSeq() {
      return frames.getState().lastAppliedSeq;
    },
    get graph() {
      const t = frames.getState().topology;
      return t ? { nodeCount: t.nodeCount, edgeCount: t.edgeCount } : null;
    },
    samplePositions: (k: number) => samplePositions(frames.getState(), k),
    position: (node: number) => {
      const s = frames.getState();
      if (!s.hasFrame || !s.topology || node < 0 || node >= s.topology.nodeCount) return null;
      return [s.positions[3 * node], s.positions[3 * node + 1], s.positions[3 * node + 2]];
    },
    get pinnedCount() {
      return frames.getState().pinnedCount;
    },
    isPinned: (node: number) => frames.getState().pinned[node] === 1,
    screenPosition: (node: number) => projector?.(node) ?? null,
  };
}
