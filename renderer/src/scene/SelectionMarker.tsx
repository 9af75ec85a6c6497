// Marks the node shown in the inspector with a ring that follows it as the layout moves.
import { useEffect, useMemo } from 'react';
import { useFrame } from '@react-three/fiber';
import { BufferAttribute, BufferGeometry, DynamicDrawUsage, Points, ShaderMaterial, type PerspectiveCamera } from 'three';
import { nodeSizing } from './node-sizing.js';
import { useSession } from '../session/session-context.js';
import selectVert from './select.vert.glsl?raw';
import selectFrag from './select.frag.glsl?raw';

export function SelectionMarker() {
  const session = useSession();
  const marker = useMemo(() => {
    const geometry = new BufferGeometry();
    const position = new BufferAttribute(new Float32Array(3), 3).setUsage(DynamicDrawUsage);
    geometry.setAttribute('position', position);
    const material = new ShaderMaterial({
      vertexShader: selectVert,
      fragmentShader: selectFrag,
      depthTest: false, // always visible, even behind other nodes
      uniforms: { uNodeSize: { value: 1 }, uViewportScale: { value: 500 } },
    });
    const points = new Points(geometry, material);
    points.frustumCulled = false;
    points.renderOrder = 2;
    return { points, position, material };
  }, []);
  useEffect(() => () => {
    marker.points.geometry.dispose();
    marker.material.dispose();
  }, [marker]);

  useFrame((state) => {
    const { selectedNode: selected, view } = session.app.getState();
    const frame = session.frames.getState();
    const visible = selected !== null && frame.hasFrame && selected < (frame.topology?.nodeCount ?? 0);
    marker.points.visible = visible;
    if (!visible) return;
    marker.position.array.set(frame.positions.subarray(3 * selected, 3 * selected + 3));
    marker.position.needsUpdate = true;
    const sizing = nodeSizing(frame, view, (state.camera as PerspectiveCamera).fov, state.size.height * state.viewport.dpr);
    if (sizing) {
      marker.material.uniforms.uNodeSize.value = sizing.worldSize;
      marker.material.uniforms.uViewportScale.value = sizing.viewportScale;
    }
  });

  return <primitive object={marker.points} />;
}
