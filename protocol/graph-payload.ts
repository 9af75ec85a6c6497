// Binary graph topology: main -> renderer, sent once per loaded graph before its frames.
//
// Layout (little-endian):
//   0  u32  magic 'FLG1'
//   4  u32  graph id (frames that follow belong to it)
//   8  u32  node count
//  12  u32  edge count
//  16  edge endpoints: edgeCount * 2 u32 (source, target node index)

export const GRAPH_MAGIC = 0x31474c46; // 'FLG1'
export const GRAPH_HEADER_BYTES = 16;

export interface GraphPayload {
  graphId: number;
  nodeCount: number;
  edgeCount: number;
  /** source,target pairs of node indices (0..nodeCount-1). */
  edges: Uint32Array;
}

export class GraphPayloadError extends Error {
  constructor(message: string) {
    super(`bad graph payload: ${message}`);
    this.name = 'GraphPayloadError';
  }
}

export function encodeGraphPayload(p: GraphPayload): ArrayBuffer {
  if (p.edges.length < p.edgeCount * 2) throw new GraphPayloadError(`edges hold ${p.edges.length} values, need ${p.edgeCount * 2}`);
  const buf = new ArrayBuffer(GRAPH_HEADER_BYTES + p.edgeCount * 8);
  const view = new DataView(buf);
  view.setUint32(0, GRAPH_MAGIC, true);
  view.setUint32(4, p.graphId >>> 0, true);
  view.setUint32(8, p.nodeCount, true);
  view.setUint32(12, p.edgeCount, true);
  new Uint32Array(buf, GRAPH_HEADER_BYTES, p.edgeCount * 2).set(p.edges.subarray(0, p.edgeCount * 2));
  return buf;
}

export function decodeGraphPayload(data: ArrayBuffer): GraphPayload {
  if (data.byteLength < GRAPH_HEADER_BYTES) throw new GraphPayloadError(`${data.byteLength} bytes is shorter than the header`);
  const view = new DataView(data);
  const magic = view.getUint32(0, true);
  if (magic !== GRAPH_MAGIC) throw new GraphPayloadError(`wrong magic 0x${magic.toString(16)}`);
  const graphId = view.getUint32(4, true);
  const nodeCount = view.getUint32(8, true);
  const edgeCount = view.getUint32(12, true);
  if (data.byteLength !== GRAPH_HEADER_BYTES + edgeCount * 8) {
    throw new GraphPayloadError(`length ${data.byteLength} bytes, expected ${GRAPH_HEADER_BYTES + edgeCount * 8} for ${edgeCount} edges`);
  }
  const edges = new Uint32Array(data, GRAPH_HEADER_BYTES, edgeCount * 2);
  for (let i = 0; i < edges.length; i++) {
    if (edges[i] >= nodeCount) throw new GraphPayloadError(`edge ${i >> 1} names node ${edges[i]}, but there are ${nodeCount} nodes`);
  }
  return { graphId, nodeCount, edgeCount, edges };
}

export function isGraphPayload(data: ArrayBuffer): boolean {
  return data.byteLength >= 4 && new DataView(data).getUint32(0, true) === GRAPH_MAGIC;
}
