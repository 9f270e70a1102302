// Several VS Code windows on one emulator: the window that started it may close while another
// uses it (the emulator keeps serving), and the emulator stops by itself once no window that
// registered is alive, whether it released it or crashed. The real dist/emulator.js, started
// the way the extension starts it (src/vscode/emulator-process.ts).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, before, describe, it } from 'node:test';
import { EmulatorProcess, USERS_DIR } from '../../src/vscode/emulator-process';
import { buildOnce, EMULATOR_JS } from './support/emulator-process';

/** A process standing for another window's extension host. */
function otherHost(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, probe: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** /readyz through the kubeconfig's CA: 200 while the emulator serves. */
function readyz(server: string, kubeconfig: string): Promise<number> {
  const ca = Buffer.from(/certificate-authority-data:\s*(\S+)/.exec(readFileSync(kubeconfig, 'utf8'))![1], 'base64').toString();
  return new Promise((resolve) => {
    const req = request(`${server}/readyz`, { ca, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

describe('the emulator shared by several windows', () => {
  let stateDir: string;
  const hosts: ChildProcess[] = [];
  const windows: EmulatorProcess[] = [];
  const emulatorPids: number[] = [];
  const logged: string[] = [];

  before(() => buildOnce());
  afterEach(async () => {
    for (const w of windows.splice(0)) await w.stop();
    for (const h of hosts.splice(0)) h.kill('SIGKILL');
    for (const pid of emulatorPids.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
  });

  /** A window's emulator process manager; `userPid` stands for that window's extension host. */
  function window(userPid: number): EmulatorProcess {
    const w = new EmulatorProcess({
      script: EMULATOR_JS,
      stateDir,
      userPid,
      startTimeoutMs: 30_000,
      // The last flag wins: a short grace keeps the test short.
      extraArgs: ['--no-control-loops', '--stop-when-unused', '1s'],
      log: (line) => logged.push(line),
    });
    windows.push(w);
    return w;
  }

  async function startOwner(): Promise<{ owner: EmulatorProcess; server: string; kubeconfig: string; pid: number }> {
    stateDir = mkdtempSync(join(tmpdir(), 'kube-emulator-users-'));
    const owner = window(process.pid);
    const endpoint = await owner.start();
    const pid = owner.pid!;
    emulatorPids.push(pid);
    assert.ok(existsSync(join(stateDir, USERS_DIR, String(process.pid))), 'the starting window registered');
    return { owner, server: endpoint.server, kubeconfig: endpoint.kubeconfig, pid };
  }

  it('stops at once when the only window that uses it releases it', async () => {
    const { owner, pid } = await startOwner();
    await owner.release();
    assert.equal(alive(pid), false);
    assert.equal(existsSync(join(stateDir, USERS_DIR, String(process.pid))), false);
  });

  it('keeps serving a second window after the first closes, and stops once the second releases it', async () => {
    const { owner, server, kubeconfig, pid } = await startOwner();
    const host = otherHost();
    hosts.push(host);
    const second = window(host.pid!);
    const shared = await second.start();
    assert.equal(shared.sharedWithPid, pid, 'the second window shares the running emulator');
    assert.equal(shared.server, server);

    await owner.release();
    assert.ok(logged.includes(`the emulator keeps running for other windows (pids ${host.pid})`), logged.join('\n'));
    assert.equal(owner.running, false);
    assert.equal(await readyz(server, kubeconfig), 200, 'still serving the second window');
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(await readyz(server, kubeconfig), 200, 'still serving past the grace period');

    await second.release();
    await until('the emulator to stop once no window uses it', () => !alive(pid));
  });

  it('stops by itself once the other window dies without releasing it', async () => {
    const { owner, server, kubeconfig, pid } = await startOwner();
    const host = otherHost();
    hosts.push(host);
    // That window registered when it connected, then crashes: nobody unregisters it.
    writeFileSync(join(stateDir, USERS_DIR, String(host.pid)), '');
    await owner.release();
    assert.equal(await readyz(server, kubeconfig), 200);
    host.kill('SIGKILL');
    await until('the emulator to stop after the crashed window', () => !alive(pid));
    assert.equal(existsSync(join(stateDir, USERS_DIR, String(host.pid))), false, 'the dead window\'s registration is removed');
  });
});
