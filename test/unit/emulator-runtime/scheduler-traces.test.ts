import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RealClock } from '../../../src/kube/clock';
import { ApiServer } from '../../../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../../../src/emulator/apiserver/system-objects';
import { defaultModules } from '../../../src/emulator/cluster';
import { LoopbackClient } from '../../../src/emulator/client/loopback-client';
import { R } from '../../../src/emulator/client/paths';
import { SharedInformers } from '../../../src/emulator/client/shared-informers';
import { KubeScheduler } from '../../../src/emulator/scheduler';
import { SchedulingTraceRing } from '../../../src/emulator/scheduling/trace-ring';
import { openStore } from '../../../src/emulator/store/index';
import { makeNode, makePod } from '../scheduler/fixtures';

async function until<T>(f: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a pod keeps its trace after it left the ring, until the pod is deleted', async () => {
  const clock = new RealClock();
  const store = await openStore({ clock, log: () => undefined });
  const api = new ApiServer({ store, clock, modules: defaultModules() });
  await bootstrapClusterObjects(api);
  const client = new LoopbackClient(api, 'test');
  const informers = new SharedInformers(new LoopbackClient(api, 'shared-informers'), { clock });
  const ring = new SchedulingTraceRing(1, clock);
  const scheduler = new KubeScheduler(
    { client: (c) => new LoopbackClient(api, c), informers, clock, log: () => undefined },
    { onTrace: (t) => ring.record(t), onPodDeleted: (p) => ring.forgetPod(p.metadata.namespace ?? 'default', p.metadata.name ?? '', p.metadata.uid) },
  );
  try {
    await client.create(R.nodes, makeNode('n1'));
    scheduler.start();
    await informers.start();
    for (const name of ['a', 'b', 'c']) {
      const { uid: _uid, ...metadata } = makePod(name, { cpu: '100m' }).metadata;
      await client.create({ ...R.pods, namespace: 'default' }, { ...makePod(name, { cpu: '100m' }), metadata });
    }
    await until(() => scheduler.counters.scheduled === 3 || undefined, 'three pods bound');
    assert.equal(ring.get('default', 'a')?.status.nodeName, 'n1', "a's attempt left the 1-entry ring but is kept as its latest");
    assert.equal(ring.size, 3);
    await client.delete({ ...R.pods, namespace: 'default', name: 'a' }, { gracePeriodSeconds: 0 });
    await until(() => ring.get('default', 'a') === undefined || undefined, "a's trace to go with the pod");
    assert.equal(ring.get('default', 'b')?.spec.attempt, 1);
  } finally {
    scheduler.stop();
    informers.stop();
    api.stop();
    await store.close();
  }
});
