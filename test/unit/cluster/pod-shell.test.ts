// A shell in a pod through client-node's Exec against the emulator over HTTPS: bash where the
// image has it, sh where it does not (busybox), the shell's exit code, terminal resizes, and
// the errors of a pod that is gone.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadKubeconfigs } from '../../../src/cluster/kubeconfig.js';
import type { KubeConfig } from '../../../src/cluster/client-node.js';
import { followLogs } from '../../../src/cluster/pod-logs.js';
import { podContainers } from '../../../src/cluster/pod-containers.js';
import { openShell, type ShellSession } from '../../../src/cluster/pod-shell.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/cluster';
import { LoopbackClient } from '../../../src/emulator/client/loopback-client';
import { RealClock } from '../../../src/kube/clock';

let emu: RunningEmulator;
let stateDir: string;
let kc: KubeConfig;

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'pod-shell-'));
  emu = await startEmulator({ port: 0, stateDir, fresh: true, clock: new RealClock(), log: () => undefined, controlPlane: {}, controlLoopsThread: true });
  const kubeconfigs = await loadKubeconfigs({ kubeconfigEnv: emu.kubeconfigPath });
  kc = kubeconfigs.kubeConfigFor(kubeconfigs.contextNames()[0]);
  const client = new LoopbackClient(emu.api, 'test');
  const pods = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };
  await client.create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', annotations: { 'kubectl.kubernetes.io/default-container': 'app' } }, spec: { containers: [{ name: 'log', image: 'busybox', command: ['sleep', 'infinity'] }, { name: 'app', image: 'nginx' }] } });
  await client.create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'box' }, spec: { containers: [{ name: 'box', image: 'busybox', command: ['sleep', 'infinity'] }] } });
  for (const name of ['web', 'box']) await eventually(`${name} running`, async () => ((await podContainers(kc, 'default', name)).phase === 'Running' ? true : undefined));
});

after(async () => {
  await emu?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

function shell(pod: string, container: string) {
  let output = '';
  let resolveExit!: (end: { code: number } | { error: string }) => void;
  const exited = new Promise<{ code: number } | { error: string }>((r) => (resolveExit = r));
  let session: ShellSession | undefined;
  const opened = openShell(kc, 'default', pod, container, { columns: 80, rows: 24 }, { output: (t) => (output += t), exit: (e) => resolveExit(e) }).then((s) => (session = s));
  return {
    opened,
    exited,
    output: () => output,
    send: (text: string) => session!.input(text),
    resize: (c: number, r: number) => session!.resize(c, r),
    waitFor: (pattern: RegExp) => eventually(`output ${pattern}`, async () => (pattern.test(output) ? true : undefined), 10_000),
  };
}

test('lists the running containers, the default-container annotation first', async () => {
  assert.deepEqual(await podContainers(kc, 'default', 'web'), { running: ['app', 'log'], all: ['app', 'log'], phase: 'Running' });
  await assert.rejects(podContainers(kc, 'default', 'gone'), /404|not found/i);
});

test('opens bash where the image has it; a command runs; exit gives the shell exit code', async () => {
  const s = shell('web', 'app');
  await s.opened;
  await s.waitFor(/root@web:\/# $/);
  s.send('echo $HOSTNAME\r');
  await s.waitFor(/\r\nweb\r\n/);
  s.resize(120, 40);
  s.send('exit 3\r');
  assert.deepEqual(await s.exited, { code: 3 });
});

test('falls back to sh in an image without bash (busybox)', async () => {
  const s = shell('box', 'box');
  await s.opened;
  await s.waitFor(/\/ # $/);
  assert.doesNotMatch(s.output(), /executable file not found/);
  s.send('exit\r');
  assert.deepEqual(await s.exited, { code: 0 });
});

test('a pod that is gone ends the shell with the server error', async () => {
  const s = shell('gone', 'app');
  await s.opened;
  const end = await s.exited;
  assert.ok('error' in end);
  assert.match(end.error, /404|not found/i);
});

test('follows a container\'s log until the container stops; a bad request ends with the server\'s reason', async () => {
  const client = new LoopbackClient(emu.api, 'test');
  await client.create({ group: '', version: 'v1', resource: 'pods', namespace: 'default' }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'once' }, spec: { restartPolicy: 'Never', containers: [{ name: 'once', image: 'busybox', command: ['sh', '-c', 'echo a; sleep 2; echo b'] }] } });
  await eventually('once running', async () => ((await podContainers(kc, 'default', 'once')).phase === 'Running' ? true : undefined));
  let text = '';
  const ended = new Promise<string | undefined>((resolve) => void followLogs(kc, 'default', 'once', 'once', { tailLines: 10 }, { output: (t) => (text += t), end: resolve }));
  assert.equal(await ended, undefined, 'ended by itself, without an error');
  assert.equal(text, 'a\nb\n');
  const bad = await new Promise<string | undefined>((resolve) => void followLogs(kc, 'default', 'once', 'nope', {}, { output: () => undefined, end: resolve }));
  assert.equal(bad, 'container nope is not valid for pod once');
});
