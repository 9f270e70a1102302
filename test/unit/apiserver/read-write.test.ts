// Create/update/patch/get/list behaviour of the API server core, in-process.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { configMap, pod, testServer, type TestServer } from './support';

describe('API server writes', () => {
  let s: TestServer;
  before(async () => (s = await testServer()));
  after(() => s.close());

  it('creates with server-set metadata and a 5-character generateName suffix', async () => {
    const r = await s.call('POST', '/api/v1/namespaces/default/pods', { ...pod(''), metadata: { generateName: 'web-' } });
    assert.equal(r.status, 201);
    assert.match(r.json.metadata.name, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.match(r.json.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.equal(r.json.metadata.creationTimestamp, '2026-01-01T00:00:00Z');
    assert.equal(r.json.metadata.generation, 1);
    assert.equal(r.json.status.phase, 'Pending');
    assert.equal(r.json.spec.restartPolicy, 'Always');
  });

  it('writes a generated name first in metadata, as kube-apiserver does, not after the owner references', async () => {
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7c6b9d', uid: '0b1c2d3e-0000-4000-8000-000000000001', controller: true };
    const r = await s.call('POST', '/api/v1/namespaces/default/pods', { ...pod(''), metadata: { generateName: 'web-5d8f7c6b9d-', labels: { app: 'web' }, ownerReferences: [owner] } });
    assert.equal(r.status, 201);
    assert.equal(Object.keys(r.json.metadata)[0], 'name');
    const got = await s.call('GET', `/api/v1/namespaces/default/pods/${r.json.metadata.name}`);
    assert.match(got.text, /^\{"apiVersion":"v1","kind":"Pod","metadata":\{"name":"web-5d8f7c6b9d-[a-z0-9]{5}"/);
  });

  it('generates a name when the body says name: "" beside generateName', async () => {
    const r = await s.call('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '', generateName: 'gen-' } });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    assert.match(r.json.metadata.name, /^gen-[a-z0-9]{5}$/);
    assert.equal(Object.keys(r.json.metadata)[0], 'name');
  });

  it('does not store a dryRun=All create', async () => {
    const r = await s.call('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', configMap('dry'));
    assert.equal(r.status, 201);
    assert.equal((await s.call('GET', '/api/v1/namespaces/default/configmaps/dry')).status, 404);
  });

  it('answers 409 AlreadyExists and 404 NotFound as kube-apiserver words them', async () => {
    await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap('dup'));
    const again = await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap('dup'));
    assert.equal(again.status, 409);
    assert.equal(again.json.reason, 'AlreadyExists');
    assert.equal(again.json.message, 'configmaps "dup" already exists');
    const missing = await s.call('GET', '/apis/apps/v1/namespaces/default/deployments/nope');
    assert.equal(missing.json.message, 'deployments.apps "nope" not found');
  });

  it('refuses objects in missing or terminating namespaces', async () => {
    const missing = await s.call('POST', '/api/v1/namespaces/ghost/configmaps', configMap('x'));
    assert.equal(missing.status, 404);
    assert.equal(missing.json.message, 'namespaces "ghost" not found');
    await s.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    await s.call('POST', '/api/v1/namespaces/doomed/configmaps', { ...configMap('held'), metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    await s.call('DELETE', '/api/v1/namespaces/doomed');
    const terminating = await s.call('POST', '/api/v1/namespaces/doomed/configmaps', configMap('late'));
    assert.equal(terminating.status, 403);
    assert.equal(terminating.json.message, 'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated');
  });

  it('rejects bodies that do not match the URL, bad media types, malformed and oversized bodies', async () => {
    const kind = await s.call('POST', '/api/v1/namespaces/default/configmaps', { ...configMap('k'), kind: 'Secret' });
    assert.equal(kind.status, 400);
    const version = await s.call('POST', '/api/v1/namespaces/default/configmaps', { ...configMap('k'), apiVersion: 'apps/v1' });
    assert.match(version.json.message, /the API version in the data \(apps\/v1\) does not match the expected API version \(v1\)/);
    const ns = await s.call('POST', '/api/v1/namespaces/default/configmaps', { ...configMap('k'), metadata: { name: 'k', namespace: 'other' } });
    assert.match(ns.json.message, /does not match the namespace sent on the request/);
    await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap('named'));
    const name = await s.call('PUT', '/api/v1/namespaces/default/configmaps/named', configMap('other'));
    assert.equal(name.json.message, 'the name of the object (other) does not match the name on the URL (named)');
    assert.equal((await s.call('POST', '/api/v1/namespaces/default/configmaps', 'x', { 'content-type': 'text/plain' })).status, 415);
    const malformed = await s.call('POST', '/api/v1/namespaces/default/configmaps', '{"metadata": ', { 'content-type': 'application/json' });
    assert.equal(malformed.status, 400);
    assert.match(malformed.json.message, /json parse error/);
    const yaml = await s.call('POST', '/api/v1/namespaces/default/configmaps', 'metadata: {name: y\n', { 'content-type': 'application/yaml' });
    assert.equal(yaml.status, 400);
    const big = await s.call('POST', '/api/v1/namespaces/default/configmaps', Buffer.alloc(3 * 1024 * 1024 + 1, 32));
    assert.equal(big.status, 413);
    assert.equal((await s.call('GET', '/apis/nope.example.com/v1/things')).status, 404);
  });

  it('enforces optimistic concurrency and bumps generation only on spec changes', async () => {
    const created = (await s.call('POST', '/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    })).json;
    const labelled = await s.call('PUT', '/apis/apps/v1/namespaces/default/deployments/web', { ...created, metadata: { ...created.metadata, labels: { x: 'y' } } });
    assert.equal(labelled.status, 200);
    assert.equal(labelled.json.metadata.generation, 1);
    const stale = await s.call('PUT', '/apis/apps/v1/namespaces/default/deployments/web', { ...created, spec: { ...created.spec, replicas: 3 } });
    assert.equal(stale.status, 409);
    assert.equal(stale.json.message, 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again');
    const scaled = await s.call('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { spec: { replicas: 3 } });
    assert.equal(scaled.json.metadata.generation, 2);
    const scale = await s.call('GET', '/apis/apps/v1/namespaces/default/deployments/web/scale');
    assert.deepEqual([scale.json.kind, scale.json.spec.replicas, scale.json.status.selector], ['Scale', 3, 'a=b']);
  });

  it('keeps status and spec apart between the resource and its status subresource', async () => {
    const created = (await s.call('POST', '/api/v1/namespaces/default/pods', pod('split'))).json;
    const viaMain = await s.call('PUT', '/api/v1/namespaces/default/pods/split', { ...created, status: { phase: 'Running' } });
    assert.equal(viaMain.json.status.phase, 'Pending');
    const viaStatus = await s.call('PUT', '/api/v1/namespaces/default/pods/split/status', { ...viaMain.json, status: { ...viaMain.json.status, phase: 'Running' }, metadata: { ...viaMain.json.metadata, labels: { ignored: 'yes' } } });
    assert.equal(viaStatus.status, 200);
    assert.equal(viaStatus.json.status.phase, 'Running');
    assert.equal(viaStatus.json.metadata.labels, undefined);
  });

  it('validates with 422 Invalid and field paths', async () => {
    const r = await s.call('POST', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [] } });
    assert.equal(r.status, 422);
    assert.equal(r.json.reason, 'Invalid');
    const fields = r.json.details.causes.map((c: any) => c.field);
    assert.ok(fields.includes('metadata.name'), JSON.stringify(fields));
    assert.ok(fields.includes('spec.containers'), JSON.stringify(fields));
  });

  it('applies fieldValidation Strict and Warn', async () => {
    const strict = await s.call('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', { ...configMap('fv'), spec: { foo: 1 } });
    assert.equal(strict.status, 400);
    assert.match(strict.json.message, /unknown field "spec"/);
    const warn = await s.call('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', { ...configMap('fv'), bogus: 1 });
    assert.equal(warn.status, 201);
    assert.equal(warn.headers.warning, '299 - "unknown field \\"bogus\\""');
  });

  it('binds a pod once and refuses a second binding with 409', async () => {
    await s.call('POST', '/api/v1/namespaces/default/pods', pod('bindme'));
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bindme' }, target: { kind: 'Node', name: 'whale1' } };
    assert.equal((await s.call('POST', '/api/v1/namespaces/default/pods/bindme/binding', binding)).status, 201);
    const bound = await s.call('GET', '/api/v1/namespaces/default/pods/bindme');
    assert.equal(bound.json.spec.nodeName, 'whale1');
    assert.equal(bound.json.status.conditions.find((c: any) => c.type === 'PodScheduled').status, 'True');
    const again = await s.call('POST', '/api/v1/namespaces/default/pods/bindme/binding', { ...binding, target: { kind: 'Node', name: 'whale2' } });
    assert.equal(again.status, 409);
    assert.match(again.json.message, /already assigned to node "whale1"/);
  });

  it('refuses an eviction a PodDisruptionBudget does not allow', async () => {
    await s.call('POST', '/api/v1/namespaces/default/pods', pod('guarded', { metadata: { labels: { app: 'db' } }, spec: { nodeName: 'whale1' } }));
    const live = (await s.call('GET', '/api/v1/namespaces/default/pods/guarded')).json;
    assert.equal((await s.call('PUT', '/api/v1/namespaces/default/pods/guarded/status', { ...live, status: { ...live.status, phase: 'Running' } })).status, 200);
    await s.call('POST', '/apis/policy/v1/namespaces/default/poddisruptionbudgets', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'db' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'db' } } } });
    const r = await s.call('POST', '/api/v1/namespaces/default/pods/guarded/eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'guarded' } });
    assert.equal(r.status, 429);
    assert.equal(r.json.reason, 'TooManyRequests');
    assert.equal((await s.call('GET', '/api/v1/namespaces/default/pods/guarded')).status, 200);
  });

  it('evicts when the budget allows one disruption, and spends it', async () => {
    const pdb = (await s.call('GET', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/db')).json;
    const allowed = await s.call('PUT', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/db/status', { ...pdb, status: { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, observedGeneration: 1 } });
    assert.equal(allowed.status, 200, allowed.text);
    const r = await s.call('POST', '/api/v1/namespaces/default/pods/guarded/eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'guarded' } });
    assert.equal(r.status, 201, r.text);
    assert.equal((await s.call('GET', '/api/v1/namespaces/default/pods/guarded')).status, 404);
    const after = (await s.call('GET', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/db')).json;
    assert.equal(after.status.disruptionsAllowed, 0);
    assert.ok(after.status.disruptedPods.guarded);
  });

  it('allocates ClusterIPs and NodePorts for Services', async () => {
    const r = await s.call('POST', '/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'np' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } });
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.spec.clusterIP, /^10\.(9[6-9]|10\d|11[01])\./);
    assert.ok(r.json.spec.ports[0].nodePort >= 30000 && r.json.spec.ports[0].nodePort <= 32767);
    const kept = await s.call('PUT', '/api/v1/namespaces/default/services/np', { ...r.json, spec: { ...r.json.spec, clusterIP: undefined, clusterIPs: undefined } });
    assert.equal(kept.json.spec.clusterIP, r.json.spec.clusterIP);
  });
});
