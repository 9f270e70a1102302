// Test support for the emulated exec: a manual clock for ExecTimers, an ExecTarget with
// overrides, and a handle that collects a started exec's output and result.
import { startExec, type ExecProcess, type ExecResult, type ExecTarget, type ExecTimers } from '../../../src/emulator/nodes/exec/process';

export const NOW = Date.UTC(2026, 10, 29, 22, 10, 5);
export const STARTED = Date.UTC(2026, 10, 29, 22, 0, 0);
const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Timers that fire only when the test moves the clock. */
export class ManualTimers implements ExecTimers {
  private t = NOW;
  private timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer = { at: this.t + ms, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Timers still waiting (not fired, not cancelled). */
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves the clock, firing due timers in order and letting the process react between them. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = end;
    await settle();
  }
}

/** Lets promise chains and queued work run to where they wait. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

export function target(overrides: Partial<ExecTarget> = {}): ExecTarget {
  const hostname = overrides.hostname ?? 'web-1';
  return {
    namespace: 'shop',
    podName: 'web-1',
    podUid: '0f2c5e8a-1b7d-4c1e-9a55-2d3f4b6c7d8e',
    hostname,
    podIP: '10.244.1.5',
    nodeName: 'kind-worker',
    hostIP: '172.18.0.3',
    containerName: 'main',
    image: 'busybox',
    mainCommand: ['sleep', '3600'],
    env: [
      { name: 'PATH', value: PATH },
      { name: 'HOSTNAME', value: hostname },
      { name: 'KUBERNETES_SERVICE_HOST', value: '10.96.0.1' },
      { name: 'GREETING', value: 'hello world' },
      { name: 'HOME', value: '/root' },
    ],
    kernelVersion: '6.8.0-emulated',
    dnsPolicy: 'ClusterFirst',
    hostNetwork: false,
    clusterDomain: 'cluster.local',
    dnsServiceIP: '10.96.0.10',
    startedAtMs: STARTED,
    ...overrides,
  };
}

export interface Run {
  proc: ExecProcess;
  timers: ManualTimers;
  /** What reached stdout and stderr, in arrival order per stream. */
  stdout: string;
  stderr: string;
  results: ExecResult[];
  /** stdout so far (a call, so assertions between keystrokes do not narrow its type). */
  screen(): string;
  /** The one result; fails when there is none or more than one. */
  readonly result: ExecResult;
  type(text: string): Promise<void>;
}

export interface StartOptions {
  image?: string;
  stdin?: boolean;
  tty?: boolean;
  target?: Partial<ExecTarget>;
}

/** Starts an exec and lets it run until it waits (or ends). */
export async function start(argv: string[], options: StartOptions = {}): Promise<Run> {
  const timers = new ManualTimers();
  const run = {
    timers,
    stdout: '',
    stderr: '',
    results: [] as ExecResult[],
    screen: () => run.stdout,
    get result(): ExecResult {
      if (run.results.length !== 1) throw new Error(`expected one result, got ${JSON.stringify(run.results)}`);
      return run.results[0];
    },
    async type(text: string) {
      run.proc.input(text);
      await settle();
    },
  } as Run;
  const t = target({ image: options.image ?? 'busybox', ...options.target });
  run.proc = startExec(
    t,
    argv,
    { stdin: options.stdin ?? false, tty: options.tty ?? false },
    { stdout: (s) => (run.stdout += s), stderr: (s) => (run.stderr += s) },
    (r) => run.results.push(r),
    timers,
  );
  // The transport ends the input at once when the client sends none.
  if (!options.stdin) run.proc.endInput();
  await settle();
  return run;
}

/** Runs a command to its end (no input) and returns its output and exit code. */
export async function exec(argv: string[], options: StartOptions = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  const run = await start(argv, options);
  const r = run.result;
  if (!('exitCode' in r)) throw new Error(`not started: ${r.notStarted}`);
  return { stdout: run.stdout, stderr: run.stderr, code: r.exitCode };
}

/** `sh -c script` in an image. */
export function sh(script: string, image = 'busybox', shell = 'sh'): Promise<{ stdout: string; stderr: string; code: number }> {
  return exec([shell, '-c', script], { image });
}

/** Feeds stdin without a terminal, ends it, and returns the result. */
export async function piped(argv: string[], input: string, image = 'busybox'): Promise<{ stdout: string; stderr: string; code: number }> {
  const run = await start(argv, { image, stdin: true });
  run.proc.input(input);
  run.proc.endInput();
  await settle();
  const r = run.result;
  if (!('exitCode' in r)) throw new Error(`not started: ${r.notStarted}`);
  return { stdout: run.stdout, stderr: run.stderr, code: r.exitCode };
}
