import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../src/kube/clock';
import { R } from '../../../src/emulator/client/paths';
import { PodGcController } from '../../../src/emulator/controllers/podgc/podgc-controller';
import { eventually, finishPod, startHarness } from './harness';

const pod = (name: string, nodeName?: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx' }] } });

test('pods bound to a node that no longer exists are force-deleted after the 40 s quarantine; finished pods beyond the threshold go oldest first', async () => {
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const h = await startHarness((ctx) => [new PodGcController(ctx, 1)], { clock });
  try {
    const podsRef = { ...R.pods, namespace: 'default' };
    await h.client.create(R.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'real' } });
    await h.client.create(podsRef, pod('stranded', 'ghost'));
    await h.client.create(podsRef, pod('fine', 'real'));
    const gone = (name: string) => h.client.get({ ...podsRef, name }).then(() => false, () => true);
    await eventually(async () => (await h.client.list(podsRef)).items.length === 2, 'pods listed');
    clock.advance(20_000);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(await gone('stranded'), false, 'quarantined first');
    clock.advance(40_000);
    await eventually(() => gone('stranded'), 'stranded pod collected');
    assert.equal(await gone('fine'), false);

    const first = await h.client.create(podsRef, pod('old', 'real'));
    clock.advance(1000);
    const second = await h.client.create(podsRef, pod('new', 'real'));
    await finishPod(h.client, first, 'Succeeded');
    await finishPod(h.client, second, 'Succeeded');
    await new Promise((r) => setTimeout(r, 20));
    clock.advance(20_000);
    await eventually(() => gone('old'), 'oldest finished pod collected');
    assert.equal(await gone('new'), false, 'one finished pod is within the threshold');
  } finally {
    await h.stop();
  }
});
