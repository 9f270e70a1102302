// A shell in a pod's container, as `kubectl exec -it <pod> -- bash` opens one, through
// client-node's Exec (WebSocket, v5.channel.k8s.io) so it works against any cluster the
// kubeconfig reaches and needs no kubectl. bash first, then sh for images without bash.
import { PassThrough, Writable } from 'node:stream';
import { loadClientNode, type KubeConfig } from './client-node.js';

export interface ShellEvents {
  /** Terminal output (a tty: \r\n line ends, escape sequences as the container writes them). */
  output(text: string): void;
  /** The shell ended: its exit code, or why it could not run or went away. Called once. */
  exit(end: { code: number } | { error: string }): void;
}

export interface ShellSession {
  input(data: string): void;
  resize(columns: number, rows: number): void;
  close(): void;
}

const SHELLS = [['bash'], ['sh']];

/** The terminal the container's tty writes to: client-node reads its size and resize events. */
class TerminalOutput extends Writable {
  constructor(
    public columns: number,
    public rows: number,
    private readonly sink: (text: string) => void,
  ) {
    super({ decodeStrings: true });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.sink(chunk.toString('utf8'));
    callback();
  }
}

export async function openShell(kc: KubeConfig, namespace: string, pod: string, container: string, size: { columns: number; rows: number }, events: ShellEvents): Promise<ShellSession> {
  const k8s = await loadClientNode();
  const exec = new k8s.Exec(kc);
  let ended = false;
  let current: { stdin: PassThrough; out: TerminalOutput; socket?: { close(): void } } | undefined;
  const end = (result: { code: number } | { error: string }): void => {
    if (ended) return;
    ended = true;
    events.exit(result);
  };
  const start = async (attempt: number): Promise<void> => {
    const stdin = new PassThrough();
    let wrote = false;
    const out = new TerminalOutput(size.columns, size.rows, (text) => {
      wrote = true;
      events.output(text);
    });
    current = { stdin, out };
    try {
      const socket = await exec.exec(namespace, pod, container, SHELLS[attempt], out, null, stdin, true, (status) => {
        const missing = status.status === 'Failure' && status.reason === 'InternalError' && /executable file not found/.test(status.message ?? '');
        // No bash in the image: sh, as `kubectl exec -it ... -- sh` would be the next try.
        if (missing && !wrote && attempt + 1 < SHELLS.length) {
          void start(attempt + 1);
          return;
        }
        if (status.status === 'Success') end({ code: 0 });
        else if (status.reason === 'NonZeroExitCode') end({ code: Number(status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message ?? 1) });
        else end({ error: status.message ?? 'the command failed' });
      });
      if (current.stdin !== stdin) return;
      current.socket = socket;
      // A connection that drops without a final Status (the API server or node went away).
      socket.addEventListener?.('close', () => {
        if (current?.stdin === stdin) end({ error: 'the connection to the container closed' });
      });
    } catch (e) {
      end({ error: describeError(e) });
    }
  };
  await start(0);
  return {
    input: (data) => current?.stdin.write(data),
    resize: (columns, rows) => {
      size = { columns, rows };
      if (!current) return;
      current.out.columns = columns;
      current.out.rows = rows;
      current.out.emit('resize');
    },
    close: () => {
      ended = true;
      current?.socket?.close();
    },
  };
}

/** client-node rejects a failed upgrade with the WebSocket library's error event. */
function describeError(e: unknown): string {
  const err = e as { message?: unknown; error?: { message?: unknown } };
  const message = typeof err?.message === 'string' ? err.message : typeof err?.error?.message === 'string' ? err.error.message : String(e);
  const status = /Unexpected server response: (\d+)/.exec(message);
  if (status?.[1] === '403') return `${message}: the user of this context may not exec into the pod (needs get and create on pods/exec)`;
  if (status?.[1] === '404') return `${message}: the pod is gone`;
  return message;
}
