import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, test } from 'node:test';
import { EmulatorProcess, parseReadyLine, USERS_DIR, type EmulatorExit } from '../../../src/vscode/emulator-process.js';

const FAKE = path.join(__dirname, 'fixtures', 'fake-emulator.mjs');
const stateDir = path.join(os.tmpdir(), 'cluster-anatomy-fake-emulator-state');
const running: EmulatorProcess[] = [];

function emulator(lines: string[] = []): EmulatorProcess {
  const e = new EmulatorProcess({ script: FAKE, stateDir, log: (line, stream) => lines.push(`${stream}: ${line}`), startTimeoutMs: 10_000 });
  running.push(e);
  return e;
}

afterEach(async () => {
  for (const e of running.splice(0)) await e.stop();
  delete process.env.FAKE_EMULATOR_FAIL;
  delete process.env.FAKE_EMULATOR_LOCKED;
});

test('parses the emulator\'s ready line', () => {
  assert.deepEqual(parseReadyLine('kube-emulator ready at https://127.0.0.1:36443 (kubeconfig: /home/u/.state/kubeconfig)'), { server: 'https://127.0.0.1:36443', kubeconfig: '/home/u/.state/kubeconfig' });
  assert.equal(parseReadyLine('listening...'), undefined);
});

test('starts the emulator as a node child with ELECTRON_RUN_AS_NODE, reports its endpoint, logs both streams', async () => {
  const lines: string[] = [];
  const e = emulator(lines);
  const endpoint = await e.start();
  assert.match(endpoint.server, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(endpoint.kubeconfig, `${stateDir}/kubeconfig`);
  assert.ok(e.running);
  assert.ok(lines.includes('stderr: warning: fresh=false electron-as-node=1'), lines.join('\n'));
  assert.ok(lines.includes('stderr: node flags: --max-semi-space-size=64'), 'its heap sizes, which only start-up flags set');
  assert.ok(lines.some((l) => l.startsWith('stdout: kube-emulator ready at')));
  assert.equal(await e.start(), endpoint, 'starting a running emulator returns it');
});

test('stop ends the process; a restart asks for the same port so open connections recover', async () => {
  const e = emulator();
  const first = await e.start();
  const exits: EmulatorExit[] = [];
  e.onExit((exit) => exits.push(exit));
  await e.stop();
  assert.equal(e.running, false);
  assert.deepEqual(exits, [{ code: 0, signal: null, unexpected: false, shared: false }]);
  const second = await e.start();
  assert.equal(second.server, first.server);
});

test('onReady is told each time an emulator this window started is ready, not when a running one is returned', async () => {
  const e = emulator();
  const ready: string[] = [];
  e.onReady((endpoint) => ready.push(endpoint.server));
  const first = await e.start();
  await e.start();
  assert.deepEqual(ready, [first.server], 'once: the second start returned the running emulator');
  await e.stop();
  await e.start();
  assert.deepEqual(ready, [first.server, first.server], 'again after a restart, on the same port');
});

test('an executable that refuses the heap flags starts the emulator without them, and says so', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-anatomy-flags-'));
  try {
    // Stands in for an Electron whose node takes fewer flags: refuses any flag before the script.
    const exe = path.join(dir, 'strict-node');
    fs.writeFileSync(exe, `#!/bin/sh\ncase "$1" in --*) echo "$0: bad option: $1" >&2; exit 9;; esac\nexec ${JSON.stringify(process.execPath)} "$@"\n`, { mode: 0o755 });
    const lines: string[] = [];
    const e = new EmulatorProcess({ script: FAKE, stateDir, execPath: exe, log: (line, stream) => lines.push(`${stream}: ${line}`), startTimeoutMs: 10_000 });
    running.push(e);
    const endpoint = await e.start();
    assert.match(endpoint.server, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(lines.some((l) => /bad option: --max-semi-space-size=64/.test(l)), lines.join('\n'));
    assert.ok(lines.includes('stderr: this executable does not take --max-semi-space-size=64: starting the emulator without'), lines.join('\n'));
    assert.ok(lines.includes('stderr: node flags: '), 'the second start has no flags');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('reset passes --fresh', async () => {
  const lines: string[] = [];
  await emulator(lines).start(true);
  assert.ok(lines.includes('stderr: warning: fresh=true electron-as-node=1'));
});

test('an emulator that exits before it is ready fails the start with its exit code', async () => {
  process.env.FAKE_EMULATOR_FAIL = '1';
  const lines: string[] = [];
  const e = emulator(lines);
  await assert.rejects(e.start(), /exited before it was ready \(exit code 3\)/);
  assert.ok(lines.includes('stderr: cannot open the state folder'));
  assert.equal(e.running, false);
});

test('an emulator another window runs on the same state folder is shared, not started twice; stop only forgets it while that window uses it, and stops it once none does', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-anatomy-shared-'));
  // Stand for the other window's emulator and for that window's extension host.
  const otherEmulator = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  const otherWindow = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  const gone = (p: ReturnType<typeof spawn>) => new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r())));
  try {
    fs.writeFileSync(path.join(dir, 'kubeconfig'), 'clusters:\n  - name: e\n    cluster:\n      server: https://127.0.0.1:40001\n');
    fs.mkdirSync(path.join(dir, USERS_DIR));
    fs.writeFileSync(path.join(dir, USERS_DIR, String(otherWindow.pid)), '');
    process.env.FAKE_EMULATOR_LOCKED = String(otherEmulator.pid);
    const e = new EmulatorProcess({ script: FAKE, stateDir: dir, log: () => undefined, startTimeoutMs: 10_000 });
    const endpoint = await e.start();
    assert.deepEqual(endpoint, { server: 'https://127.0.0.1:40001', kubeconfig: path.join(dir, 'kubeconfig'), sharedWithPid: otherEmulator.pid });
    assert.equal(e.running, true);
    assert.deepEqual(e.otherUsers(), [otherWindow.pid]);
    await e.stop();
    assert.equal(e.running, false, 'stopping forgets the shared emulator');
    assert.equal(otherEmulator.exitCode ?? otherEmulator.signalCode, null, 'which keeps running for the other window');

    otherWindow.kill('SIGKILL');
    await gone(otherWindow);
    await e.start();
    assert.deepEqual(e.otherUsers(), []);
    await e.stop();
    await gone(otherEmulator);
    assert.equal(otherEmulator.signalCode, 'SIGTERM', 'the last window using it stops it');
  } finally {
    otherEmulator.kill('SIGKILL');
    otherWindow.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a crash is reported as unexpected, and the next start takes the same port', async () => {
  const e = emulator();
  const first = await e.start();
  const exits: EmulatorExit[] = [];
  e.onExit((exit) => exits.push(exit));
  process.kill(e.pid!, 'SIGKILL');
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => exits.length > 0 && (clearInterval(poll), resolve()), 20);
  });
  assert.deepEqual(exits, [{ code: null, signal: 'SIGKILL', unexpected: true, shared: false }]);
  assert.equal(e.running, false);
  assert.equal((await e.start()).server, first.server);
});

