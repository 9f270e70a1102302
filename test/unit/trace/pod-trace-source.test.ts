import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../../src/kube/clock';
import type { Pod } from '../../../src/scheduler';
import { newFramework, scheduleOne } from '../../../src/scheduler';
import { PodTraceSource, type PodTraceSourceOptions } from '../../../src/trace/pod-trace-source';
import type { TraceState } from '../../../webview/protocol/trace-messages';
import { makePod, seedNodes, Snapshot } from '../scheduler/fixtures';
import { FakeTransport, json, list, settle, status, type Route } from './pod-trace-source.fakes';

const EMULATOR_APIS = json({ kind: 'APIGroupList', groups: [{ name: 'apps', versions: [{ version: 'v1' }] }, { name: 'emulator.cluster-anatomy.dev', versions: [{ groupVersion: 'emulator.cluster-anatomy.dev/v1', version: 'v1' }] }] });
const REAL_APIS = json({ kind: 'APIGroupList', groups: [{ name: 'apps', versions: [{ version: 'v1' }] }] });

function podJson(o: { nodeName?: string; ready?: boolean; uid?: string } = {}) {
  const p = makePod('web', { cpu: '100m' }) as any;
  p.metadata.uid = o.uid ?? 'u1';
  p.metadata.creationTimestamp = '2026-01-01T10:00:00Z';
  p.metadata.resourceVersion = '5';
  if (o.nodeName) {
    p.spec.nodeName = o.nodeName;
    p.status = { phase: 'Running', startTime: '2026-01-01T10:00:01Z', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T10:00:00Z' }] };
    if (o.ready) p.status.conditions.push({ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T10:00:03Z' });
  } else p.status = { phase: 'Pending' };
  return p;
}

/** Real records: the scheduler library on the seed cluster, attempt `n`. */
function record(attempt: number, o: { tooBig?: boolean } = {}) {
  const snap = Snapshot.from({ nodes: seedNodes({ cpu: '2', memory: '4Gi' }) });
  const pod = makePod('web', { cpu: o.tooBig ? '3' : '100m' });
  pod.metadata.uid = 'u1';
  const { trace } = scheduleOne(newFramework(), snap, pod, { attempt, clock: new FakeClock(Date.UTC(2026, 0, 1, 10, 0, attempt)), random: () => 0.99 });
  return { apiVersion: 'emulator.cluster-anatomy.dev/v1', kind: 'SchedulingTrace', metadata: { name: `web.${attempt}`, namespace: 'default', resourceVersion: String(attempt) }, spec: { podName: 'web', attempt }, status: trace };
}

function event(name: string, reason: string, message: string, component = 'kubelet') {
  return { metadata: { name, namespace: 'default', resourceVersion: '7' }, involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u1' }, reason, message, type: reason === 'FailedScheduling' ? 'Warning' : 'Normal', source: { component }, firstTimestamp: '2026-01-01T10:00:02Z', lastTimestamp: '2026-01-01T10:00:02Z', count: 1 };
}

interface Cluster {
  pod?: unknown;
  podStatus?: number;
  events?: unknown[] | number;
  traces?: unknown[];
  apis?: ReturnType<typeof json>;
}

function routeFor(c: Cluster): Route {
  return (path) => {
    if (path === '/apis') return c.apis ?? EMULATOR_APIS;
    if (path === '/api/v1/namespaces/default/pods/web') return c.podStatus ? status(c.podStatus, c.podStatus === 403 ? 'Forbidden' : 'NotFound', 'pods "web" is forbidden: User "dev" cannot get resource "pods"') : c.pod ? json(c.pod) : undefined;
    if (path === '/api/v1/namespaces/default/pods') return list(c.pod ? [c.pod] : []);
    if (path === '/api/v1/namespaces/default/events') return typeof c.events === 'number' ? status(c.events, 'Forbidden', 'events is forbidden: User "dev" cannot list resource "events" in API group "" in the namespace "default"') : list(c.events ?? []);
    if (path === '/apis/emulator.cluster-anatomy.dev/v1/namespaces/default/schedulingtraces') return list(c.traces ?? []);
    return undefined;
  };
}

function open(c: Cluster, o: Partial<PodTraceSourceOptions> = {}) {
  const transport = new FakeTransport(routeFor(c));
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 10, 1));
  const source = new PodTraceSource({ transport, namespace: 'default', podName: 'web', clusterName: 'kind-dev', clock, ...o });
  const states: TraceState[] = [];
  source.onDidChange((s) => states.push(s));
  return { transport, clock, source, states };
}

test('on the emulator: the recorded decision and the journey, then live updates as the pod is scheduled and becomes Ready', async () => {
  const c = open({ pod: podJson(), traces: [record(1, { tooBig: true })], events: [event('e1', 'FailedScheduling', '0/3 nodes are available: ...', 'default-scheduler')] });
  const first = await c.source.start();
  assert.equal(first.decision?.source, 'recorded');
  assert.equal(first.decision?.outcome, 'Unschedulable');
  assert.equal(first.live, true);
  assert.deepEqual(first.attempts.map((a) => [a.attempt, a.outcome]), [[1, 'Unschedulable']]);
  assert.deepEqual(first.journey.map((s) => s.title), ['Submitted', 'FailedScheduling', 'Waiting for kube-scheduler']);
  assert.equal(c.states.length, 1, 'the first state is fired too');

  // The scheduler tries again and binds; the kubelet starts the container: one batched state.
  c.transport.open('schedulingtraces').send('ADDED', record(2));
  c.transport.open('/pods').send('MODIFIED', podJson({ nodeName: 'whale2' }));
  c.transport.open('/events').send('ADDED', event('e2', 'Scheduled', 'Successfully assigned default/web to whale2', 'default-scheduler'));
  c.transport.open('/events').send('ADDED', event('e3', 'Started', 'Started container c'));
  await settle();
  assert.equal(c.states.length, 1, 'nothing before the batch interval');
  c.clock.advance(250);
  assert.equal(c.states.length, 2);
  const second = c.states[1];
  assert.equal(second.decision?.outcome, 'Scheduled');
  assert.equal(second.decision?.attempt, 2);
  assert.ok(second.journey.some((s) => s.title === 'Scheduled' && s.nodeName === 'whale2'));
  assert.ok(second.journey.some((s) => s.title === 'Started'));
  assert.equal(second.live, true);

  const older = c.source.selectAttempt(1);
  assert.equal(older?.outcome, 'Unschedulable');
  assert.equal(older?.rows.find((r) => r.node === 'whale2')?.reasons?.[0], 'Insufficient cpu');
  assert.equal(c.source.selectAttempt(9), null);
  assert.equal(c.source.selectAttempt(2)?.outcome, 'Scheduled');

  c.transport.open('/pods').send('MODIFIED', podJson({ nodeName: 'whale2', ready: true }));
  c.clock.advance(250);
  assert.equal(c.states.at(-1)!.live, false, 'not live once Ready');
  c.source.dispose();
  assert.ok(c.transport.watches.every((w) => w.aborted), 'dispose stops every watch');
});

test('watches ask for the pod, its events and its records by selector, from the lists resourceVersion', async () => {
  const c = open({ pod: podJson(), traces: [] });
  await c.source.start();
  const q = (part: string) => c.transport.open(part).query;
  assert.equal(q('/pods').fieldSelector, 'metadata.name=web');
  assert.equal(q('/events').fieldSelector, 'involvedObject.kind=Pod,involvedObject.name=web,involvedObject.namespace=default');
  assert.equal(q('schedulingtraces').labelSelector, 'emulator.cluster-anatomy.dev/pod=web');
  assert.equal(q('/pods').resourceVersion, '10');
  c.source.dispose();
});

test('at most four states a second while changes keep coming', async () => {
  const c = open({ pod: podJson(), traces: [] });
  await c.source.start();
  const events = c.transport.open('/events');
  for (let i = 0; i < 40; i++) {
    events.send('ADDED', event(`x${i}`, 'Pulling', `Pulling image "nginx:${i}"`));
    c.clock.advance(25);
  }
  c.clock.advance(250);
  const fired = c.states.length - 1;
  assert.ok(fired >= 3 && fired <= 5, `${fired} states in 1.25 s`);
  assert.equal(c.states.at(-1)!.journey.filter((s) => s.title === 'Pulling').length, 40, 'the last state has every change');
  c.source.dispose();
});

test('records of other pods in the namespace (a server that ignores the label selector) are left out', async () => {
  const other = record(1);
  other.metadata.name = 'db.1';
  other.status = { ...other.status, pod: { namespace: 'default', name: 'db', uid: 'u9' } };
  const c = open({ pod: podJson({ nodeName: 'whale2' }), traces: [other, record(1)] });
  const s = await c.source.start();
  assert.deepEqual(s.attempts.map((a) => a.attempt), [1]);
  assert.equal(s.decision?.source, 'recorded');
  c.source.dispose();
});

test('a pod that does not exist: a clear error, not live, nothing watched', async () => {
  const c = open({});
  const s = await c.source.start();
  assert.equal(s.error, 'Pod default/web not found in kind-dev');
  assert.equal(s.live, false);
  assert.equal(c.transport.watches.length, 0);
});

test('a pod the user may not read: the error says so', async () => {
  const c = open({ podStatus: 403 });
  const s = await c.source.start();
  assert.match(s.error!, /^Reading pod default\/web is forbidden in kind-dev: pods "web" is forbidden/);
});

test('events forbidden: a note says which list, and the rest is shown', async () => {
  const c = open({ pod: podJson({ nodeName: 'whale2' }), events: 403, traces: [record(1)] });
  const s = await c.source.start();
  assert.equal(s.error, undefined);
  assert.ok(s.notes.some((n) => n.startsWith('Events of pod default/web are not shown: listing events in namespace default is forbidden')), s.notes.join('\n'));
  assert.equal(s.decision?.outcome, 'Scheduled');
  assert.ok(s.journey.some((s) => s.title === 'Bound'));
  c.source.dispose();
});

test('on a cluster without records: the injected reconstruction, labelled, with a warning when the pod is elsewhere', async () => {
  const asked: Pod[] = [];
  const reconstruct = async (pod: Pod) => {
    asked.push(pod);
    const snap = Snapshot.from({ nodes: seedNodes({ cpu: '2', memory: '4Gi' }), pods: [makePod('busy', { nodeName: 'whale3', cpu: '1500m' })] });
    const { trace } = scheduleOne(newFramework({ percentageOfNodesToScore: 100 }), snap, { ...pod, spec: { ...pod.spec, nodeName: undefined } }, { random: () => 0.99 });
    return { trace, allNodeNames: ['whale1', 'whale2', 'whale3'] };
  };
  const c = open({ apis: REAL_APIS, pod: podJson({ nodeName: 'whale3' }) }, { reconstruct });
  const s = await c.source.start();
  assert.equal(asked.length, 1);
  assert.equal(asked[0].metadata.name, 'web');
  assert.equal(s.decision?.source, 'reconstructed');
  assert.equal(s.decision?.nodeName, 'whale2');
  assert.equal(s.decision?.attempt, undefined);
  assert.match(s.notes[0], /^Reconstruction: kube-scheduler's own record is not available on this cluster/);
  assert.match(s.decision!.warnings[0], /^The reconstruction picks whale2, but the pod runs on whale3 \(whale3 scores \d+ now\)\. Likely causes: .*custom scheduler profile.*changed since.*preemption/);
  assert.ok(!c.transport.gets.some((g) => g.path.includes('schedulingtraces')), 'no records asked of a cluster that has none');
  c.source.dispose();
});

test('discovery is asked once per transport', async () => {
  const transport = new FakeTransport(routeFor({ pod: podJson(), traces: [] }));
  const clock = new FakeClock();
  for (let i = 0; i < 3; i++) {
    const s = new PodTraceSource({ transport, namespace: 'default', podName: 'web', clusterName: 'c', clock });
    await s.start();
    s.dispose();
  }
  assert.equal(transport.gets.filter((g) => g.path === '/apis').length, 1);
});

test('a deleted pod: a Deleted step, live false, watches stopped', async () => {
  const c = open({ pod: podJson({ nodeName: 'whale2' }), traces: [record(1)] });
  await c.source.start();
  c.transport.open('/pods').send('DELETED', podJson({ nodeName: 'whale2' }));
  c.clock.advance(250);
  const s = c.states.at(-1)!;
  assert.equal(s.live, false);
  assert.equal(s.journey.at(-1)!.title, 'Deleted');
  assert.ok(c.transport.watches.every((w) => w.aborted));
  c.source.dispose();
});

test('a watch that ends resumes from the last resourceVersion; 410 Gone lists again', async () => {
  const c = open({ pod: podJson(), traces: [] });
  await c.source.start();
  const first = c.transport.open('/events');
  first.send('ADDED', { ...event('e9', 'Pulling', 'Pulling image "nginx"'), metadata: { name: 'e9', resourceVersion: '42' } });
  c.clock.advance(5000);
  first.end();
  await settle();
  const resumed = c.transport.open('/events');
  assert.notEqual(resumed, first);
  assert.equal(resumed.query.resourceVersion, '42');
  const listsBefore = c.transport.gets.filter((g) => g.path.endsWith('/events')).length;
  resumed.send('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' });
  await settle();
  assert.equal(c.transport.gets.filter((g) => g.path.endsWith('/events')).length, listsBefore + 1, 'listed again');
  assert.equal(c.transport.open('/events').query.resourceVersion, '10');
  c.source.dispose();
});

test('on a cluster without records, a pending pod is reconstructed again once it is bound', async () => {
  const asked: Array<string | undefined> = [];
  const reconstruct = async (pod: Pod) => {
    asked.push(pod.spec.nodeName);
    const { trace } = scheduleOne(newFramework({ percentageOfNodesToScore: 100 }), Snapshot.from({ nodes: seedNodes() }), { ...pod, spec: { ...pod.spec, nodeName: undefined } }, { random: () => 0.99 });
    return { trace, allNodeNames: ['whale1', 'whale2', 'whale3'] };
  };
  const c = open({ apis: REAL_APIS, pod: podJson() }, { reconstruct });
  const first = await c.source.start();
  assert.equal(first.decision?.source, 'reconstructed');
  assert.deepEqual(asked, [undefined]);
  c.transport.open('/pods').send('MODIFIED', podJson({ nodeName: 'whale1' }));
  await settle();
  c.clock.advance(250);
  assert.deepEqual(asked, [undefined, 'whale1']);
  const s = c.states.at(-1)!;
  assert.match(s.decision!.warnings[0], /but the pod runs on whale1/);
  c.source.dispose();
});

test('a cluster that cannot be reached: the error names the pod and the cluster', async () => {
  const transport = new FakeTransport(() => {
    throw new Error('connect ECONNREFUSED 127.0.0.1:6443');
  });
  const source = new PodTraceSource({ transport, namespace: 'default', podName: 'web', clusterName: 'kind-dev', clock: new FakeClock() });
  const s = await source.start();
  assert.equal(s.error, 'Could not read pod default/web from kind-dev: connect ECONNREFUSED 127.0.0.1:6443');
  assert.equal(s.live, false);
});

test('records that cannot be read: a note says so and a bound pod gets a reconstruction instead', async () => {
  const c = open({ pod: podJson({ nodeName: 'whale2' }) }, { reconstruct: async (pod: Pod) => ({ trace: scheduleOne(newFramework(), Snapshot.from({ nodes: seedNodes() }), { ...pod, spec: { ...pod.spec, nodeName: undefined } }).trace, allNodeNames: ['whale1', 'whale2', 'whale3'] }) });
  c.transport.route = ((inner) => (path, query) => (path.includes('schedulingtraces') ? status(403, 'Forbidden', 'schedulingtraces.emulator.cluster-anatomy.dev is forbidden') : inner(path, query)))(c.transport.route);
  const s = await c.source.start();
  assert.equal(s.decision?.source, 'reconstructed');
  assert.ok(s.notes.some((n) => n.startsWith("kube-scheduler's records could not be read")), s.notes.join('\n'));
  assert.ok(s.notes.some((n) => n.includes('listing schedulingtraces in namespace default is forbidden')), s.notes.join('\n'));
  c.source.dispose();
});

test('discovery that fails: a note says the records could not be asked for, and a Refresh asks again', async () => {
  const reconstruct = async (pod: Pod) => ({ trace: scheduleOne(newFramework(), Snapshot.from({ nodes: seedNodes() }), { ...pod, spec: { ...pod.spec, nodeName: undefined } }).trace, allNodeNames: ['whale1', 'whale2', 'whale3'] });
  const cluster: Cluster = { apis: status(500, 'InternalError', 'etcd is not answering'), pod: podJson({ nodeName: 'whale2' }), traces: [record(1)] };
  const c = open(cluster, { reconstruct });
  const s = await c.source.start();
  assert.equal(s.decision?.source, 'reconstructed');
  assert.ok(s.notes.some((n) => n === "Could not ask kind-dev whether it keeps kube-scheduler's records (GET /apis answered 500); Refresh to ask again"), s.notes.join('\n'));
  assert.ok(s.notes.some((n) => n.startsWith("kube-scheduler's records could not be read")), 'not presented as a cluster without records');
  delete cluster.apis;
  const again = await c.source.refresh();
  assert.equal(again.decision?.source, 'recorded');
  assert.ok(!again.notes.some((n) => n.startsWith('Could not ask')), again.notes.join('\n'));
  c.source.dispose();
});

test('a static pod is not reconstructed: a note says kube-scheduler does not place it', async () => {
  let asked = 0;
  const pod = podJson({ nodeName: 'whale1', ready: true });
  pod.metadata.annotations = { 'kubernetes.io/config.mirror': 'abc' };
  const c = open({ apis: REAL_APIS, pod }, { reconstruct: async () => (asked++, Promise.reject(new Error('not expected'))) });
  const s = await c.source.start();
  assert.equal(asked, 0);
  assert.equal(s.decision, undefined);
  assert.deepEqual(s.notes, ['Static pod: the kubelet on whale1 runs it from a manifest file; kube-scheduler does not place static pods.']);
  c.source.dispose();
});

test('a list that fails is retried with backoff; the note goes away once it works', async () => {
  let eventsDown = true;
  const c = open({ pod: podJson(), traces: [] }, { backoff: { initialMs: 1000, maxMs: 1000, factor: 1, jitter: 0 } });
  c.transport.route = ((inner) => (path, query) => (eventsDown && path.endsWith('/events') ? status(503, 'ServiceUnavailable', 'etcd is unavailable') : inner(path, query)))(c.transport.route);
  const s = await c.source.start();
  assert.ok(s.notes.includes('Events of pod default/web are not available right now (etcd is unavailable); retrying'), s.notes.join('\n'));
  eventsDown = false;
  c.clock.advance(1000);
  await settle();
  c.clock.advance(250);
  assert.deepEqual(c.states.at(-1)!.notes, []);
  assert.ok(c.transport.open('/events'));
  c.source.dispose();
});

test('a paged list of events is read to the end', async () => {
  const c = open({ pod: podJson(), traces: [] });
  c.transport.route = ((inner) => (path, query) => {
    if (!path.endsWith('/events')) return inner(path, query);
    if (!query?.continue) return json({ metadata: { resourceVersion: '20', continue: 'page2' }, items: [event('p1', 'Pulling', 'Pulling image "nginx"')] });
    return json({ metadata: { resourceVersion: '21' }, items: [event('p2', 'Pulled', 'Successfully pulled image "nginx"')] });
  })(c.transport.route);
  const s = await c.source.start();
  assert.ok(s.journey.some((j) => j.title === 'Pulling') && s.journey.some((j) => j.title === 'Pulled'));
  assert.equal(c.transport.open('/events').query.resourceVersion, '21');
  c.source.dispose();
});
