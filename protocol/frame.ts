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
// A Sparse frame (flag) carries only the nodes that moved since the frame before it on the same connection:
//  48  u32  changed count c
//  52  u32 x c  node indices, ascending
//      c * 3 values (f32, or u16 inside this frame's box), 4-byte aligned; then labels as above
// The receiver applies it on top of the positions it holds, so it must have applied every earlier frame.

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
  Sparse = 2,
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
  /** Nodes this frame carried when it was sparse (the rest kept their previous positions). */
  changed?: number;
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

export function frameByteLength(nodeCount: number, encoding: FrameEncoding, withLabels: boolean, sparseCount?: number): number {
  const per = encoding === FrameEncoding.Uint16 ? 2 : 4;
  const labelsBytes = withLabels ? nodeCount * 4 : 0;
  if (sparseCount !== undefined) return FRAME_HEADER_BYTES + 4 + sparseCount * 4 + align4(sparseCount * 3 * per) + labelsBytes;
  return FRAME_HEADER_BYTES + align4(nodeCount * 3 * per) + labelsBytes;
}

/** Encodes positions (xyz per node) into a fresh ArrayBuffer. */
export function encodeFrame(args: {
  seq: number;
  positions: Float32Array;
  nodeCount: number;
  encoding: FrameEncoding;
  labels?: Uint32Array;
  bbox?: BoundingBox;
  /** Sparse: only these node indices (ascending) are written; the box still spans every node. */
  changed?: Uint32Array;
}): ArrayBuffer {
  const { positions, nodeCount, changed } = args;
  if (positions.length < nodeCount * 3) throw new FrameError(`positions hold ${positions.length} values, need ${nodeCount * 3}`);
  const writer = new FrameWriter({ ...args, bbox: args.bbox ?? computeBoundingBox(positions, nodeCount) });
  if (changed) writer.writeSparse(positions, 0, changed.length);
  else writer.writeFull(positions, 0, nodeCount);
  return writer.buffer;
}

/**
 * One frame being written: the header, the sparse indices and the labels on construction, then the positions
 * a node range at a time, so a big frame can be written across several turns of the event loop. `held`, when
 * given, receives what the decoder will hold for each node written (the sender tracks it for sparse frames).
 */
export class FrameWriter {
  readonly buffer: ArrayBuffer;
  private readonly lo: [number, number, number];
  private readonly step: [number, number, number];
  private readonly scale: [number, number, number];
  private readonly q16: Uint16Array | undefined;
  private readonly f32: Float32Array | undefined;
  private readonly changed: Uint32Array | undefined;

  /** `reuse`: a buffer of a frame the receiver is done with, written over when it has this frame's length. */
  constructor(args: { seq: number; nodeCount: number; encoding: FrameEncoding; bbox: BoundingBox; labels?: Uint32Array; changed?: Uint32Array; reuse?: ArrayBuffer }) {
    const { seq, nodeCount, encoding, labels, changed, bbox, reuse } = args;
    if (labels && labels.length < nodeCount) throw new FrameError(`labels hold ${labels.length} values, need ${nodeCount}`);
    const length = frameByteLength(nodeCount, encoding, !!labels, changed?.length);
    const buf = (this.buffer = reuse?.byteLength === length ? reuse : new ArrayBuffer(length));
    const view = new DataView(buf);
    view.setUint32(0, FRAME_MAGIC, true);
    view.setUint16(4, FRAME_VERSION, true);
    view.setUint16(6, encoding, true);
    view.setUint32(8, seq >>> 0, true);
    view.setUint32(12, nodeCount, true);
    view.setUint32(16, (labels ? FrameFlags.HasLabels : 0) | (changed ? FrameFlags.Sparse : 0), true);
    view.setUint32(20, labels ? nodeCount : 0, true);
    for (let k = 0; k < 3; k++) {
      view.setFloat32(24 + 4 * k, bbox.min[k], true);
      view.setFloat32(36 + 4 * k, bbox.max[k], true);
    }
    // The box read back as float32, so encoder and decoder use identical bounds.
    const lo: [number, number, number] = [view.getFloat32(24, true), view.getFloat32(28, true), view.getFloat32(32, true)];
    const hi = [view.getFloat32(36, true), view.getFloat32(40, true), view.getFloat32(44, true)];
    this.lo = lo;
    this.scale = [0, 1, 2].map((k) => (hi[k] > lo[k] ? 65535 / (hi[k] - lo[k]) : 0)) as [number, number, number];
    this.step = [0, 1, 2].map((k) => (hi[k] - lo[k]) / 65535) as [number, number, number]; // as decodeFrame computes it
    let offset = FRAME_HEADER_BYTES;
    let values = nodeCount * 3;
    if (changed) {
      view.setUint32(offset, changed.length, true);
      new Uint32Array(buf, offset + 4, changed.length).set(changed);
      offset += 4 + changed.length * 4;
      values = changed.length * 3;
      this.changed = changed;
    }
    if (encoding === FrameEncoding.Float32) this.f32 = new Float32Array(buf, offset, values);
    else this.q16 = new Uint16Array(buf, offset, values);
    if (labels) {
      new Uint32Array(buf, offset + align4(values * (encoding === FrameEncoding.Uint16 ? 2 : 4)), nodeCount).set(labels.subarray(0, nodeCount));
    }
  }

