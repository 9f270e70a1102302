import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testServer, type TestServer } from './support';

const APPLY = { 'content-type': 'application/apply-patch+yaml' };
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments/web';
const deployment = (replicas: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
    ...extra,
  });

async function withServer(body: (s: TestServer) => Promise<void>): Promise<void> {
  const s = await testServer();
  try {
    await body(s);
  } finally {
    await s.close();
  }
}

const entry = (obj: any, manager: string) => obj.metadata.managedFields.find((m: any) => m.manager === manager);

test('a server-side apply that changes nothing leaves the resourceVersion alone', () =>
  withServer(async (s) => {
    const first = await s.call('PATCH', `${DEPLOY}?fieldManager=me`, deployment(2), APPLY);
    assert.equal(first.status, 201);
    s.clock.advance(5000);
    const again = await s.call('PATCH', `${DEPLOY}?fieldManager=me`, deployment(2), APPLY);
    assert.equal(again.status, 200);
    assert.equal(again.json.metadata.resourceVersion, first.json.metadata.resourceVersion);
    assert.deepEqual(again.json.metadata.managedFields, first.json.metadata.managedFields);
    const changed = await s.call('PATCH', `${DEPLOY}?fieldManager=me`, deployment(3), APPLY);
    assert.notEqual(changed.json.metadata.resourceVersion, first.json.metadata.resourceVersion);
  }));

test('apply to the main resource does not own status; apply to /status does not own spec', () =>
  withServer(async (s) => {
    const main = await s.call('PATCH', `${DEPLOY}?fieldManager=me`, deployment(2, { status: { replicas: 7 } }), APPLY);
    assert.equal(main.status, 201);
    assert.equal(main.json.status?.replicas, undefined);
    assert.equal(entry(main.json, 'me').fieldsV1['f:status'], undefined);
    const status = await s.call('PATCH', `${DEPLOY}/status?fieldManager=ctrl`, deployment(9, { status: { replicas: 2 } }), APPLY);
    assert.equal(status.status, 200);
    assert.equal(status.json.spec.replicas, 2);
    assert.equal(status.json.status.replicas, 2);
    const ctrl = entry(status.json, 'ctrl');
    assert.equal(ctrl.subresource, 'status');
    assert.equal(ctrl.fieldsV1['f:spec'], undefined);
    assert.deepEqual(ctrl.fieldsV1['f:status'], { 'f:replicas': {} });
  }));

test('a scale write is recorded in managedFields with subresource scale', () =>
  withServer(async (s) => {
    assert.equal((await s.call('PATCH', `${DEPLOY}?fieldManager=me`, deployment(2), APPLY)).status, 201);
    const scaled = await s.call('PATCH', `${DEPLOY}/scale?fieldManager=kubectl-scale`, { spec: { replicas: 4 } });
    assert.equal(scaled.status, 200);
    const after = (await s.call('GET', DEPLOY)).json;
    assert.equal(after.spec.replicas, 4);
    const scale = entry(after, 'kubectl-scale');
    assert.equal(scale.subresource, 'scale');
    assert.deepEqual(scale.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  }));
