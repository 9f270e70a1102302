import { test } from 'node:test';
import assert from 'node:assert/strict';
import { R } from '../../../src/emulator/client/paths';
import { StatefulSetController } from '../../../src/emulator/controllers/statefulset/statefulset-controller';
import { eventually, listPods, makeReady, startHarness } from './harness';

test('a StatefulSet creates web-0, web-1, web-2 in order, each after the previous is Ready, with their claims', async () => {
  let controller!: StatefulSetController;
  const h = await startHarness((ctx) => [(controller = new StatefulSetController(ctx))]);
  try {
    const ref = { ...R.statefulSets, namespace: 'default' };
    await h.client.create(ref, {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        serviceName: 'web',
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    });
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const pods = await eventually(async () => {
        const p = await listPods(h.client, 'default', 'app=web');
        return p.length === i + 1 ? p : undefined;
      }, `pod ${i}`);
      const newest = pods.find((p) => !order.includes(p.metadata.name!))!;
      order.push(newest.metadata.name!);
      assert.equal(newest.spec.hostname, newest.metadata.name);
      assert.equal(newest.spec.subdomain, 'web');
      assert.equal(newest.spec.volumes.find((v: { name: string }) => v.name === 'www').persistentVolumeClaim.claimName, `www-${newest.metadata.name}`);
      // Not yet Ready: once the controller has seen this pod and gone idle, no next one appeared.
      await eventually(async () => (await h.client.get({ ...ref, name: 'web' })).status?.replicas === i + 1, 'status counts the pod');
      await controller.queue.whenIdle();
      assert.equal((await listPods(h.client, 'default', 'app=web')).length, i + 1, 'waits for readiness');
      await makeReady(h.client, newest);
    }
    assert.deepEqual(order, ['web-0', 'web-1', 'web-2']);
    const claims = (await h.client.list({ ...R.persistentVolumeClaims, namespace: 'default' })).items.map((c) => c.metadata.name).sort();
    assert.deepEqual(claims, ['www-web-0', 'www-web-1', 'www-web-2']);
    await h.client.patch({ ...ref, name: 'web' }, { spec: { replicas: 1 } });
    await eventually(async () => {
      const left = (await listPods(h.client, 'default', 'app=web')).map((p) => p.metadata.name);
      return left.length === 1 && left[0] === 'web-0';
    }, 'scaled down from the highest ordinal');
  } finally {
    await h.stop();
  }
});
