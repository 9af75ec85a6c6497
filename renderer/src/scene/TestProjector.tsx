// TEST HOOK: lets window.__forcelab.screenPosition(i) say where node i is drawn, with the live camera.
import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import { Vector3 } from 'three';
import { useSession } from '../session/session-context.js';
import { setTestProjector } from '../test-hook.js';

export function TestProjector() {
  const session = useSession();
  const camera = useThree((s) => s.camera);
  const canvas = useThree((s) => s.gl.domElement);
  useEffect(() => {
    const v = new Vector3();
    setTestProjector((node) => {
      const f = session.frames.getState();
      if (!f.hasFrame || !f.topology || node >= f.topology.nodeCount) return null;
      v.set(f.positions[3 * node], f.positions[3 * node + 1], f.positions[3 * node + 2]).project(camera);
      const r = canvas.getBoundingClientRect();
      return { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height };
    });
    return () => setTestProjector(null);
  }, [camera, canvas, session]);
  return null;
}
