import { test } from 'node:test';
import assert from 'node:assert/strict';
import { R } from '../../../src/emulator/client/paths';
import { DeploymentController } from '../../../src/emulator/controllers/deployment/deployment-controller';
import { GarbageCollector } from '../../../src/emulator/controllers/garbage-collector/garbage-collector';
import { ReplicaSetController } from '../../../src/emulator/controllers/replicaset/replicaset-controller';
import { eventually, listPods, startHarness } from './harness';

const rsRef = { ...R.replicaSets, namespace: 'default' };
const cmRef = { ...R.configMaps, namespace: 'default' };

const replicaSet = (name: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});

function withGc() {
  return startHarness((ctx) => [new GarbageCollector(ctx), new DeploymentController(ctx), new ReplicaSetController(ctx)], { hooks: { garbageCollectorRunning: () => true } });
}

test('deleting a Deployment removes its ReplicaSets and pods (background propagation)', async () => {
  const h = await withGc();
  try {
    await h.client.create({ ...R.deployments, namespace: 'default' }, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    await eventually(async () => (await listPods(h.client, 'default', 'app=web')).length === 2, 'pods created');
    await h.client.delete({ ...R.deployments, namespace: 'default', name: 'web' });
    await eventually(async () => (await h.client.list(rsRef)).items.length === 0 && (await listPods(h.client, 'default', 'app=web')).length === 0, 'dependents collected');
  } finally {
    await h.stop();
  }
});

test('foreground deletion keeps the owner until its blocking dependents are gone', async () => {
  const h = await withGc();
  try {
    await h.client.create(rsRef, replicaSet('fg', 2));
    await eventually(async () => (await listPods(h.client, 'default', 'app=fg')).length === 2, 'pods');
    await h.client.delete({ ...rsRef, name: 'fg' }, { propagationPolicy: 'Foreground' });
    const owner = await h.client.get({ ...rsRef, name: 'fg' }).catch(() => undefined);
    if (owner) assert.ok(owner.metadata.finalizers?.includes('foregroundDeletion'), 'the owner waits with the foregroundDeletion finalizer');
    await eventually(async () => {
      const gone = await h.client.get({ ...rsRef, name: 'fg' }).then(() => false, () => true);
      return gone && (await listPods(h.client, 'default', 'app=fg')).length === 0;
    }, 'owner and pods gone');
  } finally {
    await h.stop();
  }
});

test('orphan deletion leaves the pods without the ownerReference', async () => {
  const h = await withGc();
  try {
    await h.client.create(rsRef, replicaSet('orph', 2));
    await eventually(async () => (await listPods(h.client, 'default', 'app=orph')).length === 2, 'pods');
    await h.client.delete({ ...rsRef, name: 'orph' }, { propagationPolicy: 'Orphan' });
    await eventually(async () => h.client.get({ ...rsRef, name: 'orph' }).then(() => false, () => true), 'owner gone');
    const pods = await listPods(h.client, 'default', 'app=orph');
    assert.equal(pods.length, 2);
    for (const p of pods) assert.equal(p.metadata.ownerReferences, undefined);
  } finally {
    await h.stop();
  }
});

test('an object whose only owner never existed is collected; one with a live owner stays', async () => {
  const h = await withGc();
  try {
    const owner = await h.client.create(cmRef, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } });
    const ref = (name: string, uid: string) => [{ apiVersion: 'v1', kind: 'ConfigMap', name, uid }];
    await h.client.create(cmRef, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', ownerReferences: ref('owner', owner.metadata.uid!) } });
    await h.client.create(cmRef, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dangling', ownerReferences: ref('ghost', '00000000-0000-0000-0000-000000000000') } });
    await eventually(async () => h.client.get({ ...cmRef, name: 'dangling' }).then(() => false, () => true), 'dangling dependent collected');
    assert.ok(await h.client.get({ ...cmRef, name: 'kept' }));
  } finally {
    await h.stop();
  }
});