test('the emulator of another window that goes away is reported, and a start here takes its port', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-anatomy-shared-'));
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    const free = net.createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as net.AddressInfo).port;
    await new Promise((r) => free.close(r));
    fs.writeFileSync(path.join(dir, 'kubeconfig'), `clusters:\n  - name: e\n    cluster:\n      server: https://127.0.0.1:${port}\n`);
    process.env.FAKE_EMULATOR_LOCKED = String(other.pid);
    const e = new EmulatorProcess({ script: FAKE, stateDir: dir, log: () => undefined, startTimeoutMs: 10_000 });
    running.push(e);
    assert.equal((await e.start()).sharedWithPid, other.pid);
    const exits: EmulatorExit[] = [];
    e.onExit((exit) => exits.push(exit));
    await new Promise((r) => setTimeout(r, 2500));
    assert.deepEqual(exits, [], 'nothing while it runs');
    other.kill('SIGKILL');
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => exits.length > 0 && (clearInterval(poll), resolve()), 50);
    });
    assert.deepEqual(exits, [{ code: null, signal: null, unexpected: true, shared: true }]);
    assert.equal(e.running, false);
    delete process.env.FAKE_EMULATOR_LOCKED;
    const own = await e.start();
    assert.equal(own.server, `https://127.0.0.1:${port}`, 'open connections to that port recover by themselves');
    assert.equal(own.sharedWithPid, undefined);
  } finally {
    other.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
