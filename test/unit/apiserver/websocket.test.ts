// The API server's WebSocket: framing as RFC 6455 has it (masked client frames, fragments,
// control frames, limits), the closing handshake, and the channel protocol of `kubectl exec`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Duplex } from 'node:stream';
import { WebSocketConnection } from '../../../src/emulator/apiserver/websocket/connection';
import { encodeFrame, FrameError, FrameReader, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG, OP_TEXT } from '../../../src/emulator/apiserver/websocket/frames';
import { acceptResponse, chooseProtocol, handshakeProblem, isWebSocketUpgrade, offeredProtocols } from '../../../src/emulator/apiserver/websocket/handshake';
import { endStatus, serveRemoteCommand, type RemoteCommandEnd, type RemoteCommandOutput } from '../../../src/emulator/apiserver/remote-command';

/** A frame as a client sends it: masked, optionally not final. */
function clientFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const n = payload.length;
  const header = n < 126 ? Buffer.of((fin ? 0x80 : 0) | opcode, 0x80 | n) : n < 65536 ? Buffer.of((fin ? 0x80 : 0) | opcode, 0x80 | 126, n >> 8, n & 0xff) : Buffer.concat([Buffer.of((fin ? 0x80 : 0) | opcode, 0x80 | 127, 0, 0, 0, 0), (() => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; })()]);
  const mask = Buffer.of(0x12, 0x34, 0x56, 0x78);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]));
  return Buffer.concat([header, mask, masked]);
}

/** What the server wrote, read back as frames (ours are unmasked). */
function serverFrames(bytes: Buffer): { opcode: number; payload: Buffer }[] {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let i = 0;
  while (i < bytes.length) {
    const opcode = bytes[i] & 0x0f;
    let n = bytes[i + 1] & 0x7f;
    let o = i + 2;
    if (n === 126) {
      n = bytes.readUInt16BE(i + 2);
      o = i + 4;
    } else if (n === 127) {
      n = bytes.readUInt32BE(i + 6);
      o = i + 10;
    }
    frames.push({ opcode, payload: bytes.subarray(o, o + n) });
    i = o + n;
  }
  return frames;
}

class FakeSocket extends Duplex {
  written: Buffer[] = [];
  ended = false;
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.written.push(Buffer.from(chunk));
    cb();
  }
  override _final(cb: () => void): void {
    this.ended = true;
    cb();
  }
  override _read(): void {}
  frames(): { opcode: number; payload: Buffer }[] {
    return serverFrames(Buffer.concat(this.written));
  }
}

const tick = () => new Promise((r) => setImmediate(r));

