// A ring at every pinned node, following it (a pinned node still moves when dragged or by a frame).
import { useEffect, useMemo } from 'react';
import { useFrame } from '@react-three/fiber';
import { BufferAttribute, BufferGeometry, DynamicDrawUsage, Points, ShaderMaterial, type PerspectiveCamera } from 'three';
import { useSession } from '../session/session-context.js';
import { nodeSizing } from './node-sizing.js';
import selectVert from './select.vert.glsl?raw';
import pinFrag from './pin.frag.glsl?raw';

export function PinMarkers() {
  const session = useSession();
  const marker = useMemo(() => {
    const geometry = new BufferGeometry();
    const material = new ShaderMaterial({
      vertexShader: selectVert,
      fragmentShader: pinFrag,
      depthTest: false,
      uniforms: { uNodeSize: { value: 1 }, uViewportScale: { value: 500 } },
    });
    const points = new Points(geometry, material);
    points.frustumCulled = false;
    points.renderOrder = 2;
    return { points, material, nodes: new Uint32Array(0), pinsVersion: -1, positionsVersion: -1 };
  }, []);
  useEffect(() => () => {
    marker.points.geometry.dispose();
    marker.material.dispose();
  }, [marker]);

  useFrame((state) => {
    const frame = session.frames.getState();
    if (frame.pinsVersion !== marker.pinsVersion) {
      marker.pinsVersion = frame.pinsVersion;
      const nodes: number[] = [];
      for (let i = 0; i < frame.pinned.length; i++) if (frame.pinned[i]) nodes.push(i);
      marker.nodes = Uint32Array.from(nodes);
      // Sized once per pin change (pins are few); positions are copied in below.
      marker.points.geometry.dispose();
      marker.points.geometry = new BufferGeometry();
      marker.points.geometry.setAttribute('position', new BufferAttribute(new Float32Array(3 * nodes.length), 3).setUsage(DynamicDrawUsage));
      marker.positionsVersion = -1;
    }
    marker.points.visible = frame.hasFrame && marker.nodes.length > 0;
    if (!marker.points.visible) return;
    if (frame.positionsVersion !== marker.positionsVersion) {
      marker.positionsVersion = frame.positionsVersion;
      const attr = marker.points.geometry.getAttribute('position') as BufferAttribute;
      const out = attr.array as Float32Array;
      marker.nodes.forEach((n, k) => out.set(frame.positions.subarray(3 * n, 3 * n + 3), 3 * k));
      attr.needsUpdate = true;
    }
    const sizing = nodeSizing(frame, session.app.getState().view, (state.camera as PerspectiveCamera).fov, state.size.height * state.viewport.dpr);
    if (sizing) {
      marker.material.uniforms.uNodeSize.value = sizing.worldSize;
      marker.material.uniforms.uViewportScale.value = sizing.viewportScale;
    }
  });

  return <primitive object={marker.points} />;
}
