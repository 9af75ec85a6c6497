// Drag a node to move it: it follows the pointer in the plane facing the camera through the node, and stays
// pinned where dropped. Moves go to the host at most once per animation frame. Double-click a node to unpin it.
import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import { Plane, Raycaster, Vector2, Vector3, type EventDispatcher } from 'three';
import { useSession } from '../session/session-context.js';
import { pick } from './Picker.js';

interface Controls extends EventDispatcher<{ start: object; end: object }> {
  enabled: boolean;
}

export function NodeDrag() {
  const session = useSession();
  const camera = useThree((s) => s.camera);
  const canvas = useThree((s) => s.gl.domElement);
  const controls = useThree((s) => s.controls) as unknown as Controls | null;

  useEffect(() => {
    const raycaster = new Raycaster();
    const ndc = new Vector2();
    const normal = new Vector3();
    const hit = new Vector3();
    let drag: { node: number; pointer: number; plane: Plane; pending: [number, number, number] | null } | null = null;
    let frame = 0;

    const nodeAt = (e: MouseEvent): number => {
      const state = session.frames.getState();
      if (!state.topology || !state.hasFrame) return -1;
      const rect = canvas.getBoundingClientRect();
      return pick(state, camera, rect.width, rect.height, e.clientX - rect.left, e.clientY - rect.top);
    };
    const send = () => {
      frame = 0;
      if (!drag?.pending) return;
      const { node, pending } = drag;
      drag.pending = null;
      session.edit((idOf) => [{ op: 'move', id: idOf(node), position: pending }]);
    };
    // Capture phase: runs before OrbitControls' own pointerdown, so a press on a node never starts an orbit.
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0) return;
      const node = nodeAt(e);
      if (node < 0) return;
      const p = session.frames.getState().positions;
      camera.getWorldDirection(normal);
      const plane = new Plane().setFromNormalAndCoplanarPoint(normal, new Vector3(p[3 * node], p[3 * node + 1], p[3 * node + 2]));
      drag = { node, pointer: e.pointerId, plane, pending: null };
      if (controls) {
        controls.enabled = false;
        controls.dispatchEvent({ type: 'start' }); // the camera stops steering itself, as when the person orbits
      }
      canvas.setPointerCapture(e.pointerId);
    };
    const onMove = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.pointer) return;
      const rect = canvas.getBoundingClientRect();
      ndc.set(((e.clientX - rect.left) / rect.width) * 2 - 1, -((e.clientY - rect.top) / rect.height) * 2 + 1);
      raycaster.setFromCamera(ndc, camera);
      if (!raycaster.ray.intersectPlane(drag.plane, hit)) return;
      drag.pending = [hit.x, hit.y, hit.z];
      // Shown at once; the host's next frame confirms it.
      const state = session.frames.getState();
      state.positions.set(drag.pending, 3 * drag.node);
      session.frames.setState({ positionsVersion: state.positionsVersion + 1 });
      if (!frame) frame = requestAnimationFrame(send);
    };
    const onUp = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.pointer) return;
      cancelAnimationFrame(frame);
      send(); // the drop itself, not one frame late
      drag = null;
      if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
      if (controls) {
        controls.enabled = true;
        controls.dispatchEvent({ type: 'end' });
      }
    };
    const onDoubleClick = (e: MouseEvent) => {
      const node = nodeAt(e);
      if (node >= 0) session.edit((idOf) => [{ op: 'unpin', id: idOf(node) }]);
    };
    canvas.addEventListener('pointerdown', onDown, { capture: true });
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerup', onUp);
    canvas.addEventListener('pointercancel', onUp);
    canvas.addEventListener('dblclick', onDoubleClick);
    return () => {
      cancelAnimationFrame(frame);
      canvas.removeEventListener('pointerdown', onDown, { capture: true });
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerup', onUp);
      canvas.removeEventListener('pointercancel', onUp);
      canvas.removeEventListener('dblclick', onDoubleClick);
      if (controls) controls.enabled = true;
    };
  }, [camera, canvas, controls, session]);

  return null;
}