test('the handshake answers the RFC 6455 sample key and agrees on the first of our protocols the client offers', () => {
  assert.match(acceptResponse('dGhlIHNhbXBsZSBub25jZQ==', 'v5.channel.k8s.io'), /^HTTP\/1\.1 101 Switching Protocols\r\n[\s\S]*Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=\r\nSec-WebSocket-Protocol: v5\.channel\.k8s\.io\r\n\r\n$/);
  const headers = { connection: 'keep-alive, Upgrade', upgrade: 'WebSocket', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13', 'sec-websocket-protocol': 'v4.channel.k8s.io, v5.channel.k8s.io' };
  assert.equal(isWebSocketUpgrade(headers), true);
  assert.equal(isWebSocketUpgrade({ ...headers, upgrade: 'SPDY/3.1' }), false);
  assert.equal(chooseProtocol(['v5.channel.k8s.io', 'v4.channel.k8s.io'], offeredProtocols(headers)), 'v5.channel.k8s.io');
  assert.equal(chooseProtocol(['v5.channel.k8s.io'], ['base64.channel.k8s.io']), undefined);
  assert.equal(handshakeProblem('GET', headers), undefined);
  assert.match(handshakeProblem('POST', headers) ?? '', /must be a GET/);
  assert.match(handshakeProblem('GET', { ...headers, 'sec-websocket-key': 'short' }) ?? '', /Sec-WebSocket-Key/);
  assert.match(handshakeProblem('GET', { ...headers, 'sec-websocket-version': '8' }) ?? '', /version 13/);
});

test('frames are unmasked, read across chunk boundaries, and sized with 7, 16 and 64-bit lengths', () => {
  const reader = new FrameReader(1 << 20);
  const big = Buffer.alloc(70_000, 7);
  const bytes = Buffer.concat([clientFrame(OP_BINARY, Buffer.from('hello')), clientFrame(OP_TEXT, Buffer.alloc(300, 1)), clientFrame(OP_BINARY, big)]);
  const frames = [];
  for (let i = 0; i < bytes.length; i += 1000) frames.push(...reader.push(bytes.subarray(i, i + 1000)));
  assert.deepEqual(frames.map((f) => [f.opcode, f.payload.length]), [[OP_BINARY, 5], [OP_TEXT, 300], [OP_BINARY, 70_000]]);
  assert.equal(frames[0].payload.toString(), 'hello');
  assert.ok(frames[2].payload.equals(big));
  for (const n of [0, 125, 126, 65535, 65536]) {
    const [f] = serverFrames(encodeFrame(OP_BINARY, Buffer.alloc(n, 3)));
    assert.equal(f.payload.length, n);
  }
});

test('bad frames are protocol errors with the close code RFC 6455 gives them', () => {
  const code = (bytes: Buffer, max = 1024): number => {
    try {
      new FrameReader(max).push(bytes);
      return 0;
    } catch (e) {
      assert.ok(e instanceof FrameError);
      return e.code;
    }
  };
  assert.equal(code(Buffer.of(0x82, 0x01, 0x41)), 1002, 'unmasked client frame');
  assert.equal(code(clientFrame(OP_BINARY, Buffer.alloc(2000))), 1009, 'over the limit');
  assert.equal(code(clientFrame(OP_PING, Buffer.alloc(126))), 1002, 'control frame over 125 bytes');
  assert.equal(code(clientFrame(OP_PING, Buffer.alloc(1), false)), 1002, 'fragmented control frame');
  assert.equal(code(clientFrame(0x3, Buffer.alloc(1))), 1002, 'reserved opcode');
  const rsv = clientFrame(OP_BINARY, Buffer.alloc(1));
  rsv[0] |= 0x40;
  assert.equal(code(rsv), 1002, 'RSV1 without an extension');
});

test('a connection reassembles fragments, answers pings, and echoes a close before ending', async () => {
  const socket = new FakeSocket();
  const conn = new WebSocketConnection(socket, Buffer.alloc(0), 1024);
  const got: string[] = [];
  let closed: [number, string] | undefined;
  conn.listen({ message: (d, binary) => got.push(`${binary ? 'b' : 't'}:${d.toString()}`), closed: (c, r) => (closed = [c, r]) });
  socket.push(Buffer.concat([clientFrame(OP_TEXT, Buffer.from('he'), false), clientFrame(OP_PING, Buffer.from('p')), clientFrame(0x0, Buffer.from('llo'), true)]));
  await tick();
  assert.deepEqual(got, ['t:hello']);
  assert.deepEqual(socket.frames(), [{ opcode: OP_PONG, payload: Buffer.from('p') }]);
  conn.send(Buffer.from('out'));
  socket.push(clientFrame(OP_CLOSE, Buffer.concat([Buffer.of(0x03, 0xe8), Buffer.from('bye')])));
  await tick();
  assert.deepEqual(closed, [1000, 'bye']);
  const frames = socket.frames();
  assert.deepEqual(frames.slice(1).map((f) => f.opcode), [OP_BINARY, OP_CLOSE]);
  assert.equal(frames[2].payload.readUInt16BE(0), 1000);
  assert.ok(socket.ended);
  conn.send(Buffer.from('late'));
  assert.equal(socket.frames().length, 3, 'nothing is sent after the close');
});

test('a message over the limit across fragments closes the connection with 1009', async () => {
  const socket = new FakeSocket();
  const conn = new WebSocketConnection(socket, Buffer.alloc(0), 10);
  let closed: number | undefined;
  conn.listen({ message: () => assert.fail('no message'), closed: (c) => (closed = c) });
  socket.push(Buffer.concat([clientFrame(OP_BINARY, Buffer.alloc(8), false), clientFrame(0x0, Buffer.alloc(8), true)]));
  await tick();
  assert.equal(closed, 1009);
  const close = socket.frames().at(-1)!;
  assert.equal(close.opcode, OP_CLOSE);
  assert.equal(close.payload.readUInt16BE(0), 1009);
});

interface FakeProcess {
  out: RemoteCommandOutput;
  done: (end: RemoteCommandEnd) => void;
  input: string[];
  ended: boolean;
  killed: boolean;
  sizes: [number, number][];
}

function session(protocol: string, streams: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean }) {
  const socket = new FakeSocket();
  const conn = new WebSocketConnection(socket, Buffer.alloc(0), 1 << 20);
  const p = { input: [], ended: false, killed: false, sizes: [] } as unknown as FakeProcess;
  serveRemoteCommand(conn, protocol, streams, ['sh', '-c', 'exit 3'], (out, done) => {
    p.out = out;
    p.done = done;
    return { input: (t) => p.input.push(t), endInput: () => (p.ended = true), resize: (w, h) => p.sizes.push([w, h]), kill: () => (p.killed = true) };
  });
  const channel = (n: number, text: string) => clientFrame(OP_BINARY, Buffer.concat([Buffer.of(n), Buffer.from(text)]));
  const received = () => socket.frames().filter((f) => f.opcode === OP_BINARY).map((f) => [f.payload[0], f.payload.subarray(1).toString()] as [number, string]);
  return { socket, p, channel, received };
}

