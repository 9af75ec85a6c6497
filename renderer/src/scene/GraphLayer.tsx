// Draws the graph on screen. Reads frames from the transient store inside the render loop.
import { useEffect, useMemo } from 'react';
import { useFrame } from '@react-three/fiber';
import { useStore } from 'zustand';
import type { PerspectiveCamera } from 'three';
import { useSession } from '../session/session-context.js';
import { nodeSizing } from './node-sizing.js';
import { GraphObjects } from './graph-objects.js';

export function GraphLayer() {
  const session = useSession();
  // Re-renders only when a new graph arrives, never per frame.
  const topology = useStore(session.frames, (s) => s.topology);
  const objects = useMemo(() => (topology ? new GraphObjects(session.frames.getState()) : null), [topology, session]);
  useEffect(() => () => objects?.dispose(), [objects]);

  useFrame((state) => {
    if (!objects) return;
    const frame = session.frames.getState();
    const view = session.app.getState().view;
    const moved = objects.sync(frame, view);
    const sizing = nodeSizing(frame, view, (state.camera as PerspectiveCamera).fov, state.size.height * state.viewport.dpr);
    if (sizing) objects.setNodeSize(sizing.worldSize, sizing.viewportScale);
    // R3F renders right after the frame callbacks of this tick: the positions are as good as drawn.
    if (moved) session.framesDrawn();
  });

  if (!objects) return null;
  return (
    <>
      <primitive object={objects.lines} />
      <primitive object={objects.points} />
    </>
  );
}
