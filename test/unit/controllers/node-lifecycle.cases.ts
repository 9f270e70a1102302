import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../src/kube/clock';
import type { KubeObject } from '../../../src/kube/object';
import { R } from '../../../src/emulator/client/paths';
import { NodeLifecycleController } from '../../../src/emulator/controllers/node-lifecycle/node-lifecycle-controller';
import { TaintEvictionController } from '../../../src/emulator/controllers/node-lifecycle/taint-eviction';
import { eventually, makeReady, startHarness } from './harness';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

async function advance(clock: FakeClock, ms: number, step = 5000): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.advance(step);
    await new Promise((r) => setTimeout(r, 2));
  }
}

test('a node whose lease stops renewing becomes Unknown and tainted; its pods are evicted after tolerationSeconds; heartbeats bring it back', async () => {
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const h = await startHarness((ctx) => [new NodeLifecycleController(ctx), new TaintEvictionController(ctx)], { clock });
  try {
    const readyCondition = (status: string) => ({ type: 'Ready', status, reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: iso(clock.now()), lastTransitionTime: iso(clock.now()) });
    const node = await h.client.create<KubeObject>(R.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'whale2' } });
    await h.client.update({ ...R.nodes, name: 'whale2', subresource: 'status' }, { ...node, status: { conditions: [readyCondition('True')] } });
    await h.client.create({ ...R.leases, namespace: 'kube-node-lease' }, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'whale2' }, spec: { holderIdentity: 'whale2', leaseDurationSeconds: 40, renewTime: new Date(clock.now()).toISOString().replace(/Z$/, '000Z') } });
    const podsRef = { ...R.pods, namespace: 'default' };
    const patient = await h.client.create(podsRef, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'patient' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const stubborn = await h.client.create(podsRef, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stubborn' },
      spec: { containers: [{ name: 'c', image: 'nginx' }], tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }] },
    });
    await makeReady(h.client, patient, 'whale2', iso(clock.now()));
    await makeReady(h.client, stubborn, 'whale2', iso(clock.now()));
    assert.deepEqual(patient.spec.tolerations.find((t: { key: string }) => t.key === 'node.kubernetes.io/unreachable')?.tolerationSeconds, 300, 'admission gave the default toleration');

    await advance(clock, 45_000);
    const down = await eventually(async () => {
      const n = await h.client.get({ ...R.nodes, name: 'whale2' });
      return n.status.conditions.find((c: { type: string }) => c.type === 'Ready').status === 'Unknown' && (n.spec.taints ?? []).length === 2 ? n : undefined;
    }, 'node Unknown and tainted');
    const ready = down.status.conditions.find((c: { type: string }) => c.type === 'Ready');
    assert.equal(ready.reason, 'NodeStatusUnknown');
    assert.equal(ready.message, 'Kubelet stopped posting node status.');
    assert.deepEqual(down.spec.taints.map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`).sort(), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    await eventually(async () => (await h.client.get({ ...podsRef, name: 'patient' })).status.conditions.find((c: { type: string }) => c.type === 'Ready').status === 'False', 'pod marked not ready');

    await advance(clock, 200_000);
    assert.ok(await h.client.get({ ...podsRef, name: 'patient' }), 'still tolerated before 300 s');
    await advance(clock, 110_000);
    await eventually(async () => h.client.get({ ...podsRef, name: 'patient' }).then(() => false, () => true), 'patient evicted');
    assert.ok(await h.client.get({ ...podsRef, name: 'stubborn' }), 'a toleration without seconds is forever');

    const latest = await h.client.get({ ...R.nodes, name: 'whale2' });
    await h.client.update({ ...R.nodes, name: 'whale2', subresource: 'status' }, { ...latest, status: { conditions: [readyCondition('True')] } });
    await eventually(async () => ((await h.client.get({ ...R.nodes, name: 'whale2' })).spec.taints ?? []).length === 0, 'taints removed on recovery');
  } finally {
    await h.stop();
  }
});

test('a cordoned node gets the unschedulable taint', async () => {
  const h = await startHarness((ctx) => [new NodeLifecycleController(ctx)]);
  try {
    await h.client.create(R.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'whale3' }, spec: { unschedulable: true } });
    await eventually(async () => ((await h.client.get({ ...R.nodes, name: 'whale3' })).spec.taints ?? []).some((t: { key: string }) => t.key === 'node.kubernetes.io/unschedulable'), 'unschedulable taint');
  } finally {
    await h.stop();
  }
});
