// The remote command protocol (channel.k8s.io, versions 4 and 5) over a WebSocket: each
// binary message starts with its stream: 0 stdin, 1 stdout, 2 stderr, 3 the final Status,
// 4 terminal resizes; version 5 adds 255, a client closing one of its streams (stdin's end).
// As the kubelet's streaming server does, the command's end is a metav1.Status on stream 3:
// Success, NonZeroExitCode with the code as a cause, or an InternalError.
import type { WebSocketConnection } from './websocket/connection';

export const REMOTE_COMMAND_PROTOCOLS: readonly string[] = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;

/** A client's writes are small (keystrokes, piped input): larger messages close the connection. */
export const MAX_REMOTE_COMMAND_MESSAGE_BYTES = 1024 * 1024;

export interface RemoteCommandStreams {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface RemoteCommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** How a command ended: its exit code, or why it could not run (the runtime's words). */
export type RemoteCommandEnd = { exitCode: number } | { failure: string };

export interface RemoteProcess {
  input(text: string): void;
  endInput(): void;
  resize(cols: number, rows: number): void;
  kill(): void;
}

export type RemoteProcessStarter = (out: RemoteCommandOutput, done: (end: RemoteCommandEnd) => void) => RemoteProcess;

export interface RemoteCommandSession {
  /** Ends the command from outside (its container stopped): the process is killed, the client gets `end`. */
  terminate(end: RemoteCommandEnd): void;
}

/**
 * Runs one command's session over `conn` until the command ends or the client goes away;
 * `onEnd` runs once either way.
 */
export function serveRemoteCommand(conn: WebSocketConnection, protocol: string, streams: RemoteCommandStreams, command: readonly string[], start: RemoteProcessStarter, onEnd: () => void = () => undefined): RemoteCommandSession {
  const canClose = protocol === 'v5.channel.k8s.io';
  let finished = false;
  const write = (stream: number, text: string): void => {
    if (finished || text.length === 0) return;
    const bytes = Buffer.from(text, 'utf8');
    const message = Buffer.allocUnsafe(bytes.length + 1);
    message[0] = stream;
    bytes.copy(message, 1);
    conn.send(message);
  };
  const out: RemoteCommandOutput = {
    stdout: (text) => {
      if (streams.stdout) write(STDOUT, text);
    },
    // A terminal has one output: what the process writes to stderr shows on it.
    stderr: (text) => {
      if (streams.tty) out.stdout(text);
      else if (streams.stderr) write(STDERR, text);
    },
  };
  const done = (end: RemoteCommandEnd): void => {
    if (finished) return;
    finished = true;
    onEnd();
    const status = Buffer.from(JSON.stringify(endStatus(end, command)), 'utf8');
    conn.send(Buffer.concat([Buffer.of(ERROR), status]));
    conn.close(1000);
  };
  const proc = start(out, done);
  conn.listen({
    message: (data, binary) => {
      if (finished || data.length === 0) return;
      if (!binary) {
        conn.close(1003, 'the channel protocols carry binary messages only');
        return;
      }
      const stream = data[0];
      const payload = data.subarray(1);
      if (stream === STDIN) {
        if (streams.stdin) proc.input(payload.toString('utf8'));
      } else if (stream === RESIZE) {
        const size = terminalSize(payload);
        if (size && streams.tty) proc.resize(size.width, size.height);
      } else if (stream === CLOSE && canClose) {
        if (payload[0] === STDIN && streams.stdin) proc.endInput();
      }
    },
    closed: () => {
      if (finished) return;
      finished = true;
      onEnd();
      proc.kill();
    },
  });
  // No stdin requested: the process sees its input end at once (as with </dev/null).
  if (!streams.stdin) proc.endInput();
  return {
    terminate: (end) => {
      if (finished) return;
      proc.kill();
      done(end);
    },
  };
}

function terminalSize(payload: Buffer): { width: number; height: number } | undefined {
  try {
    const size = JSON.parse(payload.toString('utf8')) as { Width?: unknown; Height?: unknown };
    const width = Number(size.Width);
    const height = Number(size.Height);
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) return undefined;
    return { width, height };
  } catch {
    return undefined;
  }
}

/** The Status the kubelet's streaming server writes when a command ends. */
export function endStatus(end: RemoteCommandEnd, command: readonly string[]): Record<string, unknown> {
  if ('failure' in end) {
    const cause = `error executing command in container: ${end.failure}`;
    return { metadata: {}, status: 'Failure', message: `Internal error occurred: ${cause}`, reason: 'InternalError', details: { causes: [{ message: cause }] }, code: 500 };
  }
  if (end.exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${end.exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(end.exitCode) }] },
  };
}
