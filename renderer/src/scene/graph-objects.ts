// The GPU side of one graph: a points draw for nodes and a lineSegments draw for edges that share
// the same position and colour BufferAttributes, so each frame uploads positions once.
import {
  BufferAttribute,
  BufferGeometry,
  DynamicDrawUsage,
  LineSegments,
  Points,
  ShaderMaterial,
} from 'three';
import type { ViewSettings } from '../store/app-store.js';
import type { FrameState } from '../store/frame-store.js';
import nodesVert from './nodes.vert.glsl?raw';
import nodesFrag from './nodes.frag.glsl?raw';
import edgesVert from './edges.vert.glsl?raw';
import edgesFrag from './edges.frag.glsl?raw';

export class GraphObjects {
  readonly points: Points<BufferGeometry, ShaderMaterial>;
  readonly lines: LineSegments<BufferGeometry, ShaderMaterial>;
  readonly position: BufferAttribute;
  readonly color: BufferAttribute;
  private readonly baseEdgeOpacity: number;
  positionsVersion = -1;
  colorsVersion = -1;

  /** Allocated once per graph: the attributes wrap the store's arrays, so frames need no copy. */
  constructor(state: FrameState) {
    const topology = state.topology;
    if (!topology) throw new Error('GraphObjects needs a graph');
    this.position = new BufferAttribute(state.positions, 3).setUsage(DynamicDrawUsage);
    this.color = new BufferAttribute(state.colors, 3).setUsage(DynamicDrawUsage);
    this.baseEdgeOpacity = edgeOpacity(topology.edgeCount);

    const nodeGeometry = new BufferGeometry();
    nodeGeometry.setAttribute('position', this.position);
    nodeGeometry.setAttribute('color', this.color);
    const nodeMaterial = new ShaderMaterial({
      vertexShader: nodesVert,
      fragmentShader: nodesFrag,
      vertexColors: true,
      uniforms: { uNodeSize: { value: 1 }, uViewportScale: { value: 500 }, uMaxPixels: { value: 48 } },
    });
    this.points = new Points(nodeGeometry, nodeMaterial);

    const edgeGeometry = new BufferGeometry();
    edgeGeometry.setAttribute('position', this.position);
    edgeGeometry.setAttribute('color', this.color);
    edgeGeometry.setIndex(new BufferAttribute(topology.edges, 1));
    const edgeMaterial = new ShaderMaterial({
      vertexShader: edgesVert,
      fragmentShader: edgesFrag,
      vertexColors: true,
      transparent: true,
      depthWrite: false,
      uniforms: { uOpacity: { value: this.baseEdgeOpacity } },
    });
    this.lines = new LineSegments(edgeGeometry, edgeMaterial);
    // Edges first, nodes on top.
    this.lines.renderOrder = 0;
    this.points.renderOrder = 1;
    // Positions move every frame; a bounding sphere computed once would cull the wrong things.
    this.points.frustumCulled = false;
    this.lines.frustumCulled = false;
    this.points.visible = false;
    this.lines.visible = false;
  }

  /** Marks changed arrays for upload; returns true when new positions were taken. */
  sync(state: FrameState, view: ViewSettings): boolean {
    let moved = false;
    if (state.positionsVersion !== this.positionsVersion) {
      this.positionsVersion = state.positionsVersion;
      this.position.needsUpdate = true;
      moved = true;
    }
    if (state.colorsVersion !== this.colorsVersion) {
      this.colorsVersion = state.colorsVersion;
      this.color.needsUpdate = true;
    }
    this.points.visible = state.hasFrame;
    this.lines.visible = state.hasFrame && view.showEdges;
    this.lines.material.uniforms.uOpacity.value = Math.min(1, this.baseEdgeOpacity * view.edgeOpacity);
    return moved;
  }

  setNodeSize(worldSize: number, viewportScale: number): void {
    this.points.material.uniforms.uNodeSize.value = worldSize;
    this.points.material.uniforms.uViewportScale.value = viewportScale;
  }

  dispose(): void {
    this.points.geometry.dispose();
    this.points.material.dispose();
    this.lines.geometry.dispose();
    this.lines.material.dispose();
  }
}

/** Dense graphs get fainter edges so the structure, not a grey blanket, shows. */
export function edgeOpacity(edgeCount: number): number {
  return Math.max(0.06, Math.min(0.7, 12 / Math.sqrt(Math.max(edgeCount, 1))));
}
