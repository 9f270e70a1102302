import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testServer } from './support';

const SC = '/apis/storage.k8s.io/v1/storageclasses';

test('storage.k8s.io/v1 StorageClass is served: discovery, defaults, validation and its table', async () => {
  const s = await testServer();
  try {
    const discovery = (await s.call('GET', '/apis/storage.k8s.io/v1')).json;
    assert.deepEqual(discovery.resources.map((r: any) => [r.name, r.namespaced, r.shortNames]), [['storageclasses', false, ['sc']]]);
    const created = await s.call('POST', SC, { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'rancher.io/local-path' });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.reclaimPolicy, 'Delete');
    assert.equal(created.json.volumeBindingMode, 'Immediate');
    const bad = await s.call('POST', SC, { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'bad' }, volumeBindingMode: 'Later' });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.json.details.causes.map((c: any) => c.field), ['provisioner', 'volumeBindingMode']);
    const table = (await s.call('GET', SC, undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })).json;
    assert.deepEqual(table.columnDefinitions.map((c: any) => c.name), ['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age']);
    assert.deepEqual(table.rows[0].cells.slice(0, 5), ['standard', 'rancher.io/local-path', 'Delete', 'Immediate', 'false']);
    const strict = await s.call('POST', `${SC}?fieldValidation=Strict`, { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'x' }, provisioner: 'p', nope: 1 });
    assert.equal(strict.status, 400);
  } finally {
    await s.close();
  }
});
