import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pod, testServer } from './support';

const TABLE = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };

test('unknown fields of built-in kinds are not stored (Warn and Ignore), as typed decoding drops them', async () => {
  const s = await testServer();
  try {
    const warn = await s.call('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' }, bogus: 1 });
    assert.equal(warn.status, 201);
    assert.match(warn.headers.warning ?? '', /unknown field \\"bogus\\"/);
    const ignore = await s.call('POST', '/api/v1/namespaces/default/pods?fieldValidation=Ignore', pod('p', { spec: { containers: [{ name: 'c', image: 'busybox', colour: 'red' }] } }));
    assert.equal(ignore.status, 201);
    const storedCm = (await s.call('GET', '/api/v1/namespaces/default/configmaps/a')).json;
    const storedPod = (await s.call('GET', '/api/v1/namespaces/default/pods/p')).json;
    assert.equal(storedCm.bogus, undefined);
    assert.deepEqual(storedCm.data, { k: 'v' });
    assert.equal(storedPod.spec.containers[0].colour, undefined);
    assert.equal(storedPod.spec.containers[0].image, 'busybox');
  } finally {
    await s.close();
  }
});

test('custom resource tables use the CRD version\'s well-formed printer columns', async () => {
  const s = await testServer();
  try {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gadgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'gadgets', kind: 'Gadget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            additionalPrinterColumns: [{ name: 'Size', type: 'string', jsonPath: '.spec.size' }, { name: 'Broken', type: 'string' }],
          },
        ],
      },
    };
    assert.equal((await s.call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status, 201);
    assert.equal((await s.call('POST', '/apis/example.com/v1/namespaces/default/gadgets', { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1' }, spec: { size: 'big' } })).status, 201);
    const table = (await s.call('GET', '/apis/example.com/v1/namespaces/default/gadgets', undefined, TABLE)).json;
    assert.deepEqual(table.columnDefinitions.map((c: any) => c.name), ['Name', 'Size']);
    assert.deepEqual(table.rows[0].cells, ['g1', 'big']);
  } finally {
    await s.close();
  }
});

test('a finished pod\'s table row carries the Completed condition kubectl uses to hide it', async () => {
  const s = await testServer();
  try {
    assert.equal((await s.call('POST', '/api/v1/namespaces/default/pods', pod('done'))).status, 201);
    const done = await s.call('PATCH', '/api/v1/namespaces/default/pods/done/status', { status: { phase: 'Succeeded' } });
    assert.equal(done.status, 200);
    const table = (await s.call('GET', '/api/v1/namespaces/default/pods', undefined, TABLE)).json;
    const row = table.rows.find((r: any) => r.cells[0] === 'done');
    assert.equal(row.conditions?.[0]?.type, 'Completed');
    assert.equal(row.conditions?.[0]?.status, 'True');
  } finally {
    await s.close();
  }
});
