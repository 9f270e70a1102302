import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testServer } from './support';

test('the default/kubernetes Service has Endpoints and an EndpointSlice pointing at the API server', async () => {
  const s = await testServer();
  try {
    const ep = await s.call('GET', '/api/v1/namespaces/default/endpoints/kubernetes');
    assert.equal(ep.status, 200);
    assert.deepEqual(ep.json.subsets, [{ addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
    const slices = await s.call('GET', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dkubernetes');
    assert.equal(slices.json.items.length, 1);
    assert.deepEqual(slices.json.items[0].endpoints[0].addresses, ['172.18.0.2']);
    assert.equal(slices.json.items[0].ports[0].port, 6443);
  } finally {
    await s.close();
  }
});
