// The on-disk framing shared by WAL and snapshot files: [u32 length][u32 crc32][payload].
// A torn tail (crash mid-append) shows up as a short frame or a checksum mismatch.

import { isAscii } from 'node:buffer';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

export const FRAME_HEADER = 8;
const READ_CHUNK = 16 * 1024 * 1024;

/** A read buffer to reuse across readFrames calls (visitors must not keep payload views). */
export interface ReadScratch {
  buffer?: Buffer;
}
/** Larger frames are corruption, not data (kube-apiserver caps objects far below this). */
const MAX_PAYLOAD = 256 * 1024 * 1024;

export const crc32: (data: Uint8Array) => number = (zlib as { crc32?: (data: Uint8Array) => number }).crc32 ?? tableCrc32;

/** Writes the frame header for the payload at buf[at + 8, at + 8 + length). */
export function sealFrame(buf: Buffer, at: number, length: number): void {
  buf.writeUInt32LE(length, at);
  buf.writeUInt32LE(crc32(buf.subarray(at + FRAME_HEADER, at + FRAME_HEADER + length)), at + 4);
}

/**
 * Receives each frame's payload, and a decoder of payload[start, end) as a UTF-8 string.
 * Decoded text of ASCII bytes is a slice of one string made per read chunk (kept outside
 * V8's heap): restoring 150k objects then allocates no per-object string data, which
 * otherwise costs seconds of garbage collection.
 */
export type FrameVisitor = (payload: Buffer, text: (start: number, end?: number) => string) => void;

export interface ReadFramesResult {
  /** Byte offset just after the last intact frame. */
  goodLength: number;
  /** Why reading stopped before the end of the file, if it did. */
  torn?: string;
}

/**
 * Reads every intact frame of a file in order, in chunks (a 450 MB snapshot need not
 * be in memory at once). Stops at the first short or corrupt frame.
 */
export function readFrames(path: string, visit: FrameVisitor, scratch: ReadScratch = {}): ReadFramesResult {
  const fd = fs.openSync(path, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const want = Math.min(READ_CHUNK, Math.max(size, FRAME_HEADER));
    // One read buffer for all the files of a recovery: a fresh 16 MB per WAL file makes V8
    // collect garbage for the external memory it sees growing.
    if (!scratch.buffer || scratch.buffer.length < want) scratch.buffer = Buffer.allocUnsafe(want);
    let buf = scratch.buffer;
    let bufStart = 0; // file offset of buf[0]
    let bufLen = 0;
    let pos = 0; // file offset of the next frame
    let chunkText: string | undefined; // buf[0, bufLen) as latin1, made on first use
    let payloadStart = 0; // offset in buf of the current payload
    const text = (start: number, end = payloadEnd - payloadStart): string => {
      const bytes = buf.subarray(payloadStart + start, payloadStart + end);
      if (!isAscii(bytes)) return bytes.toString('utf8');
      chunkText ??= buf.toString('latin1', 0, bufLen);
      return chunkText.slice(payloadStart + start, payloadStart + end);
    };
    let payloadEnd = 0;
    const fill = (need: number): boolean => {
      // Ensures buf holds [pos, pos + need); false at end of file.
      if (pos + need > size) return false;
      if (pos + need <= bufStart + bufLen) return true;
      const keep = bufStart + bufLen - pos;
      if (need > buf.length) {
        const bigger = Buffer.allocUnsafe(need);
        buf.copy(bigger, 0, pos - bufStart, pos - bufStart + keep);
        buf = bigger;
      } else {
        buf.copy(buf, 0, pos - bufStart, pos - bufStart + keep);
      }
      bufStart = pos;
      bufLen = keep;
      chunkText = undefined;
      while (bufLen < need) {
        const n = fs.readSync(fd, buf, bufLen, buf.length - bufLen, bufStart + bufLen);
        if (n === 0) return false;
        bufLen += n;
      }
      return true;
    };
    while (pos < size) {
      if (!fill(FRAME_HEADER)) return { goodLength: pos, torn: `short frame header at byte ${pos}` };
      const length = buf.readUInt32LE(pos - bufStart);
      const sum = buf.readUInt32LE(pos - bufStart + 4);
      // Zeros to the end: the unused part of a preallocated WAL file. Zeros and then data: a
      // hole left by a crash while batches were being written at their own offsets.
      if (length === 0) return zerosToEnd(fd, pos, size) ? { goodLength: pos } : { goodLength: pos, torn: `zero-filled gap at byte ${pos}` };
      if (length > MAX_PAYLOAD) return { goodLength: pos, torn: `implausible frame length ${length} at byte ${pos}` };
      if (!fill(FRAME_HEADER + length)) return { goodLength: pos, torn: `short frame at byte ${pos}` };
      payloadStart = pos - bufStart + FRAME_HEADER;
      payloadEnd = payloadStart + length;
      const payload = buf.subarray(payloadStart, payloadEnd);
      if (crc32(payload) !== sum) return { goodLength: pos, torn: `checksum mismatch at byte ${pos}` };
      visit(payload, text);
      pos += FRAME_HEADER + length;
    }
    return { goodLength: pos };
  } finally {
    fs.closeSync(fd);
  }
}

const ZEROS = Buffer.alloc(1024 * 1024);

function zerosToEnd(fd: number, from: number, size: number): boolean {
  const buf = Buffer.allocUnsafe(ZEROS.length);
  for (let pos = from; pos < size; ) {
    const n = fs.readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
    if (n === 0) return true;
    if (buf.compare(ZEROS, 0, n, 0, n) !== 0) return false;
    pos += n;
  }
  return true;
}

let table: Int32Array | undefined;

/** CRC-32 (IEEE), for Node versions without zlib.crc32. */
function tableCrc32(data: Uint8Array): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
