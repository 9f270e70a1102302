// Sends >= 10,000 random and mutated requests (paths, methods, headers, query strings,
// bodies) to an emulator process; afterwards it must still answer /readyz and every object
// created before the fuzzing must be unchanged. Seeded, so a failure can be replayed.
import { seededRandom } from '../../src/kube/seeded-random';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { removeStateDir, startEmulatorProcess, type EmulatorProcess } from './support/emulator-process';
import { clientFromKubeconfig, type RawClient, type RawRequest } from './support/https-client';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const CONCURRENCY = 16;


const SEED_NS = 'fuzz-seed';

const PATHS = [
  '/api', '/api/v1', '/apis', '/apis/apps', '/apis/apps/v1', '/version', '/livez', '/readyz?verbose', '/healthz/etcd', '/openapi/v2', '/openapi/v3', '/openapi/v3/api/v1',
  '/api/v1/namespaces', '/api/v1/namespaces/default/pods', '/api/v1/namespaces/default/pods/p', '/api/v1/namespaces/default/pods/p/status', '/api/v1/namespaces/default/pods/p/binding',
  '/api/v1/namespaces/default/pods/p/log', '/api/v1/namespaces/default/pods/p/eviction', '/api/v1/namespaces/fz/configmaps', '/api/v1/namespaces/default/configmaps/c',
  '/api/v1/namespaces/default/services', '/api/v1/namespaces/default/secrets/s', '/api/v1/nodes', '/api/v1/nodes/n1', '/api/v1/pods', '/api/v1/watch/namespaces/default/pods',
  '/apis/apps/v1/namespaces/default/deployments', '/apis/apps/v1/namespaces/default/deployments/d/scale', '/apis/batch/v1/namespaces/default/jobs', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
  '/apis/example.com/v1/namespaces/default/widgets', '/apis/events.k8s.io/v1/events', '/apis/policy/v1/namespaces/default/poddisruptionbudgets', '/apis/nope/v1/things', '/', '/metrics',
];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'PATCH', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'FOO'];
const CONTENT_TYPES = ['application/json', 'application/yaml', 'application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml', 'application/vnd.kubernetes.protobuf', 'text/plain', 'application/json; charset=utf-8', '', 'application/x-www-form-urlencoded', ';;;'];
const ACCEPTS = ['application/json', 'application/json;as=Table;v=v1;g=meta.k8s.io', 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io', 'application/vnd.kubernetes.protobuf', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', '*/*', 'text/html', 'application/json;as=Table;g=nope', ''];
const QUERY_KEYS = ['labelSelector', 'fieldSelector', 'limit', 'continue', 'resourceVersion', 'resourceVersionMatch', 'watch', 'timeoutSeconds', 'allowWatchBookmarks', 'sendInitialEvents', 'dryRun', 'fieldManager', 'fieldValidation', 'force', 'propagationPolicy', 'gracePeriodSeconds', 'includeObject', 'container', 'tailLines', 'exclude', 'verbose', 'pretty', '%zz', ''];
const QUERY_VALUES = ['', 'true', '0', '-1', '1', '500', '99999999999999999999', 'All', 'Strict', 'Warn', 'Exact', 'NotOlderThan', 'app=web', 'app in (a,b)', '!x', 'a=b,c!=d', 'metadata.name=x', 'spec.nodeName=n', 'spec.bogus=1', '(((', 'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiIuLi8uLiJ9', 'eyJ2Ijp9', '%00', '☃', 'Orphan', 'Foreground', 'x'.repeat(300)];
const VALID_BODIES = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: 'b' } }, data: { k: 'v' } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } },
  { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { kind: 'Node', name: 'n1' } },
  { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p' } },
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] } },
  [{ op: 'replace', path: '/data/k', value: 'z' }],
  [{ op: 'remove', path: '/metadata' }],
  { metadata: { labels: { x: null } }, spec: { replicas: 'many' } },
];

