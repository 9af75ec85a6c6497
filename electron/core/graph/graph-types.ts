// The in-memory form every graph source (file parsers, MCP) produces, and the CSR form the engine takes.

export interface LoadedGraph {
  /** Display name, usually the file name. */
  name: string;
  /** Where it came from: a file path, 'sample:<name>', 'mcp:<server>'. */
  source: string;
  /** Node ids as written in the source, index = engine node index. */
  nodeIds: string[];
  /** Edge endpoints as node indices: source,target pairs (length 2 * edgeCount). */
  edges: Uint32Array;
  /** Per-edge weight, when the source has one. */
  weights?: Float32Array;
  directed: boolean;
  /** Optional per-node attributes kept for the inspector (label, colour, cluster...). */
  nodeAttributes?: Array<Record<string, unknown> | undefined>;
  /** Optional per-edge attributes as the file gave them (label, type, the file's own columns), index = edge
   *  record; the weight is in `weights`. */
  edgeAttributes?: Array<Record<string, unknown> | undefined>;
}

export const nodeCount = (g: LoadedGraph): number => g.nodeIds.length;
export const edgeCount = (g: LoadedGraph): number => g.edges.length >> 1;

/** A user-caused problem with a graph source: names the file and the line or element. */
export class GraphFormatError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    detail: string,
  ) {
    super(`${file}: ${where}: ${detail}`);
    this.name = 'GraphFormatError';
  }
}
