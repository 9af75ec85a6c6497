// Click a node to inspect it; click empty space to clear. A drag (orbit, pan) is not a click.
import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import { Matrix4 } from 'three';
import { useSession } from '../session/session-context.js';
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
    const onDown = (e: PointerEvent) => {
      down = e.button === 0 ? { x: e.clientX, y: e.clientY } : null;
    };
    const onUp = (e: PointerEvent) => {
      if (!down || Math.hypot(e.clientX - down.x, e.clientY - down.y) > CLICK_SLOP) return;
      down = null;
      const frame = session.frames.getState();
      if (!frame.topology || !frame.hasFrame) return;
      const rect = canvas.getBoundingClientRect();
      camera.updateMatrixWorld();
      const vp = new Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
      const hit = pickNode(frame.positions, frame.topology.nodeCount, vp.elements, rect.width, rect.height, e.clientX - rect.left, e.clientY - rect.top, REACH);
      session.app.setState({ selectedNode: hit >= 0 ? hit : null });
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointerup', onUp);
    return () => {
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointerup', onUp);
    };
  }, [camera, canvas, session]);

  return null;
}
