// Binary position frames: main -> renderer. No Node, no DOM: shared by every host and the renderer.
//
// Layout (little-endian):
//   0  u32  magic 'FLF1'
//   4  u16  version
//   6  u16  encoding (FrameEncoding)
//   8  u32  sequence number
//  12  u32  node count
//  16  u32  flags (FrameFlags)
//  20  u32  label count (0 unless HasLabels)
//  24  f32 x6  bounding box: minX minY minZ maxX maxY maxZ
//  48  positions: nodeCount * 3 values (f32, or u16 quantised inside the box)
//      labels (u32 per node) when HasLabels, 4-byte aligned

export const FRAME_MAGIC = 0x31464c46; // 'FLF1' read as little-endian u32
export const FRAME_VERSION = 1;
export const FRAME_HEADER_BYTES = 48;

export enum FrameEncoding {
  Float32 = 0,
  Uint16 = 1,
}

export enum FrameFlags {
  None = 0,
  HasLabels = 1,
}

export interface BoundingBox {
  min: [number, number, number];
  max: [number, number, number];
}

export interface Frame {
  seq: number;
  nodeCount: number;
  encoding: FrameEncoding;
  bbox: BoundingBox;
  /** xyz per node, decoded to float32 whatever the wire encoding. */
  positions: Float32Array;
  /** Cluster label per node, only present when labels changed since the last frame. */
  labels?: Uint32Array;
}

export class FrameError extends Error {
  constructor(message: string) {
    super(`bad frame: ${message}`);
    this.name = 'FrameError';
  }
}

export function computeBoundingBox(positions: Float32Array, nodeCount: number): BoundingBox {
  if (nodeCount === 0) return { min: [0, 0, 0], max: [0, 0, 0] };
  let minX = Infinity, minY = Infinity, minZ = Infinity;
  let maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
  for (let i = 0; i < nodeCount; i++) {
    const x = positions[3 * i], y = positions[3 * i + 1], z = positions[3 * i + 2];
    if (x < minX) minX = x; if (x > maxX) maxX = x;
    if (y < minY) minY = y; if (y > maxY) maxY = y;
    if (z < minZ) minZ = z; if (z > maxZ) maxZ = z;
  }
  return { min: [minX, minY, minZ], max: [maxX, maxY, maxZ] };
}

export function frameByteLength(nodeCount: number, encoding: FrameEncoding, withLabels: boolean): number {
  const per = encoding === FrameEncoding.Uint16 ? 2 : 4;
  const positionsBytes = align4(nodeCount * 3 * per);
  return FRAME_HEADER_BYTES + positionsBytes + (withLabels ? nodeCount * 4 : 0);
}

/** Encodes positions (xyz per node) into a fresh ArrayBuffer. */
export function encodeFrame(args: {
  seq: number;
  positions: Float32Array;
  nodeCount: number;
  encoding: FrameEncoding;
  labels?: Uint32Array;
  bbox?: BoundingBox;
}): ArrayBuffer {
  const { seq, positions, nodeCount, encoding, labels } = args;
  if (positions.length < nodeCount * 3) throw new FrameError(`positions hold ${positions.length} values, need ${nodeCount * 3}`);
  if (labels && labels.length < nodeCount) throw new FrameError(`labels hold ${labels.length} values, need ${nodeCount}`);
  const bbox = args.bbox ?? computeBoundingBox(positions, nodeCount);
  const buf = new ArrayBuffer(frameByteLength(nodeCount, encoding, !!labels));
  const view = new DataView(buf);
  view.setUint32(0, FRAME_MAGIC, true);
  view.setUint16(4, FRAME_VERSION, true);
  view.setUint16(6, encoding, true);
  view.setUint32(8, seq >>> 0, true);
  view.setUint32(12, nodeCount, true);
  view.setUint32(16, labels ? FrameFlags.HasLabels : FrameFlags.None, true);
  view.setUint32(20, labels ? nodeCount : 0, true);
  for (let k = 0; k < 3; k++) {
    view.setFloat32(24 + 4 * k, bbox.min[k], true);
    view.setFloat32(36 + 4 * k, bbox.max[k], true);
  }
  const n3 = nodeCount * 3;
  if (encoding === FrameEncoding.Float32) {
    new Float32Array(buf, FRAME_HEADER_BYTES, n3).set(positions.subarray(0, n3));
  } else {
    const out = new Uint16Array(buf, FRAME_HEADER_BYTES, n3);
    // Read the box back as float32 so encoder and decoder use identical bounds.
    const lo = [view.getFloat32(24, true), view.getFloat32(28, true), view.getFloat32(32, true)];
    const hi = [view.getFloat32(36, true), view.getFloat32(40, true), view.getFloat32(44, true)];
    const scale = lo.map((l, k) => (hi[k] > l ? 65535 / (hi[k] - l) : 0));
    // One pass per axis: no modulo, no Math.round call per value (this runs for every frame sent).
    for (let k = 0; k < 3; k++) {
      const l = lo[k], sc = scale[k];
      for (let i = k; i < n3; i += 3) {
        const q = (positions[i] - l) * sc + 0.5;
        out[i] = q < 0 ? 0 : q > 65535 ? 65535 : q; // Uint16Array stores truncate: q + 0.5 rounds
      }
    }
  }
  if (labels) {
    new Uint32Array(buf, FRAME_HEADER_BYTES + align4(n3 * (encoding === FrameEncoding.Uint16 ? 2 : 4)), nodeCount).set(
      labels.subarray(0, nodeCount),
    );
  }
  return buf;
}

