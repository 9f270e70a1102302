// The client-node ManifestApi against a stand-in API server: the exact requests server-side apply,
// get, delete and discovery send, and the errors manifests read back out of them.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadClientNode } from '../../../src/cluster/client-node';
import { ClientNodeManifestApi } from '../../../src/cluster/manifest-api';
import { statusOf } from '../../../src/manifests/server-errors';

interface Seen {
  method: string;
  url: string;
  contentType?: string;
  auth?: string;
  body: string;
}

const DEPLOYMENT = { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespace: 'shop', name: 'web' };
const NAMESPACE = { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', name: 'shop' };

const routes: Record<string, (req: IncomingMessage, body: string) => [number, unknown]> = {
  'GET /api': () => [200, { kind: 'APIVersions', versions: ['v1'] }],
  'GET /apis': () => [200, { kind: 'APIGroupList', groups: [{ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }] }, { name: 'broken.example.com', versions: [{ groupVersion: 'broken.example.com/v1', version: 'v1' }] }] }],
  'GET /api/v1': () => [200, { groupVersion: 'v1', resources: [{ name: 'namespaces', kind: 'Namespace', namespaced: false }, { name: 'pods', kind: 'Pod', namespaced: true }, { name: 'pods/log', kind: 'Pod', namespaced: true }] }],
  'GET /apis/apps/v1': () => [200, { groupVersion: 'apps/v1', resources: [{ name: 'deployments', kind: 'Deployment', namespaced: true }, { name: 'deployments/scale', kind: 'Scale', namespaced: true }] }],
  'GET /apis/broken.example.com/v1': () => [503, 'service unavailable'],
  'GET /apis/broken.example.com/v1/things/x': () => [500, 'upstream exploded'],
  'PATCH /apis/apps/v1/namespaces/shop/deployments/web': (_req, body) => [200, { ...JSON.parse(body), metadata: { ...JSON.parse(body).metadata, resourceVersion: '7' } }],
  'GET /apis/apps/v1/namespaces/shop/deployments/web': () => [200, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } }],
  'GET /api/v1/namespaces/shop': () => [404, { kind: 'Status', apiVersion: 'v1', code: 404, reason: 'NotFound', message: 'namespaces "shop" not found' }],
  'PATCH /api/v1/namespaces/shop': () => [409, { kind: 'Status', apiVersion: 'v1', code: 409, reason: 'Conflict', message: 'Apply failed with 1 conflict: conflict with "kubectl" using v1: .metadata.labels.team', details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl" using v1', field: '.metadata.labels.team' }] } }],
  'DELETE /apis/apps/v1/namespaces/shop/deployments/web': () => [200, { kind: 'Status', code: 200 }],
  'DELETE /api/v1/namespaces/shop': () => [404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'namespaces "shop" not found' }],
};

describe('ClientNodeManifestApi', () => {
  let server: Server;
  let api: ClientNodeManifestApi;
  const seen: Seen[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        const url = new URL(req.url ?? '/', 'http://x');
        seen.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'], auth: req.headers.authorization, body });
        const route = routes[`${req.method} ${url.pathname}`];
        const [code, answer] = route ? route(req, body) : [404, { kind: 'Status', code: 404, message: 'no route' }];
        res.writeHead(code, { 'content-type': typeof answer === 'string' ? 'text/plain' : 'application/json' });
        res.end(typeof answer === 'string' ? answer : JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const clientNode = await loadClientNode();
    const kc = new clientNode.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'secret-token' }],
      contexts: [{ name: 'ctx', cluster: 'c', user: 'u', namespace: 'team-a' }],
      currentContext: 'ctx',
    });
    api = new ClientNodeManifestApi(kc, 'ctx');
  });

  after(async () => {
    api.dispose();
    await new Promise((resolve) => server.close(resolve));
  });

  const last = () => seen[seen.length - 1];

  it("takes the context's namespace as the default for documents without one", () => {
    assert.equal(api.defaultNamespace, 'team-a');
  });

  it('applies with a server-side apply PATCH as cluster-anatomy, Strict, and the dry-run and force flags', async () => {
    const object = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 3 } };
    const stored = await api.apply(DEPLOYMENT, object, { dryRun: true, force: false, fieldManager: 'cluster-anatomy', fieldValidation: 'Strict' });
    assert.equal(stored.metadata?.resourceVersion, '7');
    const req = last();
    assert.equal(req.method, 'PATCH');
    assert.equal(req.contentType, 'application/apply-patch+yaml');
    assert.equal(req.auth, 'Bearer secret-token', "client-node's credentials are on the request");
    const q = new URL(req.url, 'http://x').searchParams;
    assert.deepEqual(Object.fromEntries(q), { fieldManager: 'cluster-anatomy', fieldValidation: 'Strict', force: 'false', dryRun: 'All' });
    assert.deepEqual(JSON.parse(req.body), object);

    await api.apply(DEPLOYMENT, object, { dryRun: false, force: true, fieldManager: 'cluster-anatomy', fieldValidation: 'Strict' });
    const real = new URL(last().url, 'http://x').searchParams;
    assert.equal(real.get('dryRun'), null, 'a real apply is not a dry run');
    assert.equal(real.get('force'), 'true');
  });

  it('throws the server Status of a conflict so the managers and fields can be read', async () => {
    const err = await api.apply(NAMESPACE, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, { dryRun: false, force: false, fieldManager: 'cluster-anatomy', fieldValidation: 'Strict' }).then(
      () => assert.fail('the apply should fail'),
      (e: unknown) => e,
    );
    const status = statusOf(err);
    assert.equal(status?.code, 409);
    assert.equal(status?.details?.causes?.[0].field, '.metadata.labels.team');
  });

  it('gets an object, and undefined for a 404', async () => {
    assert.equal((await api.get(DEPLOYMENT))?.metadata?.name, 'web');
    assert.equal(await api.get(NAMESPACE), undefined);
  });

  it('deletes with foreground propagation, and says false when the object was already gone', async () => {
    assert.equal(await api.delete(DEPLOYMENT, { propagationPolicy: 'Foreground' }), true);
    assert.equal(last().method, 'DELETE');
    assert.equal(JSON.parse(last().body).propagationPolicy, 'Foreground');
    assert.equal(await api.delete(NAMESPACE, { propagationPolicy: 'Foreground' }), false);
  });

  it('discovers kinds from /api and /apis without subresources, despite one broken group', async () => {
    const { resources } = await api.discover();
    assert.deepEqual(resources.map((r) => `${r.group}/${r.version}/${r.kind}/${r.plural}/${r.namespaced}`).sort(), ['/v1/Namespace/namespaces/false', '/v1/Pod/pods/true', 'apps/v1/Deployment/deployments/true']);
  });

  it('turns a non-Status error body (a proxy, an aggregated API) into a Status with the HTTP code', async () => {
    const err = await api.get({ group: 'broken.example.com', version: 'v1', kind: 'Thing', plural: 'things', name: 'x' }).then(
      () => assert.fail('a 500 is an error'),
      (e: unknown) => e,
    );
    const status = statusOf(err);
    assert.equal(status?.code, 500, 'the server answered: not "unreachable"');
    assert.match(status?.message ?? '', /upstream exploded/);
  });
});
