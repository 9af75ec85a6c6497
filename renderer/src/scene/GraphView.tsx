// The WebGL canvas: dark background, antialiased, the graph and the camera rig.
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import { SessionContext, useSession } from '../session/session-context.js';
import { CameraRig } from './CameraRig.js';
import { GraphLayer } from './GraphLayer.js';
import { EditKeys } from './EditKeys.js';
import { NodeDrag } from './NodeDrag.js';
import { Picker } from './Picker.js';
import { PictureTaker } from './PictureTaker.js';
import { PinMarkers } from './PinMarkers.js';
import { SelectionMarker } from './SelectionMarker.js';
import { TestProjector } from './TestProjector.js';

export const BACKGROUND = '#0b0f17';

export function GraphView() {
  const session = useSession();
  return (
    <Canvas
      className="graph-canvas"
      gl={{ antialias: true }}
      dpr={[1, 2]}
      camera={{ fov: 50, position: [0, 0, 60], near: 0.01, far: 1e5 }}
      // Draw only when something changed (a frame, the camera, a setting): an idle graph of a million
      // nodes should not redraw 60 times a second.
      frameloop="demand"
    >
      {/* R3F's own reconciler; the provider is restated so the scene never depends on context bridging. */}
      <SessionContext.Provider value={session}>
        <color attach="background" args={[BACKGROUND]} />
        <GraphLayer />
        <SelectionMarker />
        <PinMarkers />
        <CameraRig />
        <Picker />
        <NodeDrag />
        <EditKeys />
        <TestProjector />
        <PictureTaker />
        <RedrawOnChange />
        <FpsMeter />
      </SessionContext.Provider>
    </Canvas>
  );
}

/** Requests a redraw whenever either store changes (new frame, colours, view settings, selection). */
function RedrawOnChange() {
  const session = useSession();
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    const a = session.frames.subscribe(() => invalidate());
    const b = session.app.subscribe((now, before) => {
      if (now.view !== before.view || now.selectedNode !== before.selectedNode) invalidate();
    });
    return () => {
      a();
      b();
    };
  }, [session, invalidate]);
  return null;
}

/** Counts drawn frames and publishes frames per second once a second (one UI update/s; 0 when idle). */
function FpsMeter() {
  const session = useSession();
  const frames = useRef(0);
  useFrame(() => {
    frames.current++;
  });
  useEffect(() => {
    let since = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const fps = Math.round((frames.current * 1000) / (now - since));
      frames.current = 0;
      since = now;
      if (session.app.getState().fps !== fps) session.app.setState({ fps });
    }, 1000);
    return () => clearInterval(timer);
  }, [session]);
  return null;
}
