// Accumulates nodes (string ids, index = order of first appearance) and edges into the compact arrays of a
// LoadedGraph. Growable typed arrays keep million-edge imports at 8-12 bytes per edge.
import type { LoadedGraph } from './graph-types.js';

export class GraphBuilder {
  readonly nodeIds: string[] = [];
  private readonly index = new Map<string, number>();
  private edges = new Uint32Array(1024);
  private weights: Float32Array | null = null;
  private edgeLen = 0;
  private attributes: Array<Record<string, unknown> | undefined> | null = null;
  private declared = new Uint8Array(0);
  private edgeAttributes: Array<Record<string, unknown> | undefined> | null = null;

  get nodeCount(): number {
    return this.nodeIds.length;
  }

  get edgeCount(): number {
    return this.edgeLen;
  }

  hasNode(id: string): boolean {
    return this.index.has(id);
  }

  /** Index of the node with this id, adding it when new. */
  node(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.nodeIds.length;
      this.index.set(id, i);
      this.nodeIds.push(id);
    }
    return i;
  }

  /** Marks a node as declared by its own element (a node line, <node>), as opposed to named by an edge first;
   *  returns false when it was declared before (a duplicate). One lookup for both questions. */
  declare(i: number): boolean {
    if (this.declared.length <= i) {
      const grown = new Uint8Array(Math.max(1024, 2 * i + 2));
      grown.set(this.declared);
      this.declared = grown;
    }
    if (this.declared[i]) return false;
    this.declared[i] = 1;
    return true;
  }

  isDeclared(i: number): boolean {
    return i < this.declared.length && this.declared[i] === 1;
  }

  indexOf(id: string): number | undefined {
    return this.index.get(id);
  }

  setAttributes(node: number, attrs: Record<string, unknown>): void {
    if (!this.attributes) this.attributes = [];
    this.attributes[node] = attrs;
  }

  /** Attributes of the edge record `edge` (the index addEdge returned). */
  setEdgeAttributes(edge: number, attrs: Record<string, unknown>): void {
    if (!this.edgeAttributes) this.edgeAttributes = [];
    this.edgeAttributes[edge] = attrs;
  }

  /** Adds an edge record; returns its index. */
  addEdge(source: number, target: number, weight?: number): number {
    if (this.edgeLen * 2 + 2 > this.edges.length) {
      const grown = new Uint32Array(this.edges.length * 2);
      grown.set(this.edges);
      this.edges = grown;
    }
    if (weight !== undefined && weight !== 1 && !this.weights) {
      // First weight that is not the default: start tracking weights, earlier edges weigh 1.
      this.weights = new Float32Array(this.edges.length / 2).fill(1);
    }
    if (this.weights) {
      if (this.weights.length < this.edges.length / 2) {
        const grown = new Float32Array(this.edges.length / 2).fill(1);
        grown.set(this.weights);
        this.weights = grown;
      }
      this.weights[this.edgeLen] = weight ?? 1;
    }
    this.edges[this.edgeLen * 2] = source;
    this.edges[this.edgeLen * 2 + 1] = target;
    return this.edgeLen++;
  }

  build(meta: { name: string; source: string; directed: boolean }): LoadedGraph {
    const graph: LoadedGraph = {
      name: meta.name,
      source: meta.source,
      nodeIds: this.nodeIds,
      edges: this.edges.slice(0, this.edgeLen * 2),
      directed: meta.directed,
    };
    if (this.weights) graph.weights = this.weights.slice(0, this.edgeLen);
    if (this.attributes) {
      this.attributes.length = this.nodeIds.length;
      graph.nodeAttributes = this.attributes;
    }
    if (this.edgeAttributes) {
      this.edgeAttributes.length = this.edgeLen;
      graph.edgeAttributes = this.edgeAttributes;
    }
    return graph;
  }
}
