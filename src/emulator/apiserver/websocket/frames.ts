// RFC 6455 framing, the server's side: clients' frames arrive masked and are unmasked here;
// ours go out unmasked. Only what a reader needs to reassemble messages and answer control
// frames; extensions (permessage-deflate) are never negotiated, so RSV bits must be zero.

export const OP_CONTINUATION = 0x0;
export const OP_TEXT = 0x1;
export const OP_BINARY = 0x2;
export const OP_CLOSE = 0x8;
export const OP_PING = 0x9;
export const OP_PONG = 0xa;

export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/** A violation of the protocol, closing the connection with `code` (1002 protocol error, 1009 too big). */
export class FrameError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads frames from the bytes of a stream, as many as have arrived whole. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameBytes: number) {}

  /** Appends `chunk` and returns every frame now complete; throws FrameError on a bad frame. */
  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  private next(): Frame | undefined {
    const b = this.pending;
    if (b.length < 2) return undefined;
    const fin = (b[0] & 0x80) !== 0;
    if ((b[0] & 0x70) !== 0) throw new FrameError(1002, 'reserved bits set without a negotiated extension');
    const opcode = b[0] & 0x0f;
    const masked = (b[1] & 0x80) !== 0;
    if (!masked) throw new FrameError(1002, 'a client frame must be masked');
    let length = b[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return undefined;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return undefined;
      const high = b.readUInt32BE(2);
      if (high !== 0) throw new FrameError(1009, 'frame too large');
      length = b.readUInt32BE(6);
      offset = 10;
    }
    if (opcode >= 0x8) {
      if (!fin || length > 125) throw new FrameError(1002, 'a control frame must be final and at most 125 bytes');
      if (opcode > OP_PONG) throw new FrameError(1002, `unknown opcode ${opcode}`);
    } else if (opcode > OP_BINARY) {
      throw new FrameError(1002, `unknown opcode ${opcode}`);
    }
    if (length > this.maxFrameBytes) throw new FrameError(1009, `frame of ${length} bytes exceeds the limit of ${this.maxFrameBytes}`);
    if (b.length < offset + 4 + length) return undefined;
    const mask = b.subarray(offset, offset + 4);
    const payload = Buffer.from(b.subarray(offset + 4, offset + 4 + length));
    for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
    this.pending = b.subarray(offset + 4 + length);
    return { fin, opcode, payload };
  }
}

/** One whole, unmasked frame (a server never fragments what it sends). */
export function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const headerLength = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + n);
  frame[0] = 0x80 | opcode;
  if (n < 126) {
    frame[1] = n;
  } else if (n < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(0, 2);
    frame.writeUInt32BE(n, 6);
  }
  payload.copy(frame, headerLength);
  return frame;
}

/** A close frame's payload: the status code, then a reason of at most 123 bytes. */
export function closePayload(code: number, reason: string): Buffer {
  const text = Buffer.from(reason, 'utf8').subarray(0, 123);
  const payload = Buffer.allocUnsafe(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return payload;
}
