// Pod status writes: one at a time per pod, coalesced, and built when sent, so the states a
// pod passes through in one go become one PATCH carrying the newest status.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../src/kube/object';
import type { LoopbackClient } from '../../../src/emulator/client/loopback-client';
import { StatusWriter } from '../../../src/emulator/nodes/status-writer';
import { settle } from './support';

function recordingClient() {
  const sent: { name: string; status: Record<string, unknown> }[] = [];
  const pending: (() => void)[] = [];
  const patch = (ref: { name: string }, body: { status: Record<string, unknown> }) => {
    sent.push({ name: ref.name, status: body.status });
    return new Promise<void>((resolve) => pending.push(resolve));
  };
  const client = { noResult: { patch }, patch } as unknown as LoopbackClient;
  return { client, sent, landAll: () => pending.splice(0).forEach((r) => r()) };
}

const pod = (name: string, uid = `uid-${name}`): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid } });

test('statuses queued in one go are built once, when sent, from the newest state', async () => {
  const { client, sent, landAll } = recordingClient();
  const writer = new StatusWriter(client, () => undefined);
  let phase = 'Pending';
  let builds = 0;
  const source = {
    buildStatus: () => {
      builds++;
      return { phase };
    },
  };
  writer.write(pod('web'), source);
  phase = 'Running';
  writer.write(pod('web'), source);
  await settle();
  assert.deepEqual(sent, [{ name: 'web', status: { phase: 'Running' } }]);
  assert.equal(builds, 1);
  // While that write is in flight, later ones wait and only the newest goes next.
  writer.write(pod('web'), { phase: 'Failed' });
  writer.write(pod('web'), { phase: 'Succeeded' });
  writer.write(pod('other'), { phase: 'Running' });
  await settle();
  assert.deepEqual(sent.map((s) => `${s.name} ${s.status.phase}`), ['web Running', 'other Running']);
  landAll();
  await settle();
  assert.deepEqual(sent.map((s) => `${s.name} ${s.status.phase}`), ['web Running', 'other Running', 'web Succeeded']);
  landAll();
  await writer.settled(pod('web'));
});

test('a forgotten pod gets no queued status; a status that cannot be built is logged, not thrown', async () => {
  const { client, sent, landAll } = recordingClient();
  const logs: string[] = [];
  const writer = new StatusWriter(client, (m, severity) => logs.push(`${severity} ${m}`));
  writer.write(pod('web'), { phase: 'Running' });
  await settle();
  writer.write(pod('web'), { phase: 'Succeeded' });
  writer.forget(pod('web'));
  landAll();
  await writer.settled(pod('web'));
  assert.deepEqual(sent.map((s) => s.status.phase), ['Running']);
  writer.write(pod('bad'), {
    buildStatus: () => {
      throw new Error('no status');
    },
  });
  await writer.settled(pod('bad'));
  assert.deepEqual(logs, ['W updating the status of pod default/bad failed: no status']);
});
