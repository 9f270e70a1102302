// Deletion semantics (finalizers, propagation, namespaces), discovery, health and auth.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '../../../src/emulator/cluster';
import { configMap, pod, testServer, until, type TestServer } from './support';

describe('API server deletion', () => {
  let s: TestServer;
  before(async () => (s = await testServer()));
  after(() => s.close());

  it('keeps an object with finalizers until the last one is removed', async () => {
    await s.call('POST', '/api/v1/namespaces/default/configmaps', { ...configMap('held'), metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    const del = await s.call('DELETE', '/api/v1/namespaces/default/configmaps/held');
    assert.equal(del.status, 202);
    const pending = await s.call('GET', '/api/v1/namespaces/default/configmaps/held');
    assert.ok(pending.json.metadata.deletionTimestamp);
    assert.equal(pending.json.metadata.deletionGracePeriodSeconds, 0);
    await s.call('PATCH', '/api/v1/namespaces/default/configmaps/held', { metadata: { finalizers: null } });
    assert.equal((await s.call('GET', '/api/v1/namespaces/default/configmaps/held')).status, 404);
  });

  it('removes pods at once while no kubelet runs, and honours preconditions', async () => {
    const created = (await s.call('POST', '/api/v1/namespaces/default/pods', pod('quick', { spec: { nodeName: 'whale1' } }))).json;
    const wrong = await s.call('DELETE', '/api/v1/namespaces/default/pods/quick', { preconditions: { uid: 'not-it' } });
    assert.equal(wrong.status, 409);
    const del = await s.call('DELETE', '/api/v1/namespaces/default/pods/quick', { preconditions: { uid: created.metadata.uid } });
    assert.equal(del.status, 200);
    assert.equal((await s.call('GET', '/api/v1/namespaces/default/pods/quick')).status, 404);
  });

  it('deletes gracefully when a kubelet runs the pod', async () => {
    const g = await testServer({ hooks: { hasKubelet: () => true, namespaceControllerRunning: () => false, garbageCollectorRunning: () => false } });
    try {
      await g.call('POST', '/api/v1/namespaces/default/pods', pod('slow', { spec: { nodeName: 'whale1', terminationGracePeriodSeconds: 20 } }));
      assert.equal((await g.call('DELETE', '/api/v1/namespaces/default/pods/slow')).status, 202);
      const pending = (await g.call('GET', '/api/v1/namespaces/default/pods/slow')).json;
      assert.equal(pending.metadata.deletionGracePeriodSeconds, 20);
      assert.equal(pending.metadata.deletionTimestamp, '2026-01-01T00:00:20Z');
      assert.equal((await g.call('DELETE', '/api/v1/namespaces/default/pods/slow?gracePeriodSeconds=0')).status, 200);
      assert.equal((await g.call('GET', '/api/v1/namespaces/default/pods/slow')).status, 404);
    } finally {
      await g.close();
    }
  });

  it('cascades foreground and orphan deletion to dependents', async () => {
    const owner = (await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap('owner'))).json;
    const ref = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid, blockOwnerDeletion: true }];
    await s.call('POST', '/api/v1/namespaces/default/configmaps', { ...configMap('child'), metadata: { name: 'child', ownerReferences: ref } });
    await s.call('DELETE', '/api/v1/namespaces/default/configmaps/owner?propagationPolicy=Foreground');
    await until('owner and child to go', () => !s.store.get('/registry/core/configmaps/default/owner') && !s.store.get('/registry/core/configmaps/default/child'), { tick: () => s.clock.advance(100) });

    const owner2 = (await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap('owner2'))).json;
    await s.call('POST', '/api/v1/namespaces/default/configmaps', { ...configMap('orphan'), metadata: { name: 'orphan', ownerReferences: [{ ...ref[0], name: 'owner2', uid: owner2.metadata.uid }] } });
    await s.call('DELETE', '/api/v1/namespaces/default/configmaps/owner2', { propagationPolicy: 'Orphan' });
    await until('owner2 to go', () => !s.store.get('/registry/core/configmaps/default/owner2'), { tick: () => s.clock.advance(100) });
    const orphan = await s.call('GET', '/api/v1/namespaces/default/configmaps/orphan');
    assert.equal(orphan.status, 200);
    assert.equal(orphan.json.metadata.ownerReferences, undefined);
  });

  it('empties a terminating namespace and then removes it', async () => {
    await s.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tmp' } });
    await s.call('POST', '/api/v1/namespaces/tmp/configmaps', configMap('a'));
    await s.call('POST', '/api/v1/namespaces/tmp/pods', pod('p'));
    const del = await s.call('DELETE', '/api/v1/namespaces/tmp');
    assert.equal(del.json.status.phase, 'Terminating');
    await until('namespace tmp to go', () => !s.store.get('/registry/core/namespaces/tmp'), { tick: () => s.clock.advance(100) });
    assert.equal((await s.call('GET', '/api/v1/namespaces/tmp/configmaps')).json.items.length, 0);
  });

  it('deletes a collection by label and by field', async () => {
    for (const n of ['x1', 'x2', 'y1']) await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap(n, { group: n[0] }));
    assert.equal((await s.call('DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=group%3Dx')).status, 200);
    const left = (await s.call('GET', '/api/v1/namespaces/default/configmaps?labelSelector=group')).json.items.map((i: any) => i.metadata.name);
    assert.deepEqual(left, ['y1']);
    for (const n of ['z1', 'z2']) await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap(n, { group: 'z' }));
    assert.equal((await s.call('DELETE', '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dz1')).status, 200);
    const after = (await s.call('GET', '/api/v1/namespaces/default/configmaps?labelSelector=group%3Dz')).json.items.map((i: any) => i.metadata.name);
    assert.deepEqual(after, ['z2'], 'by field: only the named one');
  });
});