test('exec streams: stdout on 1, stderr on 2, the exit code as a Status on 3, then a normal close', async () => {
  const s = session('v5.channel.k8s.io', { stdin: true, stdout: true, stderr: true, tty: false });
  s.socket.push(Buffer.concat([s.channel(0, 'typed\n'), s.channel(4, '{"Width":80,"Height":24}'), clientFrame(OP_BINARY, Buffer.of(255, 0))]));
  await tick();
  assert.deepEqual(s.p.input, ['typed\n']);
  assert.deepEqual(s.p.sizes, [], 'no resize without a tty');
  assert.equal(s.p.ended, true, 'v5 closes stdin with stream 255');
  s.p.out.stdout('out\n');
  s.p.out.stderr('err\n');
  s.p.done({ exitCode: 3 });
  s.p.done({ exitCode: 4 });
  const got = s.received();
  assert.deepEqual(got.slice(0, 2), [[1, 'out\n'], [2, 'err\n']]);
  assert.equal(got.length, 3, 'one Status only');
  assert.equal(got[2][0], 3);
  assert.deepEqual(JSON.parse(got[2][1]), endStatus({ exitCode: 3 }, ['sh', '-c', 'exit 3']));
  assert.equal(JSON.parse(got[2][1]).details.causes[0].message, '3');
  assert.equal(s.socket.frames().at(-1)!.opcode, OP_CLOSE);
});

test('with a tty stderr shows on the one terminal stream; resizes reach the process; v4 has no stream close', async () => {
  const s = session('v4.channel.k8s.io', { stdin: true, stdout: true, stderr: false, tty: true });
  s.socket.push(Buffer.concat([s.channel(4, '{"Width":120,"Height":40}'), s.channel(4, 'not json'), clientFrame(OP_BINARY, Buffer.of(255, 0))]));
  await tick();
  assert.deepEqual(s.p.sizes, [[120, 40]]);
  assert.equal(s.p.ended, false);
  s.p.out.stderr('oops\r\n');
  s.p.done({ exitCode: 0 });
  assert.deepEqual(s.received(), [[1, 'oops\r\n'], [3, '{"metadata":{},"status":"Success"}']]);
});

test('a client that goes away kills the command; no stdin requested ends its input at once', async () => {
  const s = session('v5.channel.k8s.io', { stdin: false, stdout: true, stderr: true, tty: false });
  assert.equal(s.p.ended, true);
  s.socket.push(s.channel(0, 'ignored'));
  s.socket.destroy();
  await tick();
  assert.deepEqual(s.p.input, []);
  assert.equal(s.p.killed, true);
});

test('a command the runtime cannot start ends as an InternalError Status, as the kubelet reports it', () => {
  const status = endStatus({ failure: 'exec: "nope": executable file not found in $PATH' }, ['nope']);
  assert.equal(status.code, 500);
  assert.equal(status.reason, 'InternalError');
  assert.equal(status.message, 'Internal error occurred: error executing command in container: exec: "nope": executable file not found in $PATH');
});