function mutate(value: unknown, rnd: () => number, depth = 0): unknown {
  if (depth > 6) return value;
  const r = rnd();
  if (r < 0.08) return null;
  if (r < 0.14) return ['x', 1, true, {}, [], -1e308, '\u0000', 'a'.repeat(1000)][Math.floor(rnd() * 8)];
  if (Array.isArray(value)) return value.map((v) => mutate(v, rnd, depth + 1)).concat(rnd() < 0.2 ? [{}] : []);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (rnd() > 0.1) out[rnd() < 0.05 ? `${k}Bogus` : k] = mutate(v, rnd, depth + 1);
    if (rnd() < 0.1) out[['status', 'spec', 'metadata', '__proto__', 'constructor', 'kind'][Math.floor(rnd() * 6)]] = mutate({ a: 1 }, rnd, depth + 1);
    return out;
  }
  return value;
}

function randomBody(rnd: () => number): string | Buffer | undefined {
  const r = rnd();
  if (r < 0.15) return undefined;
  if (r < 0.25) return Buffer.from(Array.from({ length: Math.floor(rnd() * 300) }, () => Math.floor(rnd() * 256)));
  if (r < 0.3) return '{'.repeat(Math.floor(rnd() * 5000));
  if (r < 0.33) return `${'['.repeat(3000)}${']'.repeat(3000)}`;
  if (r < 0.38) return 'a: [b\n  c: {d\n';
  if (r < 0.41) return 'x'.repeat(3 * 1024 * 1024 + 10);
  if (r < 0.44) return Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), Buffer.from(Array.from({ length: 64 }, () => Math.floor(rnd() * 256)))]);
  const base = VALID_BODIES[Math.floor(rnd() * VALID_BODIES.length)];
  const body = rnd() < 0.3 ? base : mutate(base, rnd);
  return JSON.stringify(body);
}

function mutatePath(path: string, rnd: () => number): string {
  const r = rnd();
  if (r < 0.6) return path;
  if (r < 0.7) return `${path}/${['x', '..', '%2e%2e', '%ff', '😀', '', 'status', 'scale', 'log'][Math.floor(rnd() * 9)]}`;
  if (r < 0.8) return path.replace(/[a-z]/, (c) => String.fromCharCode(c.charCodeAt(0) + 1));
  if (r < 0.85) return `${path}${'/a'.repeat(Math.floor(rnd() * 50))}`;
  if (r < 0.9) return path.split('/').reverse().join('/');
  if (r < 0.95) return path.replace('default', ['kube-system', 'nope', 'UPPER', '%00', 'a'.repeat(300)][Math.floor(rnd() * 5)]);
  return `/${encodeURIComponent(path)}`;
}

function randomRequest(rnd: () => number): RawRequest {
  const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)];
  let path = mutatePath(pick(PATHS), rnd);
  const params: string[] = [];
  const n = Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) params.push(`${encodeURIComponent(pick(QUERY_KEYS))}=${encodeURIComponent(pick(QUERY_VALUES))}`);
  if (rnd() < 0.05) params.push('%%%&&==');
  // Watches stay open; bound them so the fuzzer does not wait on them.
  if (params.some((p) => p.startsWith('watch=')) || path.includes('/watch/')) params.push('timeoutSeconds=1');
  if (params.length > 0) path += `${path.includes('?') ? '&' : '?'}${params.join('&')}`;
  const headers: Record<string, string> = {};
  const ct = pick(CONTENT_TYPES);
  if (ct) headers['content-type'] = ct;
  const accept = pick(ACCEPTS);
  if (accept) headers.accept = accept;
  if (rnd() < 0.1) headers['if-none-match'] = pick(['"x"', '*', '']);
  if (rnd() < 0.1) headers['user-agent'] = pick(['', 'kubectl/v1.34', '\u00ff\u00fe', 'x'.repeat(500)]);
  // Node's client refuses raw spaces and non-ASCII in paths; percent-encode those bytes.
  path = path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
  return { method: pick(METHODS), path, headers, body: randomBody(rnd), anonymous: rnd() < 0.03, timeoutMs: 5000 };
}

