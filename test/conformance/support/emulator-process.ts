// Starts `node dist/emulator.js --port 0 --state-dir <tmp> --fresh` as its own process (as
// users run it), waits for its ready line, and cleans up the process and the temp dir.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { EMULATOR_NODE_FLAGS } from '../../../src/emulator/v8-flags';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const EMULATOR_JS = join(REPO_ROOT, 'dist', 'emulator.js');

let built = false;

/** Builds dist/ once per test process so the tests run the current sources. */
export function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [join(REPO_ROOT, 'esbuild.mjs')], { cwd: REPO_ROOT, stdio: 'pipe' });
  built = true;
}

export interface EmulatorProcess {
  url: string;
  kubeconfig: string;
  stateDir: string;
  child: ChildProcess;
  stderr(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL (crash) and wait for exit. */
  kill9(): Promise<void>;
}

export interface EmulatorProcessOptions {
  stateDir?: string;
  fresh?: boolean;
  timeoutMs?: number;
  /** Extra CLI flags for this emulator, e.g. ['--no-control-loops'] or ['--time-scale', '10']. */
  args?: string[];
}

export async function startEmulatorProcess(options: EmulatorProcessOptions = {}): Promise<EmulatorProcess> {
  buildOnce();
  if (!existsSync(EMULATOR_JS)) throw new Error(`${EMULATOR_JS} missing after build`);
  const ownDir = options.stateDir === undefined;
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'kube-emulator-'));
  // Started as the extension starts it: with the emulator's heap flags.
  const args = [...EMULATOR_NODE_FLAGS, EMULATOR_JS, '--port', '0', '--state-dir', stateDir];
  if (options.fresh ?? true) args.push('--fresh');
  args.push(...(options.args ?? []));
  // e.g. KUBE_EMULATOR_ARGS=--no-control-loops to run a whole suite against the API server alone.
  args.push(...(process.env.KUBE_EMULATOR_ARGS ?? '').split(/\s+/).filter((a) => a !== ''));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<string>((resolve, reject) => {
    // A start that fails leaves nothing behind: no process, no temp dir we made.
    let settled = false;
    const fail = (e: Error): void => {
      if (settled) return;
      settled = true;
      if (child.exitCode === null) child.kill('SIGKILL');
      if (ownDir) void exited.then(() => rmSync(stateDir, { recursive: true, force: true }));
      reject(e);
    };
    const timer = setTimeout(() => fail(new Error(`emulator not ready within ${options.timeoutMs ?? 20000} ms: ${err}`)), options.timeoutMs ?? 20000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const line = out.split('\n').find((l) => l.startsWith('kube-emulator ready at '));
      if (line && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`emulator exited with ${code} before ready: ${err}`));
    });
  });
  const m = /^kube-emulator ready at (\S+) \(kubeconfig: (.+)\)$/.exec(ready.trim());
  if (!m) throw new Error(`unexpected ready line: ${ready}`);
  return {
    url: m[1],
    kubeconfig: m[2],
    stateDir,
    child,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill9: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Starts a fresh emulator before the suite's tests and stops it (and removes its state) after:
 * the returned object stands for the running process once the suite's `before` hooks ran.
 */
export function useEmulatorProcess(options: EmulatorProcessOptions = {}): EmulatorProcess {
  let current: EmulatorProcess | undefined;
  let startError: unknown;
  before(async () => {
    try {
      current = await startEmulatorProcess(options);
    } catch (e) {
      startError = e;
      throw e;
    }
  });
  after(async () => {
    await current?.stop();
    if (current && options.stateDir === undefined) removeStateDir(current.stateDir);
  });
  return new Proxy({} as EmulatorProcess, {
    get: (_, key) => {
      if (!current) throw new Error(startError === undefined ? 'the emulator is not started yet: use it inside tests or later before hooks' : `the emulator did not start: ${startError instanceof Error ? startError.message : String(startError)}`);
      return current[key as keyof EmulatorProcess];
    },
  });
}

export function removeStateDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
