import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../../src/kube/clock.js';
import { ClusterConnection, type ConnectionState } from '../../../src/cluster/connection.js';
import type { ChangeSet } from '../../../src/cluster/model.js';
import { FakeTransport, listBody, statusBody, waitFor } from './fixtures/fake-transport.js';
import { pod, seedLeases, seedNodeLeases, seedNodes, seedPods } from './fixtures/seed-cluster.js';

const PODS = '/api/v1/pods';

function seedServer(): FakeTransport {
  const t = new FakeTransport();
  t.onList = (path) => {
    if (path === '/api/v1/nodes') return listBody(seedNodes(), '100');
    if (path === PODS) return listBody(seedPods(), '100');
    if (path.endsWith('/kube-system/leases')) return listBody(seedLeases(), '100');
    if (path.endsWith('/kube-node-lease/leases')) return listBody(seedNodeLeases(), '100');
    return statusBody(404, 'NotFound', 'the server could not find the requested resource');
  };
  return t;
}

function connect(t: FakeTransport) {
  const clock = new FakeClock();
  const conn = new ClusterConnection({ contextName: 'whale', transport: t, clock, flushDelayMs: 100, random: () => 0, backoff: { initialMs: 1000, maxMs: 8000, factor: 2, jitter: 0 } });
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
  assert.deepEqual(t.gets.map((g) => g.path).sort(), ['/api/v1/nodes', PODS, '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases']);
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
  await waitFor(() => t.openWatches().length === 4, 'four watches');
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
  await waitFor(() => conn.state.phase === 'connected' && t.openWatches().length === 4, 'connected');
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
  t.onWatch = () => refused;
  for (const w of t.openWatches()) w.close(refused);
  assert.equal(conn.state.phase, 'reconnecting');
  assert.match(conn.state.reason!, /ECONNREFUSED/);
  assert.equal(conn.model.stale, true);
  assert.equal(conn.model.podCount, 9, 'the last known state is kept, marked stale');
  // Two more failed attempts: the status stays "reconnecting" instead of flapping.
  clock.advance(1000);
  await waitFor(() => t.watchAttempts === 8, 'second attempts');
  clock.advance(2000);
  await waitFor(() => t.watchAttempts === 12, 'third attempts');
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
  await waitFor(() => t.gets.length === before + 4, 'retries');
  conn.dispose();
});

test('RBAC forbidding pods still shows the rest and says what is not allowed', async () => {
  const t = seedServer();
  const base = t.onList;
  t.onList = (path, q) => (path === PODS ? statusBody(403, 'Forbidden', 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" at the cluster scope') : base(path, q));
  const { conn } = connect(t);
  await waitFor(() => conn.state.phase === 'connected', 'connected');
  assert.deepEqual(conn.state.forbidden, [{ resource: 'pods', namespace: undefined, message: 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" at the cluster scope' }]);
  assert.equal(conn.model.nodeCount, 3);
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
  await waitFor(() => t.openWatches().length === 4, 'four watches');
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
