// Gzip read member by member (RFC 1952): each member's header parsed here, its deflate data through zlib's
// inflateRaw, which stops at the member's end and says how many bytes it used, so the reader knows where the
// next member (concatenated gzip, bgzip) or the end is. Bytes after the last member that are not another member
// are ignored, as `gzip -d` does (with a warning); Node's gunzip refuses the whole file for them and loses the
// data it had inflated. Each member's CRC-32 and length are checked; every error names the byte offset it was
// found at.
import type { FileHandle } from 'node:fs/promises';
import { crc32, createInflateRaw } from 'node:zlib';

const CHUNK = 1 << 20;
const FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16;

export class GzipError extends Error {
  readonly code = 'BAD_GZIP';
}

/** Header length of the member at the start of `b`; 0 when `b` is too short to tell; -1 when it is no member. */
export function gzipHeaderLength(b: Buffer): number {
  if (b.length < 10) return b.length >= 2 && (b[0] !== 0x1f || b[1] !== 0x8b) ? -1 : 0;
  if (b[0] !== 0x1f || b[1] !== 0x8b) return -1;
  if (b[2] !== 8) throw new GzipError(`compression method ${b[2]} is not deflate (8)`);
  const flags = b[3];
  let at = 10;
  if (flags & FEXTRA) {
    if (b.length < at + 2) return 0;
    at += 2 + b.readUInt16LE(at);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const zero = b.indexOf(0, at);
    if (zero < 0) return 0;
    at = zero + 1;
  }
  if (flags & FHCRC) at += 2;
  return at <= b.length ? at : 0;
}

/** Inflated chunks of every member of the gzip file open as `fh` (`size` bytes); `onRead` gets the compressed
 *  bytes read so far. */
export async function* gunzipMembers(fh: FileHandle, size: number, onRead: (bytes: number) => void): AsyncGenerator<Buffer> {
  let pos = 0;
  for (let member = 0; pos < size; member++) {
    // The header: it fits in the first 64 KiB unless a name or comment is absurd.
    const head = Buffer.alloc(Math.min(64 * 1024, size - pos));
    await fh.read(head, 0, head.length, pos);
    const h = gzipHeaderLength(head);
    if (h < 0 || (h === 0 && member > 0)) {
      if (member === 0) throw new GzipError('not a gzip file (no gzip header at byte 0)');
      return; // not another member: trailing bytes, ignored as gzip -d does
    }
    if (h === 0) throw new GzipError(`the gzip header at byte ${pos} is cut short`);
    const inflater = createInflateRaw({ chunkSize: CHUNK });
    const out: Buffer[] = [];
    let failed: Error | undefined;
    let ended = false;
    let crc = 0;
    let length = 0;
    inflater.on('data', (d: Buffer) => {
      crc = crc32(d, crc);
      length = (length + d.length) >>> 0;
      out.push(d);
    });
    inflater.on('error', (e) => (failed = e));
    inflater.on('end', () => (ended = true));
    const start = pos + h;
    let read = start;
    // Destroyed however this member ends: done, failed, or the reader stopping early (a cancel).
    try {
      while (!ended) {
        if (failed) throw new GzipError(`${failed.message} in the member at byte ${pos}, within bytes ${start}..${read}`);
        if (read >= size) {
          // The end, an error, or the stream closing after an error that came before this wait.
          const settled = new Promise<void>((resolve) => {
            for (const event of ['end', 'error', 'close']) inflater.once(event, () => resolve());
          });
          inflater.end();
          if (!ended && !failed && !inflater.destroyed) await settled;
          if (failed) throw new GzipError(`${(failed as Error).message} in the member at byte ${pos}: the file ends inside it`);
          if (!ended) throw new GzipError(`the file ends inside the gzip member at byte ${pos}`);
          break;
        }
        const buf = Buffer.alloc(Math.min(CHUNK, size - read));
        const { bytesRead } = await fh.read(buf, 0, buf.length, read);
        read += bytesRead;
        onRead(read);
        // Written, or failed (an error destroys the stream and its write callback may never come).
        await new Promise<void>((resolve) => {
          inflater.once('close', resolve);
          inflater.write(buf.subarray(0, bytesRead), () => {
            inflater.off('close', resolve);
            resolve();
          });
        });
        yield* out.splice(0);
      }
      yield* out.splice(0);
      if (failed) throw new GzipError(`${(failed as Error).message} in the member at byte ${pos}`);
    } finally {
      inflater.destroy();
    }
    // Past the deflate data: the 8-byte trailer (CRC-32, length mod 2^32), then maybe another member.
    const trailerAt = start + inflater.bytesWritten;
    const trailer = Buffer.alloc(8);
    const { bytesRead } = await fh.read(trailer, 0, 8, trailerAt);
    if (bytesRead < 8) throw new GzipError(`the file ends inside the trailer of the gzip member at byte ${pos}`);
    if (trailer.readUInt32LE(0) !== crc >>> 0 || trailer.readUInt32LE(4) !== length) {
      throw new GzipError(`the data of the gzip member at byte ${pos} does not match its checksum (CRC-32 or length, at byte ${trailerAt})`);
    }
    pos = trailerAt + 8;
  }
}
