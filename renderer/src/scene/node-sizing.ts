// Node size on screen, shared by the nodes and the selection ring so they always match.
import type { ViewSettings } from '../store/app-store.js';
import type { FrameState } from '../store/frame-store.js';
import { nodeWorldSize } from './camera-fit.js';

export interface NodeSizing {
  /** World units. */
  worldSize: number;
  /** Drawing-buffer pixels per world unit at distance 1. */
  viewportScale: number;
}

export function nodeSizing(frame: FrameState, view: ViewSettings, fovDeg: number, bufferHeight: number): NodeSizing | null {
  if (!frame.bbox || !frame.topology) return null;
  const { min, max } = frame.bbox;
  const radius = Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]) / 2;
  return {
    worldSize: nodeWorldSize(radius, frame.topology.nodeCount) * view.nodeScale,
    viewportScale: bufferHeight / (2 * Math.tan((fovDeg * Math.PI) / 360)),
  };
}