  /** Nodes [from, to) of a full frame. */
  writeFull(positions: Float32Array, from: number, to: number, held?: Float32Array): void {
    this.write(positions, from, to, null, held);
  }

  /** Entries [from, to) of the sparse frame's changed list. */
  writeSparse(positions: Float32Array, from: number, to: number, held?: Float32Array): void {
    this.write(positions, from, to, this.changed!, held);
  }

  private write(positions: Float32Array, from: number, to: number, changed: Uint32Array | null, held: Float32Array | undefined): void {
    const f32 = this.f32;
    if (f32) {
      for (let c = from; c < to; c++) {
        const i = 3 * (changed ? changed[c] : c), o = 3 * c;
        f32[o] = positions[i];
        f32[o + 1] = positions[i + 1];
        f32[o + 2] = positions[i + 2];
        if (held) {
          held[i] = positions[i];
          held[i + 1] = positions[i + 1];
          held[i + 2] = positions[i + 2];
        }
      }
      return;
    }
    // This runs for every node of every frame sent: constants hoisted, one branch-free clamp per value.
    const q16 = this.q16!;
    const [l0, l1, l2] = this.lo, [s0, s1, s2] = this.scale, [t0, t1, t2] = this.step;
    for (let c = from; c < to; c++) {
      const i = changed ? 3 * changed[c] : 3 * c, o = 3 * c;
      const a = clampQ((positions[i] - l0) * s0 + 0.5), b = clampQ((positions[i + 1] - l1) * s1 + 0.5), d = clampQ((positions[i + 2] - l2) * s2 + 0.5);
      q16[o] = a;
      q16[o + 1] = b;
      q16[o + 2] = d;
      if (held) {
        held[i] = l0 + a * t0;
        held[i + 1] = l1 + b * t1;
        held[i + 2] = l2 + d * t2;
      }
    }
  }
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
  const sparse = (flags & FrameFlags.Sparse) !== 0;
  const changedCount = sparse && data.byteLength >= FRAME_HEADER_BYTES + 4 ? view.getUint32(FRAME_HEADER_BYTES, true) : undefined;
  if (sparse && changedCount === undefined) throw new FrameError('sparse frame without its changed count');
  if (changedCount !== undefined && changedCount > nodeCount) throw new FrameError(`sparse frame carries ${changedCount} of ${nodeCount} nodes`);
  const expected = frameByteLength(nodeCount, encoding, hasLabels, changedCount);
  if (data.byteLength !== expected) throw new FrameError(`length ${data.byteLength} bytes, expected ${expected} for ${nodeCount} nodes`);
  const min: [number, number, number] = [view.getFloat32(24, true), view.getFloat32(28, true), view.getFloat32(32, true)];
  const max: [number, number, number] = [view.getFloat32(36, true), view.getFloat32(40, true), view.getFloat32(44, true)];
  const n3 = nodeCount * 3;
  let offset = FRAME_HEADER_BYTES;
  let positions: Float32Array;
  let values: number;
  if (changedCount !== undefined) {
    if (!into || into.length < n3) throw new FrameError('a sparse frame needs the positions of the frames before it');
    positions = into;
    const changed = new Uint32Array(data, offset + 4, changedCount);
    offset += 4 + changedCount * 4;
    values = changedCount * 3;
    for (let c = 0; c < changedCount; c++) if (changed[c] >= nodeCount) throw new FrameError(`sparse frame names node ${changed[c]} of ${nodeCount}`);
    if (encoding === FrameEncoding.Float32) scatter(new Float32Array(data, offset, values), changed, positions);
    else {
      const q = new Uint16Array(data, offset, values);
      for (let c = 0; c < changedCount; c++) for (let k = 0; k < 3; k++) positions[3 * changed[c] + k] = dequantise(q[3 * c + k], min[k], max[k]);
    }
  } else {
    positions = into && into.length >= n3 ? into : new Float32Array(n3);
    values = n3;
    if (encoding === FrameEncoding.Float32) {
      positions.set(new Float32Array(data, offset, n3));
    } else {
      const q = new Uint16Array(data, offset, n3);
      for (let k = 0; k < 3; k++) {
        const m = min[k], st = (max[k] - min[k]) / 65535;
        for (let i = k; i < n3; i += 3) positions[i] = m + q[i] * st;
      }
    }
  }
  let labels: Uint32Array | undefined;
  if (hasLabels) {
    const off = offset + align4(values * (encoding === FrameEncoding.Uint16 ? 2 : 4));
    labels = new Uint32Array(data.slice(off, off + nodeCount * 4));
  }
  return { seq, nodeCount, encoding, bbox: { min, max }, positions, labels, changed: changedCount };
}

