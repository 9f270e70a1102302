// The real client path (client-node's KubeConfig auth + Watch) against a small in-process
// HTTP server standing in for kube-apiserver on loopback.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { RealClock } from '../../../src/kube/clock.js';
import { createConnection } from '../../../src/cluster/index.js';
import { loadKubeconfigs } from '../../../src/cluster/kubeconfig.js';
import { waitFor } from './fixtures/fake-transport.js';
import { SEED_READYZ } from './fixtures/readyz.js';
import type { KubeObject } from '../../../src/kube/object.js';
import { pod, seedNodes, seedPods } from './fixtures/seed-cluster.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-transport-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

interface FakeApiServer {
  server: http.Server;
  port: number;
  authHeaders: string[];
  podWatches: http.ServerResponse[];
}

function startServer(port = 0, opts: { forbidPodsAcrossNamespaces?: boolean; extraPods?: KubeObject[] } = {}): Promise<FakeApiServer> {
  const s: FakeApiServer = { server: undefined as unknown as http.Server, port: 0, authHeaders: [], podWatches: [] };
  const allPods = () => [...(opts.extraPods ?? []), ...seedPods()];
  s.server = http.createServer((req, res) => {
    s.authHeaders.push(String(req.headers.authorization));
    const url = new URL(req.url!, 'http://x');
    const list = (items: unknown[]) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '500' }, items }));
    };
    if (opts.forbidPodsAcrossNamespaces && url.pathname === '/api/v1/pods') {
      res.writeHead(403, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" at the cluster scope' }));
    }
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      if (url.pathname === '/api/v1/pods') s.podWatches.push(res);
      return;
    }
    if (url.pathname === '/api/v1/nodes') return list(seedNodes());
    // As kube-apiserver: pods across namespaces (with `metadata.namespace!=x`) or of one namespace.
    const except = /^metadata\.namespace!=(.+)$/.exec(url.searchParams.get('fieldSelector') ?? '')?.[1];
    if (url.pathname === '/api/v1/pods') return list(allPods().filter((p) => p.metadata.namespace !== except));
    const ns = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname)?.[1];
    if (ns) return list(allPods().filter((p) => p.metadata.namespace === ns));
    if (url.pathname.endsWith('/leases')) return list([]);
    if (url.pathname === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return res.end(SEED_READYZ);
    }
    if (url.pathname === '/version') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ major: '1', minor: '34', gitVersion: 'v1.34.1' }));
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => s.server.listen(port, '127.0.0.1', () => resolve({ ...s, port: (s.server.address() as AddressInfo).port, podWatches: s.podWatches, authHeaders: s.authHeaders })));
}

function stopServer(s: FakeApiServer): Promise<void> {
  s.server.closeAllConnections();
  return new Promise((resolve) => s.server.close(() => resolve()));
}

test('a context from kubeconfig connects through client-node, follows watches, and recovers after a server restart', async () => {
  let api = await startServer();
  const file = path.join(dir, 'config');
  fs.writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: local
clusters:
- name: local
  cluster: { server: "http://127.0.0.1:${api.port}", insecure-skip-tls-verify: true }
users:
- name: dev
  user: { token: test-token-123 }
contexts:
- name: local
  context: { cluster: local, user: dev }
`,
  );
  const kubeconfigs = await loadKubeconfigs({ kubeconfigEnv: file });
  const conn = await createConnection({ kubeconfigs, contextName: 'local', clock: new RealClock(), flushDelayMs: 5, backoff: { initialMs: 20, maxMs: 100, factor: 2, jitter: 0 } });
  try {
    conn.start();
    await waitFor(() => conn.state.phase === 'connected' && api.podWatches.length === 1, 'connected', 5000);
    assert.deepEqual(conn.model.nodeNames(), ['whale1', 'whale2', 'whale3']);
    assert.ok(api.authHeaders.every((h) => h === 'Bearer test-token-123'), 'every request carries the kubeconfig credentials');

    api.podWatches[0].write(JSON.stringify({ type: 'ADDED', object: pod('default', 'web-1', 'whale2') }) + '\n');
    await waitFor(() => conn.model.pod('default/web-1') !== undefined, 'the watched pod', 5000);

    const health = await conn.probeApiServer();
    assert.equal(health.readyz.ok, true);
    assert.equal(health.readyz.checks.length, 27);
    assert.equal((await conn.serverVersion()).gitVersion, 'v1.34.1');

    const port = api.port;
    await stopServer(api);
    await waitFor(() => conn.state.phase === 'reconnecting', 'reconnecting', 5000);
    assert.equal(conn.model.stale, true);

    api = await startServer(port);
    await waitFor(() => conn.state.phase === 'connected' && !conn.model.stale, 'recovered', 5000);
  } finally {
    conn.dispose();
    await stopServer(api);
  }
});

test('RBAC forbids pods across namespaces: the kubeconfig context\'s namespace is listed instead', async () => {
  const api = await startServer(0, { forbidPodsAcrossNamespaces: true, extraPods: [pod('dev', 'api-7d9c', 'whale2'), pod('prod', 'web-1', 'whale3')] });
  const file = path.join(dir, 'config-dev');
  fs.writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: jane@local
clusters:
- name: local
  cluster: { server: "http://127.0.0.1:${api.port}", insecure-skip-tls-verify: true }
users:
- name: jane
  user: { token: jane-token }
contexts:
- name: jane@local
  context: { cluster: local, user: jane, namespace: dev }
`,
  );
  const kubeconfigs = await loadKubeconfigs({ kubeconfigEnv: file });
  const conn = await createConnection({ kubeconfigs, contextName: 'jane@local', clock: new RealClock(), flushDelayMs: 5 });
  try {
    conn.start();
    await waitFor(() => conn.state.phase === 'connected' && conn.model.pod('dev/api-7d9c') !== undefined, 'connected with the namespace fallback', 5000);
    assert.deepEqual(conn.state.forbidden.map((f) => f.shownNamespaces), [['dev', 'kube-system']]);
    assert.equal(conn.model.pod('prod/web-1'), undefined);
    assert.equal(conn.model.controlPlaneComponent('etcd').instances.length, 1);
  } finally {
    conn.dispose();
    await stopServer(api);
  }
});
