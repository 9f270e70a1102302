import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../../src/kube/clock.js';
import { ClusterConnection, type ConnectionState } from '../../../src/cluster/connection.js';
import type { ChangeSet } from '../../../src/cluster/model.js';
import type { KubeObject } from '../../../src/kube/object.js';
import type { KubeResponse, Query } from '../../../src/cluster/transport.js';
import { FakeTransport, listBody, statusBody, waitFor } from './fixtures/fake-transport.js';
import { pod, seedLeases, seedNodeLeases, seedNodes, seedPods } from './fixtures/seed-cluster.js';

const PODS = '/api/v1/pods';
const SYSTEM_PODS = '/api/v1/namespaces/kube-system/pods';

/** Pods as the API server lists them: across namespaces (optionally `metadata.namespace!=x`) or in one. */
function listPods(path: string, query: Query, pods: KubeObject[]): KubeResponse | undefined {
  const inNs = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(path);
  if (path !== PODS && !inNs) return undefined;
  const except = /^metadata\.namespace!=(.+)$/.exec(String(query.fieldSelector ?? ''))?.[1];
  return listBody(pods.filter((p) => (inNs ? p.metadata.namespace === inNs[1] : p.metadata.namespace !== except)), '100');
}

function seedServer(extraPods: KubeObject[] = []): FakeTransport {
  const t = new FakeTransport();
  t.onList = (path, query) => {
    if (path === '/api/v1/nodes') return listBody(seedNodes(), '100');
    const pods = listPods(path, query, [...extraPods, ...seedPods()]);
    if (pods) return pods;
    if (path.endsWith('/kube-system/leases')) return listBody(seedLeases(), '100');
    if (path.endsWith('/kube-node-lease/leases')) return listBody(seedNodeLeases(), '100');
    return statusBody(404, 'NotFound', 'the server could not find the requested resource');
  };
  return t;
}

function connect(t: FakeTransport, namespace?: string) {
  const clock = new FakeClock();
  const conn = new ClusterConnection({ contextName: 'whale', transport: t, clock, flushDelayMs: 100, random: () => 0, backoff: { initialMs: 1000, maxMs: 8000, factor: 2, jitter: 0 }, namespace });
  const states: ConnectionState[] = [];
  const changes: ChangeSet[] = [];
  conn.onDidChangeState((s) => states.push(s));
  conn.onDidChange((c) => changes.push(c));
  conn.start();
  return { conn, clock, states, changes };
}

test('connecting lists nodes, pods and Leases, then reports connected with the seed cluster', async () => {
  const t = seedServer();
  const { conn, clock, changes } = connect(t);
  assert.equal(conn.state.phase, 'connecting');
  await waitFor(() => conn.state.phase === 'connected', 'connected');
  assert.deepEqual(t.gets.map((g) => g.path).sort(), ['/api/v1/namespaces/kube-system/pods', '/api/v1/nodes', PODS, '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases']);
  assert.equal(t.gets.find((g) => g.path === PODS)!.query.fieldSelector, 'metadata.namespace!=kube-system', 'kube-system pods are not listed twice');
  assert.equal(changes.length, 0, 'changes wait for the flush timer');
  clock.advance(100);
  assert.equal(changes.length, 1, 'all first lists arrive as one change set');
  assert.deepEqual([...changes[0].nodes].sort(), ['whale1', 'whale2', 'whale3']);
  assert.equal(conn.model.podCount, 9);
  assert.equal(conn.model.controlPlaneComponent('kube-scheduler').instances[0].election, 'leader');
  conn.dispose();
});

test('watch events within one flush interval are batched into a single change set', async () => {
  const t = seedServer();
  const { conn, clock, changes } = connect(t);
  await waitFor(() => t.openWatches().length === 5, 'five watches');
  clock.advance(100);
  changes.length = 0;
  const pods = t.openWatches(PODS)[0];
  pods.send('ADDED', pod('default', 'web-1', 'whale2'));
  pods.send('ADDED', pod('default', 'web-2', 'whale3'));
  clock.advance(99);
  assert.equal(changes.length, 0);
  clock.advance(1);
  assert.equal(changes.length, 1);
  assert.deepEqual([...changes[0].nodes].sort(), ['whale2', 'whale3']);
  assert.deepEqual([...changes[0].pods].sort(), ['default/web-1', 'default/web-2']);
  conn.dispose();
});

