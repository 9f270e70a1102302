// `kubectl exec`'s process in a simulated container. Nothing runs on the machine: the command
// is looked up in the image's emulated file system and run by the emulated program, with the
// container's environment, the pod's hostname and files, and the terminal's line discipline.
// The WebSocket transport (channel.k8s.io) drives it through ExecProcess.
import type { Env, Io, Machine, ProcessEntry } from './context';
import { defaultMainCommand, imageFamily } from './image';
import { LineDiscipline } from './line-discipline';
import { lookupProgram } from './path-lookup';
import { PROGRAMS } from './programs';
import { buildRootFs } from './rootfs';
import { ExitShell, Interrupted, INTERRUPTED_STATUS, Signals } from './signals';
import { InputQueue } from './stdin';

export interface ExecTarget {
  namespace: string;
  podName: string;
  podUid: string;
  /** spec.hostname or the pod name */ hostname: string;
  subdomain?: string;
  podIP: string;
  nodeName: string;
  hostIP: string;
  containerName: string;
  image: string;
  /** The container's own command + args (for `ps` and /proc/1/cmdline); empty: the image's default (e.g. nginx: ["nginx","-g","daemon off;"], else ["sh"]). */
  mainCommand: string[];
  env: Array<{ name: string; value: string }>;
  kernelVersion: string; // e.g. '6.8.0-emulated'
  dnsPolicy: string;
  hostNetwork: boolean;
  clusterDomain: string;
  dnsServiceIP: string; // 'cluster.local', '10.96.0.10'
  startedAtMs: number;
}
export interface ExecOptions {
  stdin: boolean;
  tty: boolean;
}
export interface ExecOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}
export type ExecResult = { exitCode: number } | { notStarted: string /* the runtime's message, e.g. exec: "foo": executable file not found in $PATH */ };
export interface ExecProcess {
  input(text: string): void;
  endInput(): void;
  resize(cols: number, rows: number): void;
  kill(): void;
}
export interface ExecTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

/** The exec's first PID: small, after 1, as runc's setup of an exec takes a few before it. */
const EXEC_PID = 7;
/**
 * Input a command has not read is held in the API server's memory; past this the exec ends
 * (a real pipe would block the sender; ending it says so instead of dropping the input).
 */
export const MAX_UNREAD_INPUT_CHARS = 4 * 1024 * 1024;

export function startExec(target: ExecTarget, argv: string[], options: ExecOptions, out: ExecOutput, done: (result: ExecResult) => void, timers: ExecTimers): ExecProcess {
  const signals = new Signals();
  let finished = false;
  const finish = (result: ExecResult) => {
    if (finished || signals.killed) return;
    finished = true;
    done(result);
  };
  // A terminal has one output, and its ONLCR turns each \n into \r\n.
  const write = (stream: 'stdout' | 'stderr') => (text: string) => {
    if (finished || signals.killed || text === '') return;
    if (options.tty) out.stdout(text.replace(/\n/g, '\r\n'));
    else out[stream](text);
  };
  const family = imageFamily(target.image);
  const processes: ProcessEntry[] = [{ pid: 1, argv: target.mainCommand.length > 0 ? target.mainCommand : defaultMainCommand(target.image) }];
  let nextPid = EXEC_PID;
  const machine: Machine = {
    target,
    family,
    fs: buildRootFs(target, family, () => timers.now(), () => processes),
    now: () => timers.now(),
    sleep: (ms) =>
      signals.wait<void>((resolve) => {
        if (!Number.isFinite(ms)) return () => {};
        const timer = timers.setTimeout(() => resolve(), Math.max(0, ms));
        return () => timer.cancel();
      }),
    processes,
    terminal: { cols: 80, rows: 24 },
    spawn: async (found, args, env, io, cwd, replacing) => {
      const program = PROGRAMS[found.program];
      if (replacing) {
        replacing.argv = args;
        return program({ machine, io, env, cwd, pid: replacing.pid }, args);
      }
      const entry = { pid: nextPid++, argv: args };
      processes.push(entry);
      try {
        return await program({ machine, io, env, cwd, pid: entry.pid }, args);
      } finally {
        processes.splice(processes.indexOf(entry), 1);
      }
    },
  };

  const input = new InputQueue(signals, options.tty);
  if (!options.stdin) input.end();
  const discipline = options.tty
    ? new LineDiscipline(write('stdout'), {
        line: (text) => input.push(`${text}\n`),
        interrupt: () => {
          input.discardPending();
          signals.interrupt();
        },
        endOfInput: () => input.endOneRead(),
      })
    : undefined;
  const io: Io = { stdout: write('stdout'), stderr: write('stderr'), stdin: input, tty: options.tty, ttyIn: options.tty && options.stdin };
  const env: Env = new Map(target.env.map((e) => [e.name, e.value]));

  const found = lookupProgram(machine.fs, argv[0] ?? '', env.get('PATH'), '/');
  if ('error' in found) {
    // runc's words (Go's exec.LookPath); the transport wraps them as containerd does.
    const name = argv[0] ?? '';
    const message =
      found.error === 'not-found' ? `exec: "${name}": executable file not found in $PATH` : found.error === 'missing' ? `exec: "${name}": stat ${name}: no such file or directory` : `exec: "${name}": permission denied`;
    void Promise.resolve().then(() => finish({ notStarted: message }));
  } else {
    machine.spawn(found, argv, env, io, '/').then(
      (exitCode) => finish({ exitCode }),
      (e: unknown) => {
        if (e instanceof Interrupted) finish({ exitCode: INTERRUPTED_STATUS });
        else if (e instanceof ExitShell) finish({ exitCode: e.status });
        else {
          io.stderr(`${argv[0]}: internal error of the emulated container: ${e instanceof Error ? e.message : String(e)}\n`);
          finish({ exitCode: 1 });
        }
      },
    );
  }

  return {
    input(text) {
      if (finished || signals.killed || !options.stdin) return;
      if (discipline) discipline.input(text);
      else input.push(text);
      if (input.queuedChars > MAX_UNREAD_INPUT_CHARS) {
        write('stderr')(`kube-emulator: the command left more than ${MAX_UNREAD_INPUT_CHARS} characters of its input unread; this exec is ended\n`);
        finish({ exitCode: 1 });
        signals.kill();
      }
    },
    endInput: () => input.end(),
    resize(cols, rows) {
      if (cols > 0 && rows > 0) machine.terminal = { cols, rows };
    },
    kill() {
      signals.kill();
    },
  };
}
