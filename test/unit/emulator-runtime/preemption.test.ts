import assert from 'node:assert/strict';
import { test } from 'node:test';
import { R } from '../../../src/emulator/client/paths';
import { podWithCpu, startRuntime } from './support';

test('a high-priority pod preempts a lower-priority one: nominated node, Preempted event, victim deleted, then bound there', async () => {
  const h = await startRuntime();
  try {
    await h.client.create(R.priorityClasses, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 });
    await h.client.create({ ...R.pods, namespace: 'default' }, podWithCpu('low-a', '1500m'));
    await h.client.create({ ...R.pods, namespace: 'default' }, podWithCpu('low-b', '1500m'));
    const lows = await h.until(async () => {
      const a = await h.pod('low-a');
      const b = await h.pod('low-b');
      return a.spec.nodeName && b.spec.nodeName ? [a, b] : undefined;
    });
    assert.notEqual(lows[0].spec.nodeName, lows[1].spec.nodeName, 'one low pod per worker');
    await h.client.create({ ...R.pods, namespace: 'default' }, podWithCpu('urgent', '1500m', { priorityClassName: 'high' }));
    const nominated = await h.until(async () => (await h.pod('urgent')).status?.nominatedNodeName);
    const victim = lows.find((p) => p.spec.nodeName === nominated)!;
    const preempted = await h.until(async () => (await h.events(victim.metadata.name!)).find((e) => e.reason === 'Preempted'));
    assert.match(preempted.message, new RegExp(`^Preempted by pod \\S+ on node ${nominated}$`));
    const bound = await h.until(async () => (await h.pod('urgent')).spec.nodeName, 120_000, 500);
    assert.equal(bound, nominated);
    await assert.rejects(h.pod(victim.metadata.name!), /not found/);
    const trace = await h.request('GET', '/apis/emulator.cluster-anatomy.dev/v1/namespaces/default/schedulingtraces/urgent.1');
    assert.equal(trace.body.status.preemption.nominatedNodeName, nominated);
    assert.deepEqual(trace.body.status.preemption.victims.map((v: any) => v.name), [victim.metadata.name]);
  } finally {
    await h.close();
  }
});