test('a dropped connection shows reconnecting and stale data, and recovers by itself', async () => {
  const t = seedServer();
  const { conn, clock, states } = connect(t);
  await waitFor(() => conn.state.phase === 'connected' && t.openWatches().length === 5, 'connected');
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
  t.onWatch = () => refused;
  for (const w of t.openWatches()) w.close(refused);
  assert.equal(conn.state.phase, 'reconnecting');
  assert.match(conn.state.reason!, /ECONNREFUSED/);
  assert.equal(conn.model.stale, true);
  assert.equal(conn.model.podCount, 9, 'the last known state is kept, marked stale');
  // Two more failed attempts: the status stays "reconnecting" instead of flapping.
  clock.advance(1000);
  await waitFor(() => t.watchAttempts === 10, 'second attempts');
  clock.advance(2000);
  await waitFor(() => t.watchAttempts === 15, 'third attempts');
  assert.equal(conn.state.phase, 'reconnecting');
  t.onWatch = () => 'open';
  clock.advance(4000);
  await waitFor(() => conn.state.phase === 'connected', 'connected again');
  assert.equal(conn.model.stale, false);
  const phases = states.map((s) => s.phase).filter((p, i, all) => i === 0 || all[i - 1] !== p);
  assert.deepEqual(phases, ['connected', 'reconnecting', 'connected'], 'no flapping while retrying');
  conn.dispose();
});

test('a cluster unreachable from the start is an error with the reason, retried in the background', async () => {
  const t = new FakeTransport();
  t.onList = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6443'), { code: 'ECONNREFUSED' }));
  const { conn, clock } = connect(t);
  await waitFor(() => conn.state.phase === 'error', 'error');
  assert.equal(conn.state.reason, 'cannot reach the cluster: connect ECONNREFUSED 10.0.0.1:6443');
  assert.equal(conn.state.retryAt, clock.now() + 1000);
  const before = t.gets.length;
  clock.advance(1000);
  await waitFor(() => t.gets.length === before + 5, 'retries');
  conn.dispose();
});

