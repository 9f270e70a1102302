import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RealClock } from '../../../src/kube/clock';
import { ApiServer } from '../../../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../../../src/emulator/apiserver/system-objects';
import { defaultModules } from '../../../src/emulator/cluster';
import { openStore } from '../../../src/emulator/store/index';
import { Informer } from '../../../src/emulator/client/informer';
import { isAlreadyExists, isNotFound, LoopbackClient } from '../../../src/emulator/client/loopback-client';
import { R } from '../../../src/emulator/client/paths';

async function apiServer() {
  const clock = new RealClock();
  const store = await openStore({});
  const api = new ApiServer({ store, clock, modules: defaultModules() });
  await bootstrapClusterObjects(api);
  return { api, store, clock };
}

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}

const configMap = (name: string, data: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

test('the loopback client goes through admission and reports API errors with their reasons', async () => {
  const { api, store } = await apiServer();
  const client = new LoopbackClient(api, 'test-controller/v0');
  const ref = { ...R.configMaps, namespace: 'default' };
  const created = await client.create(ref, configMap('a'));
  assert.ok(created.metadata.uid, 'the API server set a uid');
  await assert.rejects(client.create(ref, configMap('a')), (e) => isAlreadyExists(e));
  await assert.rejects(client.get({ ...ref, name: 'missing' }), (e) => isNotFound(e));
  await assert.rejects(client.create(ref, configMap('Bad_Name')), /is invalid/);
  api.stop();
  await store.close();
});

test('an informer lists, then follows adds, updates and deletes', async () => {
  const { api, store, clock } = await apiServer();
  const client = new LoopbackClient(api, 'test-controller/v0');
  const ref = { ...R.configMaps, namespace: 'default' };
  await client.create(ref, configMap('before'));
  const informer = new Informer(client, R.configMaps, { clock });
  const seen: string[] = [];
  informer.on({ add: (o) => seen.push(`add ${o.metadata.name}`), update: (o) => seen.push(`update ${o.metadata.name}`), delete: (o) => seen.push(`delete ${o.metadata.name}`) });
  await informer.start();
  assert.ok(informer.get('default', 'before'));
  await client.create(ref, configMap('after'));
  await client.patch({ ...ref, name: 'after' }, { data: { k: 'v' } });
  await client.delete({ ...ref, name: 'before' });
  await until(() => seen.includes('delete before'));
  assert.deepEqual(seen.filter((s) => !s.includes('kube-root-ca')), ['add before', 'add after', 'update after', 'delete before']);
  assert.equal(informer.get('default', 'after')?.data?.k, 'v');
  informer.stop();
  api.stop();
  await store.close();
});

test('an informer recovers when its watch ends and history was compacted (410 -> relist)', async () => {
  const { api, store, clock } = await apiServer();
  const client = new LoopbackClient(api, 'test-controller/v0');
  const ref = { ...R.configMaps, namespace: 'default' };
  const informer = new Informer(client, R.configMaps, { clock });
  await informer.start();
  api.terminateWatches();
  await client.create(ref, configMap('while-away'));
  store.compact(store.revision);
  await until(() => informer.get('default', 'while-away') !== undefined, 5000);
  await client.create(ref, configMap('after-relist'));
  await until(() => informer.get('default', 'after-relist') !== undefined, 5000);
  informer.stop();
  api.stop();
  await store.close();
});