/** Sequence number and node count without decoding (e.g. to ack a frame that is not for the graph shown). */
export function peekFrame(data: ArrayBuffer): { seq: number; nodeCount: number; sparse: boolean } {
  if (!(data instanceof ArrayBuffer) || data.byteLength < FRAME_HEADER_BYTES) throw new FrameError('shorter than the header');
  const view = new DataView(data);
  if (view.getUint32(0, true) !== FRAME_MAGIC) throw new FrameError(`wrong magic 0x${view.getUint32(0, true).toString(16)}`);
  return { seq: view.getUint32(8, true), nodeCount: view.getUint32(12, true), sparse: (view.getUint32(16, true) & FrameFlags.Sparse) !== 0 };
}

/** The value a uint16 position decodes to: what the receiver will hold (the sender tracks it to send deltas). */
export function quantise(v: number, lo: number, hi: number): number {
  const q = (v - lo) * (hi > lo ? 65535 / (hi - lo) : 0) + 0.5;
  return q < 0 ? 0 : q > 65535 ? 65535 : Math.floor(q);
}
export function dequantise(q: number, lo: number, hi: number): number {
  return Math.fround(lo + q * ((hi - lo) / 65535)); // as the full-frame decode computes it
}

function scatter(values: Float32Array, changed: Uint32Array, positions: Float32Array): void {
  for (let c = 0; c < changed.length; c++) {
    const i = 3 * changed[c];
    positions[i] = values[3 * c];
    positions[i + 1] = values[3 * c + 1];
    positions[i + 2] = values[3 * c + 2];
  }
}

export function isFrame(data: ArrayBuffer): boolean {
  return data.byteLength >= 4 && new DataView(data).getUint32(0, true) === FRAME_MAGIC;
}

/** q + 0.5 (already added) truncated, inside 0..65535: the rounding quantise() does. */
function clampQ(q: number): number {
  return q < 0 ? 0 : q > 65535 ? 65535 : q | 0;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
