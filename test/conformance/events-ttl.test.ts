// --event-ttl against the emulator process, checked with kubectl: an Event is listed, then
// gone once its TTL has passed, including one written before a restart.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { eventually } from './support/eventually';
import { EMULATOR_JS, buildOnce, removeStateDir, startEmulatorProcess, useEmulatorProcess } from './support/emulator-process';
import { KUBECTL, missing, ok } from './support/kube-clients';

const skip = missing(KUBECTL);

function eventYaml(name: string): string {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return `apiVersion: v1
kind: Event
metadata:
  name: ${name}
  namespace: default
involvedObject:
  kind: Pod
  namespace: default
  name: web
reason: Pulled
message: Successfully pulled image
type: Normal
count: 1
firstTimestamp: "${now}"
lastTimestamp: "${now}"
source:
  component: conformance
`;
}

describe('kubectl and --event-ttl 2s', { skip }, () => {
  const emu = useEmulatorProcess({ args: ['--no-control-loops', '--event-ttl', '2s'] });
  const k = (...args: string[]) => ok(KUBECTL, args, emu.kubeconfig);

  it('lists an Event, then no longer lists it after the TTL', async () => {
    await ok(KUBECTL, ['create', '-f', '-'], emu.kubeconfig, { input: eventYaml('web.pulled') });
    assert.match(await k('get', 'events'), /Pulled\s+pod\/web\s+Successfully pulled image/);
    const started = Date.now();
    await eventually('the event to expire', async () => ((await k('get', 'events', '-o', 'name')).trim() === '' ? true : undefined), 15_000);
    assert.ok(Date.now() - started >= 1000, 'not deleted long before its TTL');
  });
});

describe('--event-ttl across a restart', { skip }, () => {
  it('expires an Event written before the restart', async () => {
    const first = await startEmulatorProcess({ args: ['--no-control-loops', '--event-ttl', '1h'] });
    try {
      await ok(KUBECTL, ['create', '-f', '-'], first.kubeconfig, { input: eventYaml('web.before') });
    } finally {
      await first.stop();
    }
    const second = await startEmulatorProcess({ stateDir: first.stateDir, fresh: false, args: ['--no-control-loops', '--event-ttl', '2s'] });
    try {
      // (Not checked as present first: its 2 s may already have run out by the time the server is ready.)
      await eventually('the stored event to expire', async () => ((await ok(KUBECTL, ['get', 'events', '-o', 'name'], second.kubeconfig)).trim() === '' ? true : undefined), 15_000);
    } finally {
      await second.stop();
      removeStateDir(first.stateDir);
    }
  });
});

describe('the --event-ttl flag', () => {
  it('rejects a duration Go cannot parse, as kube-apiserver does', () => {
    buildOnce();
    const r = spawnSync(process.execPath, [EMULATOR_JS, '--event-ttl', '1d'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /invalid argument "1d" for "--event-ttl" flag: time: unknown unit "d" in duration "1d"/);
  });
});