describe('discovery, health and CRDs', () => {
  let s: TestServer;
  before(async () => (s = await testServer()));
  after(() => s.close());

  it('serves aggregated discovery with its media type and ETags', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const r = await s.call('GET', '/apis', undefined, { accept });
    assert.equal(r.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const apps = r.json.items.find((g: any) => g.metadata.name === 'apps');
    const deployments = apps.versions[0].resources.find((x: any) => x.resource === 'deployments');
    assert.deepEqual(deployments.subresources.map((x: any) => x.subresource), ['status', 'scale']);
    const cached = await s.call('GET', '/apis', undefined, { accept, 'if-none-match': r.headers.etag });
    assert.equal(cached.status, 304);
    const legacy = await s.call('GET', '/apis');
    assert.equal(legacy.json.kind, 'APIGroupList');
  });

  it('reports health with verbose, exclude, single checks and a failing etcd', async () => {
    assert.equal((await s.call('GET', '/readyz')).text, 'ok');
    const verbose = await s.call('GET', '/livez?verbose&exclude=log');
    assert.doesNotMatch(verbose.text, /\[\+\]log ok/);
    assert.match(verbose.text, /\[\+\]ping ok\n/);
    assert.match(verbose.text, /livez check passed\n$/);
    assert.equal((await s.call('GET', '/readyz/etcd')).text, 'ok');
    s.store.setAvailable(false, 'disk gone');
    const failed = await s.call('GET', '/readyz');
    assert.equal(failed.status, 500);
    assert.match(failed.text, /\[-\]etcd failed: reason withheld\n/);
    assert.match(failed.text, /\[-\]etcd-readiness failed: reason withheld\n/);
    assert.match(failed.text, /readyz check failed\n$/);
    s.store.setAvailable(true);
    assert.equal((await s.call('GET', '/readyz')).status, 200);
  });

  it('answers writes while etcd is unavailable with 503 ServiceUnavailable, without logging them as internal errors', async () => {
    const logged: string[] = [];
    const u = await testServer({ log: (m) => logged.push(m) });
    try {
      u.store.setAvailable(false, 'etcd has no quorum (0/1 members running)');
      const r = await u.call('POST', '/api/v1/namespaces/default/configmaps', configMap('refused'));
      assert.equal(r.status, 503);
      assert.equal(r.json.reason, 'ServiceUnavailable');
      assert.equal(r.json.message, 'etcd is unavailable: etcd has no quorum (0/1 members running)');
      assert.equal((await u.call('GET', '/api/v1/namespaces/default/configmaps/refused')).status, 404, 'nothing was written');
      assert.deepEqual(logged.filter((l) => l.includes('internal error')), []);
      u.store.setAvailable(true);
      assert.equal((await u.call('POST', '/api/v1/namespaces/default/configmaps', configMap('refused'))).status, 201);
    } finally {
      await u.close();
    }
  });

  it('serves a CRD\'s kinds once established, and stops when it is deleted', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gadgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'gadgets', kind: 'Gadget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { n: { type: 'integer' } } } } } } }],
      },
    };
    const created = await s.call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    assert.deepEqual(created.json.status.conditions.map((c: any) => `${c.type}=${c.status}`), ['NamesAccepted=True', 'Established=True']);
    const cr = await s.call('POST', '/apis/example.com/v1/namespaces/default/gadgets', { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1' }, spec: { n: 1 } });
    assert.equal(cr.status, 201);
    assert.equal((await s.call('GET', '/apis/example.com/v1')).json.resources[0].name, 'gadgets');
    await s.call('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com');
    assert.equal((await s.call('GET', '/apis/example.com/v1/namespaces/default/gadgets')).status, 404);
  });
});

describe('the HTTPS server', () => {
  it('requires the bearer token except on health and version, and writes a 0600 kubeconfig', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-emulator-unit-'));
    const emu = await startEmulator({ port: 0, stateDir: dir, memoryOnly: true, log: () => undefined });
    try {
      const get = (path: string, token?: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = request(`${emu.url}${path}`, { ca: emu.caPem, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end();
        });
      assert.equal((await get('/livez')).status, 200);
      assert.equal((await get('/version')).status, 200);
      const denied = await get('/api/v1/namespaces');
      assert.equal(denied.status, 401);
      assert.equal(JSON.parse(denied.body).reason, 'Unauthorized');
      assert.equal((await get('/api/v1/namespaces', 'wrong')).status, 401);
      assert.equal((await get('/api/v1/namespaces', emu.token)).status, 200);
      assert.equal(statSync(emu.kubeconfigPath).mode & 0o777, 0o600);
      assert.equal(statSync(join(dir, 'pki', 'apiserver.key')).mode & 0o777, 0o600);
    } finally {
      await emu.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
