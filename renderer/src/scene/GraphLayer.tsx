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
  // Re-renders only when a new graph arrives or an edit outgrew the buffers, never per frame or per edit.
  const hasGraph = useStore(session.frames, (s) => s.topology !== null);
  const buffers = useStore(session.frames, (s) => s.buffersVersion);
  const objects = useMemo(() => (hasGraph ? new GraphObjects(session.frames.getState()) : null), [hasGraph, buffers, session]);
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
