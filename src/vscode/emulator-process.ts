// The bundled emulator as a child process of the extension host: started with the host's
// own executable (Electron in desktop VS Code, hence ELECTRON_RUN_AS_NODE=1, as language
// clients do), on a free port, with its state in the extension's global storage so what
// users applied survives a restart. No `vscode` here: output goes to a sink.

import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface EmulatorEndpoint {
  server: string;
  kubeconfig: string;
  /** Another process (another VS Code window) runs the emulator on this state folder: we share it, we do not own it. */
  sharedWithPid?: number;
}

export interface EmulatorExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Nobody here asked it to stop (a crash, a kill, another window stopping it). */
  unexpected: boolean;
  /** It was another window's emulator, which we only shared. */
  shared: boolean;
}

export interface EmulatorProcessOptions {
  /** Path of dist/emulator.js. */
  script: string;
  stateDir: string;
  /** Where the emulator's stdout/stderr lines go (the output channel). */
  log: (line: string, stream: 'stdout' | 'stderr') => void;
  execPath?: string;
  /** Flags for the emulator's node (default: its larger young generation, as src/emulator/v8-flags.ts). */
  nodeFlags?: readonly string[];
  startTimeoutMs?: number;
  extraArgs?: string[];
  /** The pid this window registers as a user of the emulator (default: the extension host's). */
  userPid?: number;
}

const READY_LINE = /kube-emulator ready at (\S+) \(kubeconfig: (.+)\)/;

const IN_USE_LINE = /state directory .* is in use by process (\d+)/;

/**
 * Each window registers its extension host's pid in <state-dir>/users/ (the emulator's
 * --stop-when-unused reads them, see src/emulator/users.ts): the emulator outlives the window
 * that started it while other windows use it, and stops by itself this long after the last
 * registered process is gone, even one that crashed.
 */
export const USERS_DIR = 'users';
export const STOP_WHEN_UNUSED = '10s';

/** True if a process with this pid exists (EPERM: it exists but is another user's). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM, then SIGKILL after `graceMs`, to a process that is not our child; settles once it is gone. */
async function stopProcess(pid: number, graceMs: number): Promise<void> {
  const gone = async (ms: number): Promise<boolean> => {
    for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) if (!processAlive(pid)) return true;
    return !processAlive(pid);
  };
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (await gone(graceMs)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  await gone(2000);
}

/** What `node` says of a flag it does not take (an executable that takes fewer flags). */
const BAD_OPTION_LINE = /bad option: --/;

/**
 * The emulator's V8 heap sizes, which its process can only get at start: the same flags as
 * src/emulator/v8-flags.ts EMULATOR_NODE_FLAGS (the extension may not import the emulator).
 */
export const EMULATOR_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];

/** The endpoint of an emulator another window runs on the same state folder, from its kubeconfig. */
export function sharedEndpoint(stateDir: string, pid: number): EmulatorEndpoint | undefined {
  const kubeconfig = path.join(stateDir, 'kubeconfig');
  try {
    const server = /^\s*server:\s*(\S+)\s*$/m.exec(fs.readFileSync(kubeconfig, 'utf-8'))?.[1];
    return server ? { server, kubeconfig, sharedWithPid: pid } : undefined;
  } catch {
    return undefined;
  }
}

/** Parses the emulator's ready line: `kube-emulator ready at https://127.0.0.1:PORT (kubeconfig: PATH)`. */
export function parseReadyLine(line: string): EmulatorEndpoint | undefined {
  const m = READY_LINE.exec(line);
  return m ? { server: m[1], kubeconfig: m[2].trim() } : undefined;
}