describe('fuzzing the API server', () => {
  let emu: EmulatorProcess;
  let client: RawClient;
  const seeded = new Map<string, string>();

  before(async () => {
    // The API server alone: the scheduler would otherwise bind pod-0 and the seeded objects change.
    emu = await startEmulatorProcess({ args: ['--no-control-loops'] });
    client = clientFromKubeconfig(emu.kubeconfig, CONCURRENCY);
    const post = async (path: string, body: unknown) => {
      const res = await client.send({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(res.status, 201, res.body);
      return JSON.parse(res.body);
    };
    await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: SEED_NS } });
    for (let i = 0; i < 5; i++) {
      for (const [plural, body] of [
        ['configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, labels: { app: 'web' } }, data: { i: String(i) } }],
        ['secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: `secret-${i}` }, stringData: { pw: `pw-${i}` } }],
        ['pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }],
      ] as const) {
        const obj = await post(`/api/v1/namespaces/${SEED_NS}/${plural}`, body);
        seeded.set(`/api/v1/namespaces/${SEED_NS}/${plural}/${obj.metadata.name}`, JSON.stringify(obj));
      }
    }
  });
  after(async () => {
    client?.close();
    await emu?.stop();
    if (emu) removeStateDir(emu.stateDir);
  });

  it(`survives ${REQUESTS} random and mutated requests with earlier objects intact`, { timeout: 240000 }, async () => {
    const rnd = seededRandom(SEED);
    const statuses = new Map<number, number>();
    let next = 0;
    const unexpected: string[] = [];
    const started = Date.now();
    const worker = async () => {
      while (next < REQUESTS) {
        next++;
        const req = randomRequest(rnd);
        if (req.path.includes(SEED_NS)) continue;
        const res = await client.send(req);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        // Bad input must be a 4xx: every 5xx is logged with the request that produced it (its
        // body too, so it can be replayed).
        if (res.status >= 500) {
          const body = req.body === undefined ? '' : Buffer.isBuffer(req.body) ? `base64:${req.body.toString('base64').slice(0, 300)}` : req.body.slice(0, 300);
          unexpected.push(`${req.method} ${req.path.slice(0, 200)} [${req.headers?.['content-type'] ?? ''}] body=${body} -> ${res.status} ${res.body.slice(0, 400)}`);
        }
        if (res.status !== 0 && !res.timedOut && req.method !== 'HEAD' && String(res.headers['content-type'] ?? '').startsWith('application/json') && res.status >= 400) {
          const status = JSON.parse(res.body);
          if (status.kind !== 'Status' || status.code !== res.status) unexpected.push(`${req.method} ${req.path.slice(0, 200)} -> ${res.status} without a matching Status: ${res.body.slice(0, 200)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsed = Date.now() - started;
    assert.deepEqual(unexpected.slice(0, 20), [], `${unexpected.length} unexpected responses`);
    assert.doesNotMatch(emu.stderr(), /internal error on /);
    const ready = await client.send({ method: 'GET', path: '/readyz' });
    assert.equal(ready.status, 200);
    assert.equal(ready.body, 'ok');
    for (const [path, json] of seeded) {
      const res = await client.send({ method: 'GET', path });
      assert.equal(res.status, 200, path);
      const now = JSON.parse(res.body);
      const before = JSON.parse(json);
      if (before.kind === 'Pod') {
        // The scheduler and kubelets (when running) bind pods and write their status.
        assert.equal(now.metadata.uid, before.metadata.uid, path);
        assert.deepEqual(now.spec.containers, before.spec.containers, path);
      } else assert.deepEqual(now, before, path);
    }
    assert.ok(emu.child.exitCode === null, 'the emulator process is still running');
    process.stderr.write(`fuzz: ${REQUESTS} requests in ${elapsed} ms; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}\n`);
    assert.ok((statuses.get(200) ?? 0) > 0 && (statuses.get(404) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0, 'the fuzzer reached both success and error paths');
  });
});
