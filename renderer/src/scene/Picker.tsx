// Click a node to inspect it; click empty space to clear. A drag (orbit, pan) is not a click.
// Hovering names the node under the pointer: at most one pick per animation frame, none while dragging.
import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import { Matrix4, type Camera } from 'three';
import { useSession } from '../session/session-context.js';
import type { FrameState } from '../store/frame-store.js';
import { pickNode } from './node-picking.js';

/** Pointer travel (px) under which a press-release counts as a click. */
const CLICK_SLOP = 4;
/** How far from a node's centre a click still hits it (CSS px). */
const REACH = 10;

export function Picker() {
  const session = useSession();
  const camera = useThree((s) => s.camera);
  const canvas = useThree((s) => s.gl.domElement);

  useEffect(() => {
    let down: { x: number; y: number } | null = null;
    let hoverAt: { x: number; y: number } | null = null;
    let hoverFrame = 0;
    const nodeAt = (clientX: number, clientY: number): { node: number; x: number; y: number } | null => {
      const frame = session.frames.getState();
      if (!frame.topology || !frame.hasFrame) return null;
      const rect = canvas.getBoundingClientRect();
      const x = clientX - rect.left;
      const y = clientY - rect.top;
      const node = pick(frame, camera, rect.width, rect.height, x, y);
      return node >= 0 ? { node, x, y } : null;
    };
    const onDown = (e: PointerEvent) => {
      down = e.button === 0 ? { x: e.clientX, y: e.clientY } : null;
      clearHover();
    };
    const onUp = (e: PointerEvent) => {
      if (!down || Math.hypot(e.clientX - down.x, e.clientY - down.y) > CLICK_SLOP) return;
      down = null;
      if (!session.frames.getState().hasFrame) return;
      session.app.setState({ selectedNode: nodeAt(e.clientX, e.clientY)?.node ?? null });
    };
    const onMove = (e: PointerEvent) => {
      if (e.buttons !== 0) return; // orbiting or panning
      hoverAt = { x: e.clientX, y: e.clientY };
      if (!hoverFrame) hoverFrame = requestAnimationFrame(updateHover);
    };
    const updateHover = () => {
      hoverFrame = 0;
      if (!hoverAt) return;
      const hit = nodeAt(hoverAt.x, hoverAt.y);
      const prev = session.app.getState().hover;
      if (hit || prev) session.app.setState({ hover: hit });
    };
    const clearHover = () => {
      hoverAt = null;
      if (session.app.getState().hover) session.app.setState({ hover: null });
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointerup', onUp);
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerleave', clearHover);
    return () => {
      cancelAnimationFrame(hoverFrame);
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointerup', onUp);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerleave', clearHover);
    };
  }, [camera, canvas, session]);

  return null;
}

const viewProjection = new Matrix4();

/** The node under a point of the canvas (CSS px from its top-left), or -1; shared with the node drag. */
export function pick(frame: FrameState, camera: Camera, width: number, height: number, x: number, y: number): number {
  camera.updateMatrixWorld();
  viewProjection.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
  return pickNode(frame.positions, frame.topology!.nodeCount, viewProjection.elements, width, height, x, y, REACH);
}