export class EmulatorProcess {
  private child?: ChildProcess;
  private starting?: Promise<EmulatorEndpoint>;
  private current?: EmulatorEndpoint;
  private exitListeners = new Set<(exit: EmulatorExit) => void>();
  private readyListeners = new Set<(endpoint: EmulatorEndpoint) => void>();
  /** Set by stop(): the exit that follows is no surprise. */
  private stopRequested = false;
  /** Watches the pid of another window's emulator we share. */
  private sharedWatch?: NodeJS.Timeout;
  /** The port of the last run: a restart asks for it again so open connections recover by themselves. */
  private lastPort?: number;
  /** Dropped once the executable refuses them: the emulator runs without, only slower at scale. */
  private nodeFlags: readonly string[];

  constructor(private readonly options: EmulatorProcessOptions) {
    this.nodeFlags = options.nodeFlags ?? EMULATOR_NODE_FLAGS;
  }

  get endpoint(): EmulatorEndpoint | undefined {
    return this.current;
  }

  /** True while our child runs, or while we share another window's emulator. */
  get running(): boolean {
    return this.child !== undefined || this.current?.sharedWithPid !== undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Called when the emulator we run exits (after it was ready), or the one we share is gone. */
  onExit(listener: (exit: EmulatorExit) => void): { dispose(): void } {
    this.exitListeners.add(listener);
    return { dispose: () => this.exitListeners.delete(listener) };
  }

  /** Called each time an emulator this window started reports ready (a start, a restart after a crash). */
  onReady(listener: (endpoint: EmulatorEndpoint) => void): { dispose(): void } {
    this.readyListeners.add(listener);
    return { dispose: () => this.readyListeners.delete(listener) };
  }

  private get userPid(): number {
    return this.options.userPid ?? process.pid;
  }

  private registerUser(): void {
    const dir = path.join(this.options.stateDir, USERS_DIR);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, String(this.userPid)), '');
  }

  private unregisterUser(): void {
    fs.rmSync(path.join(this.options.stateDir, USERS_DIR, String(this.userPid)), { force: true });
  }

  /** Other windows' extension hosts registered as users of the emulator, and alive. */
  otherUsers(): number[] {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(this.options.stateDir, USERS_DIR));
    } catch {
      return [];
    }
    return names.filter((n) => /^\d+$/.test(n) && Number(n) !== this.userPid).map(Number).filter(processAlive);
  }

  /** Starts the emulator (or returns the running one); `fresh` discards its saved state. */
  start(fresh = false): Promise<EmulatorEndpoint> {
    if (this.starting) return this.starting;
    this.registerUser();
    if (this.current && (this.child || this.current.sharedWithPid)) return Promise.resolve(this.current);
    const port = this.lastPort;
    // The old port may have been taken meanwhile: then any free port will do.
    const started = port === undefined ? this.spawn(0, fresh) : this.spawn(port, fresh).catch(() => this.spawn(0, fresh));
    this.starting = started.finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private spawn(port: number, fresh: boolean): Promise<EmulatorEndpoint> {
    const flags = this.nodeFlags;
    const args = [...flags, this.options.script, '--port', String(port), '--state-dir', this.options.stateDir, '--stop-when-unused', STOP_WHEN_UNUSED, ...(fresh ? ['--fresh'] : []), ...(this.options.extraArgs ?? [])];
    this.stopRequested = false;
    const child = spawn(this.options.execPath ?? process.execPath, args, {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise<EmulatorEndpoint>((resolve, reject) => {
      let settled = false;
      let inUseBy: number | undefined;
      let flagRefused = false;
      const timeoutMs = this.options.startTimeoutMs ?? 60_000;
      const timer = setTimeout(() => fail(new Error(`the emulator did not report ready within ${timeoutMs / 1000} s`)), timeoutMs);
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(err);
      };
      const lines = (stream: 'stdout' | 'stderr') => {
        let buffered = '';
        return (chunk: Buffer) => {
          buffered += chunk.toString('utf-8');
          let cut: number;
          while ((cut = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, cut).replace(/\r$/, '');
            buffered = buffered.slice(cut + 1);
            this.options.log(line, stream);
            const inUse = IN_USE_LINE.exec(line);
            if (inUse) inUseBy = Number(inUse[1]);
            if (stream === 'stderr' && flags.length > 0 && BAD_OPTION_LINE.test(line)) flagRefused = true;
            const ready = stream === 'stdout' && !settled ? parseReadyLine(line) : undefined;
            if (ready) {
              settled = true;
              clearTimeout(timer);
              this.current = ready;
              const p = Number(new URL(ready.server).port);
              if (p) this.lastPort = p;
              resolve(ready);
              for (const l of [...this.readyListeners]) l(ready);
            }
          }
        };
      };
      child.stdout!.on('data', lines('stdout'));
      child.stderr!.on('data', lines('stderr'));
      child.on('error', (err) => fail(new Error(`cannot start the emulator: ${err.message}`)));
      child.on('exit', (code, signal) => {
        if (this.child === child) {
          this.child = undefined;
          this.current = undefined;
        }
        // Another window already runs the emulator on this state: connect to that one.
        const shared = !settled && inUseBy !== undefined ? sharedEndpoint(this.options.stateDir, inUseBy) : undefined;
        if (shared) {
          settled = true;
          clearTimeout(timer);
          this.current = shared;
          this.watchShared(shared, inUseBy!);
          resolve(shared);
          return;
        }
        if (!settled && flagRefused) {
          settled = true;
          clearTimeout(timer);
          this.options.log(`this executable does not take ${flags.join(' ')}: starting the emulator without`, 'stderr');
          this.nodeFlags = [];
          this.spawn(port, fresh).then(resolve, reject);
          return;
        }
        const wasReady = settled;
        fail(new Error(`the emulator exited before it was ready (${signal ?? `exit code ${code}`})`));
        if (wasReady) for (const l of [...this.exitListeners]) l({ code, signal, unexpected: !this.stopRequested, shared: false });
      });
    });
  }

  /** Polls the pid of the emulator another window runs: when it is gone, so is our endpoint. */
  private watchShared(endpoint: EmulatorEndpoint, pid: number): void {
    clearInterval(this.sharedWatch);
    this.sharedWatch = setInterval(() => {
      if (processAlive(pid)) return;
      clearInterval(this.sharedWatch);
      this.sharedWatch = undefined;
      if (this.current !== endpoint) return;
      this.current = undefined;
      // Started here next, it takes the same port, so open connections recover by themselves.
      const port = Number(new URL(endpoint.server).port);
      if (port) this.lastPort = port;
      for (const l of [...this.exitListeners]) l({ code: null, signal: null, unexpected: true, shared: true });
    }, 2000);
    this.sharedWatch.unref();
  }

  /** Stops the emulator: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    clearInterval(this.sharedWatch);
    this.sharedWatch = undefined;
    const shared = this.current?.sharedWithPid;
    if (shared !== undefined) {
      this.current = undefined;
      // Another window's emulator: while other windows use it, it is only forgotten here; the
      // last one using it (its starter has closed) stops it.
      if (this.otherUsers().length === 0) await stopProcess(shared, graceMs);
      return;
    }
    const child = this.child;
    if (!child) return;
    this.stopRequested = true;
    await this.starting?.catch(() => undefined);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /**
   * This window is done with the emulator (the extension deactivates): it stops the emulator
   * unless other windows use it, which then keep it running, whichever window started it.
   */
  async release(graceMs = 5000): Promise<void> {
    this.unregisterUser();
    const child = this.child;
    const others = child ? this.otherUsers() : [];
    if (!child || others.length === 0) return this.stop(graceMs);
    this.options.log(`the emulator keeps running for other windows (pids ${others.join(', ')})`, 'stderr');
    // Its output keeps draining while this host lives (a full pipe would block its writes),
    // and it no longer holds this host open.
    this.child = undefined;
    this.current = undefined;
    child.removeAllListeners('exit');
    for (const stream of [child.stdout, child.stderr]) {
      stream?.removeAllListeners('data');
      stream?.resume();
      (stream as unknown as { unref?: () => void } | null)?.unref?.();
    }
    child.unref();
  }
}
