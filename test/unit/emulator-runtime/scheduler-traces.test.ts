import assert from 'node:assert/strict';
import { test } from 'node:test';
import { R } from '../../../src/emulator/client/paths';
import { KubeScheduler } from '../../../src/emulator/scheduler';
import { SchedulingTraceRing } from '../../../src/emulator/scheduling/trace-ring';
import { eventually, startHarness } from '../controllers/harness';
import { makeNode, makePod } from '../scheduler/fixtures';

test('a pod keeps its trace after it left the ring, until the pod is deleted', async () => {
  let ring!: SchedulingTraceRing;
  let scheduler!: KubeScheduler;
  const h = await startHarness((ctx) => {
    ring = new SchedulingTraceRing(1, ctx.clock);
    scheduler = new KubeScheduler(ctx, { onTrace: (t) => ring.record(t), onPodDeleted: (p) => ring.forgetPod(p.metadata.namespace ?? 'default', p.metadata.name ?? '', p.metadata.uid) });
    return [scheduler];
  });
  const client = h.client;
  try {
    await client.create(R.nodes, makeNode('n1'));
    for (const name of ['a', 'b', 'c']) {
      const { uid: _uid, ...metadata } = makePod(name, { cpu: '100m' }).metadata;
      await client.create({ ...R.pods, namespace: 'default' }, { ...makePod(name, { cpu: '100m' }), metadata });
    }
    await eventually(() => scheduler.counters.scheduled === 3, 'three pods bound', 10_000);
    assert.equal(ring.get('default', 'a')?.status.nodeName, 'n1', "a's attempt left the 1-entry ring but is kept as its latest");
    assert.equal(ring.size, 3);
    await client.delete({ ...R.pods, namespace: 'default', name: 'a' }, { gracePeriodSeconds: 0 });
    await eventually(() => ring.get('default', 'a') === undefined, "a's trace to go with the pod", 10_000);
    assert.equal(ring.get('default', 'b')?.spec.attempt, 1);
  } finally {
    await h.stop();
  }
});
