// A WebSocket connection over an upgraded socket: reassembles fragmented messages, answers
// pings, and runs the closing handshake. Messages are handed over whole; the limit bounds
// what one client can make the API server hold.
import type { Duplex } from 'node:stream';
import { closePayload, encodeFrame, FrameError, FrameReader, OP_BINARY, OP_CLOSE, OP_CONTINUATION, OP_PING, OP_PONG, OP_TEXT } from './frames';

export interface WebSocketHandlers {
  message(data: Buffer, binary: boolean): void;
  /** The connection is gone (closed by either side, or the socket failed); called once. */
  closed(code: number, reason: string): void;
}

/** A peer that has not answered our close frame in this time is cut off. */
const CLOSE_TIMEOUT_MS = 5_000;

export class WebSocketConnection {
  private readonly reader: FrameReader;
  private fragments: Buffer[] = [];
  private fragmentBytes = 0;
  private fragmentedBinary = false;
  private closeSent = false;
  private ended = false;
  private handlers?: WebSocketHandlers;

  constructor(
    private readonly socket: Duplex,
    head: Buffer,
    private readonly maxMessageBytes: number,
  ) {
    this.reader = new FrameReader(maxMessageBytes);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => this.finish(1006, 'socket error'));
    socket.on('close', () => this.finish(1006, 'connection lost'));
    if (head.length > 0) queueMicrotask(() => this.receive(head));
  }

  /** Starts delivering messages (bytes that came before wait in the socket). */
  listen(handlers: WebSocketHandlers): void {
    this.handlers = handlers;
  }

  get open(): boolean {
    return !this.ended && !this.closeSent;
  }

  send(data: Buffer, binary = true): void {
    if (!this.open) return;
    this.socket.write(encodeFrame(binary ? OP_BINARY : OP_TEXT, data));
  }

  /** Starts the closing handshake; the socket ends when the peer answers or after a timeout. */
  close(code = 1000, reason = ''): void {
    if (this.ended || this.closeSent) return;
    this.closeSent = true;
    this.socket.write(encodeFrame(OP_CLOSE, closePayload(code, reason)));
    const timer = setTimeout(() => this.socket.destroy(), CLOSE_TIMEOUT_MS);
    timer.unref();
    this.socket.once('close', () => clearTimeout(timer));
  }

  private receive(chunk: Buffer): void {
    if (this.ended) return;
    try {
      for (const frame of this.reader.push(chunk)) this.frame(frame.fin, frame.opcode, frame.payload);
    } catch (e) {
      const code = e instanceof FrameError ? e.code : 1011;
      this.close(code, e instanceof Error ? e.message : String(e));
      this.socket.end();
      this.finish(code, 'protocol error');
    }
  }

  private frame(fin: boolean, opcode: number, payload: Buffer): void {
    switch (opcode) {
      case OP_PING:
        if (!this.closeSent) this.socket.write(encodeFrame(OP_PONG, payload));
        return;
      case OP_PONG:
        return;
      case OP_CLOSE: {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        const reason = payload.subarray(2).toString('utf8');
        // Echo the close (unless we started it), then the server closes the TCP connection.
        if (!this.closeSent) {
          this.closeSent = true;
          this.socket.write(encodeFrame(OP_CLOSE, payload.length >= 2 ? closePayload(code, '') : Buffer.alloc(0)));
        }
        this.socket.end();
        this.finish(code, reason);
        return;
      }
      case OP_CONTINUATION:
        if (this.fragments.length === 0) throw new FrameError(1002, 'a continuation frame with no message to continue');
        this.collect(payload);
        if (fin) this.deliver(Buffer.concat(this.fragments), this.fragmentedBinary);
        return;
      default:
        if (this.fragments.length > 0) throw new FrameError(1002, 'a new message before the previous one ended');
        if (fin) {
          this.deliver(payload, opcode === OP_BINARY);
          return;
        }
        this.fragmentedBinary = opcode === OP_BINARY;
        this.collect(payload);
    }
  }

  private collect(payload: Buffer): void {
    this.fragmentBytes += payload.length;
    if (this.fragmentBytes > this.maxMessageBytes) throw new FrameError(1009, `message exceeds the limit of ${this.maxMessageBytes} bytes`);
    this.fragments.push(payload);
  }

  private deliver(data: Buffer, binary: boolean): void {
    this.fragments = [];
    this.fragmentBytes = 0;
    if (!this.ended && !this.closeSent) this.handlers?.message(data, binary);
  }

  private finish(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.handlers?.closed(code, reason);
  }
}
