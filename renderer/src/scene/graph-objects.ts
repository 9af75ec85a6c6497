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
  readonly index: BufferAttribute;
  private baseEdgeOpacity = 1;
  positionsVersion = -1;
  colorsVersion = -1;
  topologyVersion = -1;

  /** Allocated once per graph and kept through edits that fit the store's buffers: the attributes wrap the
   *  store's arrays (frames need no copy), and only the first nodeCount nodes and edgeCount edges are drawn. */
  constructor(state: FrameState) {
    if (!state.topology) throw new Error('GraphObjects needs a graph');
    this.position = new BufferAttribute(state.positions, 3).setUsage(DynamicDrawUsage);
    this.color = new BufferAttribute(state.colors, 3).setUsage(DynamicDrawUsage);
    this.index = new BufferAttribute(state.edgeBuffer, 1).setUsage(DynamicDrawUsage);

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
    edgeGeometry.setIndex(this.index);
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
    this.syncTopology(state);
  }

  /** An edit of the graph in the same buffers: draw the new ranges, upload the new edges. */
  private syncTopology(state: FrameState): void {
    const t = state.topology;
    if (!t || state.topologyVersion === this.topologyVersion) return;
    this.topologyVersion = state.topologyVersion;
    this.points.geometry.setDrawRange(0, t.nodeCount);
    this.lines.geometry.setDrawRange(0, 2 * t.edgeCount);
    this.index.needsUpdate = true;
    this.baseEdgeOpacity = edgeOpacity(t.edgeCount);
  }

  /** Marks changed arrays for upload; returns true when new positions were taken. */
  sync(state: FrameState, view: ViewSettings): boolean {
    let moved = false;
    this.syncTopology(state);
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