/** Decodes a frame; `into` is reused when it is large enough so the renderer allocates nothing per frame. */
export function decodeFrame(data: ArrayBuffer, into?: Float32Array): Frame {
  if (!(data instanceof ArrayBuffer)) throw new FrameError('expected an ArrayBuffer');
  if (data.byteLength < FRAME_HEADER_BYTES) throw new FrameError(`${data.byteLength} bytes is shorter than the ${FRAME_HEADER_BYTES}-byte header`);
  const view = new DataView(data);
  const magic = view.getUint32(0, true);
  if (magic !== FRAME_MAGIC) throw new FrameError(`wrong magic 0x${magic.toString(16)}`);
  const version = view.getUint16(4, true);
  if (version !== FRAME_VERSION) throw new FrameError(`unsupported version ${version}`);
  const encoding = view.getUint16(6, true) as FrameEncoding;
  if (encoding !== FrameEncoding.Float32 && encoding !== FrameEncoding.Uint16) throw new FrameError(`unknown encoding ${encoding}`);
  const seq = view.getUint32(8, true);
  const nodeCount = view.getUint32(12, true);
  const flags = view.getUint32(16, true);
  const labelCount = view.getUint32(20, true);
  const hasLabels = (flags & FrameFlags.HasLabels) !== 0;
  if (hasLabels && labelCount !== nodeCount) throw new FrameError(`label count ${labelCount} does not match node count ${nodeCount}`);
  const expected = frameByteLength(nodeCount, encoding, hasLabels);
  if (data.byteLength !== expected) throw new FrameError(`length ${data.byteLength} bytes, expected ${expected} for ${nodeCount} nodes`);
  const min: [number, number, number] = [view.getFloat32(24, true), view.getFloat32(28, true), view.getFloat32(32, true)];
  const max: [number, number, number] = [view.getFloat32(36, true), view.getFloat32(40, true), view.getFloat32(44, true)];
  const n3 = nodeCount * 3;
  const positions = into && into.length >= n3 ? into : new Float32Array(n3);
  if (encoding === FrameEncoding.Float32) {
    positions.set(new Float32Array(data, FRAME_HEADER_BYTES, n3));
  } else {
    const q = new Uint16Array(data, FRAME_HEADER_BYTES, n3);
    for (let k = 0; k < 3; k++) {
      const m = min[k], st = (max[k] - min[k]) / 65535;
      for (let i = k; i < n3; i += 3) positions[i] = m + q[i] * st;
    }
  }
  let labels: Uint32Array | undefined;
  if (hasLabels) {
    const off = FRAME_HEADER_BYTES + align4(n3 * (encoding === FrameEncoding.Uint16 ? 2 : 4));
    labels = new Uint32Array(data.slice(off, off + nodeCount * 4));
  }
  return { seq, nodeCount, encoding, bbox: { min, max }, positions, labels };
}

export function isFrame(data: ArrayBuffer): boolean {
  return data.byteLength >= 4 && new DataView(data).getUint32(0, true) === FRAME_MAGIC;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
