import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pod, testServer } from './support';

test('pods/binding assigns the node and PodScheduled without a managedFields entry of its own', async () => {
  const s = await testServer();
  try {
    const created = await s.call('POST', '/api/v1/namespaces/default/pods?fieldManager=kubectl-create', pod('web'));
    assert.equal(created.status, 201);
    const bound = await s.call('POST', '/api/v1/namespaces/default/pods/web/binding?fieldManager=scheduler', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' }, target: { kind: 'Node', name: 'whale2' } });
    assert.equal(bound.status, 201);
    const after = (await s.call('GET', '/api/v1/namespaces/default/pods/web')).json;
    assert.equal(after.spec.nodeName, 'whale2');
    assert.deepEqual(after.status.conditions.map((c: any) => [c.type, c.status]), [['PodScheduled', 'True']]);
    assert.deepEqual(after.metadata.managedFields, created.json.metadata.managedFields);
    assert.notEqual(after.metadata.resourceVersion, created.json.metadata.resourceVersion);
    const again = await s.call('POST', '/api/v1/namespaces/default/pods/web/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' }, target: { kind: 'Node', name: 'whale3' } });
    assert.equal(again.status, 409);
    assert.equal(again.json.message, 'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "whale2"');
  } finally {
    await s.close();
  }
});