test('RBAC forbidding pods still shows the rest and says what is not allowed', async () => {
  const t = seedServer();
  const base = t.onList;
  t.onList = (path, q) => (path === PODS ? statusBody(403, 'Forbidden', 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" at the cluster scope') : base(path, q));
  const { conn } = connect(t);
  await waitFor(() => conn.state.phase === 'connected', 'connected');
  assert.deepEqual(conn.state.forbidden, [{ resource: 'pods', namespace: undefined, message: 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" at the cluster scope', shownNamespaces: ['default', 'kube-system'] }]);
  assert.equal(conn.model.nodeCount, 3);
  conn.dispose();
});

const FORBIDDEN_ACROSS = 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" at the cluster scope';

test('pods forbidden across namespaces: the context namespace\'s pods are listed and watched instead, and the state says so', async () => {
  const devPods = [pod('dev', 'api-7d9c', 'whale2'), pod('dev', 'db-0', 'whale3')];
  const t = seedServer([...devPods, pod('prod', 'web-1', 'whale2')]);
  const base = t.onList;
  let allowed = false;
  t.onList = (path, q) => (path === PODS && !allowed ? statusBody(403, 'Forbidden', FORBIDDEN_ACROSS) : base(path, q));
  const { conn, clock } = connect(t, 'dev');
  await waitFor(() => conn.state.phase === 'connected' && t.openWatches('/api/v1/namespaces/dev/pods').length === 1, 'connected with the fallback');
  clock.advance(100);
  assert.deepEqual(conn.state.forbidden.map((f) => [f.resource, f.namespace, f.shownNamespaces]), [['pods', undefined, ['dev', 'kube-system']]]);
  assert.equal(conn.model.podsOnNode('whale3').map((p) => `${p.namespace}/${p.name}`).join(), 'dev/db-0,kube-system/kube-proxy-bn4dv');
  assert.equal(conn.model.pod('prod/web-1'), undefined, 'nothing outside what is allowed');
  assert.equal(conn.model.hasSynced('Pod'), true);
  assert.equal(conn.model.controlPlaneComponent('etcd').instances.length, 1, 'the control plane still shows');
  // The namespace's pods are live: a watch event reaches the model.
  t.openWatches('/api/v1/namespaces/dev/pods')[0].send('DELETED', devPods[1]);
  clock.advance(100);
  assert.equal(conn.model.pod('dev/db-0'), undefined);
  // An administrator grants the list across namespaces: the fallback gives way at the next retry.
  allowed = true;
  clock.advance(8000);
  await waitFor(() => conn.state.forbidden.length === 0 && t.openWatches(PODS).length === 1, 'the list across namespaces');
  assert.equal(t.openWatches('/api/v1/namespaces/dev/pods').length, 0, 'the fallback watch is stopped');
  clock.advance(100);
  assert.ok(conn.model.pod('prod/web-1'));
  assert.ok(conn.model.pod('dev/db-0'), 'the fresh list has it (the fake server never deleted it)');
  assert.equal(conn.model.stale, false);
  assert.equal(conn.state.phase, 'connected');
  conn.dispose();
});

test('pods forbidden everywhere but the context namespace: kube-system is reported too', async () => {
  const t = seedServer([pod('dev', 'api-7d9c', 'whale2')]);
  const base = t.onList;
  t.onList = (path, q) => (path === PODS ? statusBody(403, 'Forbidden', FORBIDDEN_ACROSS) : path === SYSTEM_PODS ? statusBody(403, 'Forbidden', 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "kube-system"') : base(path, q));
  const { conn, clock } = connect(t, 'dev');
  await waitFor(() => conn.state.phase === 'connected' && conn.state.forbidden.length === 2, 'connected');
  clock.advance(100);
  assert.deepEqual(conn.state.forbidden.map((f) => [f.resource, f.namespace ?? '', f.shownNamespaces?.join() ?? '']), [['pods', 'kube-system', ''], ['pods', '', 'dev']]);
  assert.equal(conn.model.podCount, 1);
  assert.equal(conn.model.hasSynced('Pod'), true, 'every pod the user may see is in');
  conn.dispose();
});

test('the control plane is in the model before the workload pods finish listing', async () => {
  const t = seedServer([pod('default', 'web-1', 'whale2')]);
  const base = t.onList;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  t.onList = async (path, q) => {
    if (path === PODS) await held;
    return base(path, q);
  };
  const { conn, clock, changes } = connect(t);
  await waitFor(() => t.openWatches(SYSTEM_PODS).length === 1 && conn.model.hasSynced('Node'), 'nodes and kube-system pods');
  clock.advance(100);
  assert.equal(changes.length, 1);
  assert.equal(conn.model.controlPlaneComponent('kube-apiserver').instances.length, 1);
  assert.equal(conn.model.hasSynced('Pod'), false, 'not every pod yet');
  assert.equal(conn.state.phase, 'connecting');
  release();
  await waitFor(() => conn.state.phase === 'connected', 'connected');
  clock.advance(100);
  assert.ok(conn.model.pod('default/web-1'));
  assert.equal(conn.model.hasSynced('Pod'), true);
  conn.dispose();
});

test('expired credentials are an error that says so', async () => {
  const t = new FakeTransport();
  t.onList = () => statusBody(401, 'Unauthorized', 'Unauthorized');
  const { conn } = connect(t);
  await waitFor(() => conn.state.phase === 'error', 'error');
  assert.equal(conn.state.unauthorized, true);
  assert.match(conn.state.reason!, /rejected the credentials of context "whale" \(401 Unauthorized\)/);
  conn.dispose();
});

test('dispose stops every watch and timer of the connection', async () => {
  const t = seedServer();
  const { conn, clock, changes } = connect(t);
  await waitFor(() => t.openWatches().length === 5, 'five watches');
  conn.dispose();
  assert.equal(t.openWatches().length, 0);
  assert.equal(conn.state.phase, 'disposed');
  clock.advance(60_000);
  assert.equal(changes.length, 0);
});

test('API server probes are reused while fresh, so a burst of hovers probes once', async () => {
  const t = seedServer();
  const base = t.onList;
  t.onList = (path, q) => (path === '/readyz' || path === '/livez' ? { status: 200, body: '[+]ping ok\nreadyz check passed\n' } : base(path, q));
  const { conn, clock } = connect(t);
  const first = await conn.probeApiServer(5000);
  assert.equal(first.readyz.ok, true);
  await conn.probeApiServer(5000);
  assert.equal(t.gets.filter((g) => g.path === '/readyz').length, 1);
  clock.advance(5001);
  await conn.probeApiServer(5000);
  assert.equal(t.gets.filter((g) => g.path === '/readyz').length, 2);
  conn.dispose();
});

test('workload pods fill in page by page while the list across namespaces is still coming, one change set a second', async () => {
  const workloads = [pod('default', 'web-1', 'whale2'), pod('default', 'web-2', 'whale3'), pod('default', 'web-3', 'whale2')];
  const t = seedServer();
  const base = t.onList;
  const gates = [0, 1].map(() => {
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    return { open, opened };
  });
  t.onList = async (path, q) => {
    if (path !== PODS) return base(path, q);
    if (!q.continue) {
      await gates[0].opened;
      return listBody(workloads.slice(0, 2), '100', 'next');
    }
    await gates[1].opened;
    return listBody(workloads.slice(2), '100');
  };
  const clock = new FakeClock();
  const conn = new ClusterConnection({ contextName: 'whale', transport: t, clock, flushDelayMs: 100, pageSize: 2 });
  const changes: ChangeSet[] = [];
  conn.onDidChange((c) => changes.push(c));
  conn.start();
  await waitFor(() => conn.model.hasSynced('Node') && t.openWatches(SYSTEM_PODS).length === 1, 'nodes and kube-system pods');
  clock.advance(100);
  assert.equal(changes.length, 1, 'nodes and the control plane at once');
  gates[0].open();
  await waitFor(() => conn.model.pod('default/web-2') !== undefined, 'the first page');
  assert.equal(conn.model.podsOnNode('whale3').length, 2, 'kube-proxy and web-2');
  assert.equal(conn.model.hasSynced('Pod'), false);
  clock.advance(999);
  assert.equal(changes.length, 1, 'pages are batched for a second');
  clock.advance(1);
  assert.equal(changes.length, 2);
  assert.deepEqual([...changes[1].pods].sort(), ['default/web-1', 'default/web-2']);
  gates[1].open();
  await waitFor(() => conn.state.phase === 'connected', 'connected');
  clock.advance(100);
  assert.equal(changes.length, 3, 'the end of the list is shown at once');
  assert.equal(changes[2].syncedChanged, true);
  assert.equal(conn.model.podCount, 9 + 3);
  conn.dispose();
});

test('RBAC taking away pods across namespaces mid-session: only what is still watched stays, live', async () => {
  const t = seedServer([pod('dev', 'api-7d9c', 'whale2'), pod('prod', 'web-1', 'whale3')]);
  const base = t.onList;
  const { conn, clock } = connect(t, 'dev');
  await waitFor(() => conn.state.phase === 'connected' && t.openWatches().length === 5, 'connected');
  clock.advance(100);
  assert.ok(conn.model.pod('prod/web-1'));
  // The binding is removed: the watch ends with 403 and so does the relist.
  t.onList = (path, q) => (path === PODS ? statusBody(403, 'Forbidden', FORBIDDEN_ACROSS) : base(path, q));
  t.onWatch = (path) => (path === PODS ? { status: 403 } : 'open');
  t.openWatches(PODS)[0].close();
  clock.advance(1000);
  await waitFor(() => conn.state.forbidden.length === 1 && t.openWatches('/api/v1/namespaces/dev/pods').length === 1, 'the fallback');
  clock.advance(100);
  assert.equal(conn.model.pod('prod/web-1'), undefined, 'no longer shown: it could not be kept current');
  assert.ok(conn.model.pod('dev/api-7d9c'));
  assert.equal(conn.model.stale, false);
  assert.equal(conn.state.phase, 'connected');
  assert.deepEqual(conn.state.forbidden[0].shownNamespaces, ['dev', 'kube-system']);
  clock.advance(30_000); // background retries of the list across namespaces keep failing
  assert.equal(conn.model.stale, false);
  conn.dispose();
});
