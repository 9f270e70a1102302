import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podJourney } from '../../../src/trace/journey';

const T = (s: number, ms = 0) => new Date(Date.UTC(2026, 0, 1, 10, 0, s, ms)).toISOString();
const Tz = (s: number) => T(s).replace(/\.\d+Z$/, 'Z');
const now = Date.UTC(2026, 0, 1, 10, 1, 0);

function coreEvent(name: string, reason: string, message: string, at: number, o: { component?: string; count?: number; last?: number; type?: string; uid?: string } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `web.${name}`, namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: o.uid ?? 'u1' },
    reason,
    message,
    type: o.type ?? 'Normal',
    source: { component: o.component ?? 'kubelet' },
    firstTimestamp: Tz(at),
    lastTimestamp: Tz(o.last ?? at),
    count: o.count ?? 1,
  };
}

function runningPod() {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'u1', creationTimestamp: Tz(0) },
    spec: { nodeName: 'whale2', containers: [{ name: 'c', image: 'nginx' }] },
    status: {
      phase: 'Running',
      startTime: Tz(1),
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: Tz(0) },
        { type: 'Initialized', status: 'True', lastTransitionTime: Tz(1) },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: Tz(4) },
        { type: 'Ready', status: 'True', lastTransitionTime: Tz(4) },
      ],
      containerStatuses: [{ name: 'c', ready: true, state: { running: { startedAt: Tz(3) } } }],
    },
  };
}

const trace = (attempt: number, outcome: string, at: string, extra: object = {}) => ({ pod: { namespace: 'default', name: 'web', uid: 'u1' }, attempt, outcome, startTime: at, durationMs: 1, detailed: true, ...extra });

test('a pod from submission to Ready: one step per component, in order, with the time between steps', () => {
  const steps = podJourney({
    pod: runningPod(),
    events: [
      coreEvent('a', 'Scheduled', 'Successfully assigned default/web to whale2', 0, { component: 'default-scheduler' }),
      coreEvent('b', 'Pulling', 'Pulling image "nginx"', 1),
      coreEvent('c', 'Pulled', 'Successfully pulled image "nginx" in 1.2s', 2),
      coreEvent('d', 'Created', 'Created container: c', 3),
      coreEvent('e', 'Started', 'Started container c', 3),
    ],
    traces: [trace(1, 'Scheduled', T(0, 350), { nodeName: 'whale2' })],
    now,
  });
  assert.deepEqual(
    steps.map((s) => [s.component, s.title]),
    [
      ['kube-apiserver', 'Submitted'],
      ['kube-scheduler', 'Scheduled'],
      ['kube-apiserver', 'Bound'],
      ['kubelet', 'Admitted'],
      ['kubelet', 'Initialized'],
      ['container runtime', 'Pulling'],
      ['container runtime', 'Pulled'],
      ['container runtime', 'Created'],
      ['container runtime', 'Started'],
      ['kubelet', 'ContainersReady'],
      ['kubelet', 'Ready'],
    ],
  );
  const scheduled = steps[1];
  assert.equal(scheduled.detail, 'Successfully assigned default/web to whale2');
  assert.equal(scheduled.attempt, 1);
  assert.equal(scheduled.nodeName, 'whale2');
  assert.equal(scheduled.sincePreviousMs, 350);
  assert.equal(steps[3].detail, 'kubelet on whale2 admitted the pod');
  assert.equal(steps.find((s) => s.title === 'Pulled')!.sincePreviousMs, 1000);
  assert.ok(steps.every((s) => s.status === 'done'));
  assert.equal(new Set(steps.map((s) => s.id)).size, steps.length, 'ids are unique');
});

test('a pending pod: repeated failures fold into one counted step, then a step waiting for kube-scheduler', () => {
  const msg = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.';
  const steps = podJourney({
    pod: { metadata: { name: 'web', namespace: 'default', uid: 'u1', creationTimestamp: Tz(0) }, spec: {}, status: { phase: 'Pending' } },
    events: [coreEvent('f', 'FailedScheduling', msg, 0, { component: 'default-scheduler', count: 3, last: 20, type: 'Warning' })],
    traces: [trace(1, 'Unschedulable', T(0, 10), { message: msg }), trace(2, 'Unschedulable', T(10), { message: msg }), trace(3, 'Unschedulable', T(20), { message: msg })],
    now,
  });
  assert.deepEqual(steps.map((s) => s.title), ['Submitted', 'FailedScheduling', 'Waiting for kube-scheduler']);
  assert.equal(steps[1].count, 3);
  assert.equal(steps[1].attempt, 3, 'selecting it shows the latest failed attempt');
  assert.equal(steps[1].detail, msg);
  assert.equal(steps[1].status, 'failed');
  assert.equal(steps[2].status, 'in-progress');
  assert.match(steps[2].detail!, /tries again when nodes or pods change \(60 s so far\)$/);
});

test('without scheduler records the journey comes from events (events.k8s.io/v1 shape too) and conditions', () => {
  const steps = podJourney({
    pod: runningPod(),
    events: [
      {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'web.x' },
        regarding: { kind: 'Pod', name: 'web', uid: 'u1' },
        reason: 'FailedScheduling',
        note: '0/3 nodes are available: 3 Insufficient memory.',
        type: 'Warning',
        eventTime: T(0, 100),
        series: { count: 4, lastObservedTime: T(9) },
        reportingController: 'default-scheduler',
      },
      coreEvent('s', 'Scheduled', 'Successfully assigned default/web to whale2', 10, { component: 'default-scheduler' }),
    ],
    now,
  });
  const failed = steps.find((s) => s.title === 'FailedScheduling')!;
  assert.equal(failed.count, 4);
  assert.equal(failed.detail, '0/3 nodes are available: 3 Insufficient memory.');
  assert.equal(failed.component, 'kube-scheduler');
  const scheduled = steps.find((s) => s.title === 'Scheduled')!;
  assert.equal(scheduled.nodeName, 'whale2');
  // No Started event: the container's start comes from its status.
  const started = steps.find((s) => s.title === 'Started')!;
  assert.equal(started.detail, 'Container c started');
  assert.equal(started.time, Tz(3));
});

test('events of an earlier pod with the same name are left out', () => {
  const steps = podJourney({ pod: runningPod(), events: [coreEvent('old', 'Killing', 'Stopping container c', 0, { uid: 'other' })], now });
  assert.equal(steps.find((s) => s.title === 'Killing'), undefined);
});

test('waiting steps say what comes next: kubelet, then the container runtime, then readiness', () => {
  const base = () => ({ metadata: { name: 'web', uid: 'u1', creationTimestamp: Tz(0) }, spec: { nodeName: 'whale2' }, status: { phase: 'Pending' } as Record<string, unknown> });
  const last = (pod: object) => podJourney({ pod, now }).at(-1)!;
  assert.equal(last(base()).title, 'Waiting for kubelet on whale2');
  const pulling = base();
  pulling.status = { phase: 'Pending', startTime: Tz(1), containerStatuses: [{ name: 'c', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:nope"' } } }] };
  const w = last(pulling);
  assert.equal(w.title, 'Waiting for container c');
  assert.equal(w.status, 'failed');
  assert.match(w.detail!, /^ImagePullBackOff: Back-off pulling image "nginx:nope"/);
  const notReady = base();
  notReady.status = { phase: 'Running', startTime: Tz(1), conditions: [{ type: 'Ready', status: 'False', message: 'containers with unready status: [c]' }], containerStatuses: [{ name: 'c', state: { running: { startedAt: Tz(2) } } }] };
  assert.equal(last(notReady).title, 'Waiting for Ready');
  assert.match(last(notReady).detail!, /^containers with unready status: \[c\]/);
  assert.equal(podJourney({ pod: runningPod(), now }).some((s) => s.status === 'waiting'), false, 'a Ready pod waits for nothing');
});

test('an ended pod: failed containers, the Failed phase and the deletion are steps; nothing waits', () => {
  const pod = runningPod() as any;
  pod.status.phase = 'Failed';
  pod.status.reason = 'Evicted';
  pod.status.message = 'The node was low on resource: memory.';
  pod.status.containerStatuses = [{ name: 'c', state: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: Tz(3), finishedAt: Tz(30) } } }];
  const steps = podJourney({ pod, now, deletedAt: Date.UTC(2026, 0, 1, 10, 0, 40) });
  const oom = steps.find((s) => s.title === 'OOMKilled')!;
  assert.equal(oom.status, 'failed');
  assert.equal(oom.detail, 'Container c exited with code 137');
  assert.deepEqual(steps.slice(-2).map((s) => s.title), ['Failed', 'Deleted']);
  assert.equal(steps.find((s) => s.title === 'Failed')!.detail, 'Evicted: The node was low on resource: memory.');
  assert.equal(steps.some((s) => s.status === 'waiting'), false);
});

test('garbled input never throws and invents nothing', () => {
  const garbage: unknown[] = [
    null,
    42,
    'x',
    [],
    { metadata: null },
    { metadata: { creationTimestamp: 'not a time' }, status: { conditions: 'no', containerStatuses: [null, { name: 7 }] } },
    { metadata: { creationTimestamp: 'never' }, spec: { nodeName: 'n1' }, status: { startTime: 'soon', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: 'yesterday' }, null], containerStatuses: [{ name: 'c', state: { running: { startedAt: 'now' } } }] } },
  ];
  for (const pod of garbage) {
    const steps = podJourney({ pod, events: [null, { reason: 'Pulled' }, { metadata: { name: 'e' }, reason: 'Pulled', firstTimestamp: 'bad', count: 'x' }], traces: [null, { attempt: 'one' }, { attempt: 1 }], now });
    for (const s of steps) assert.ok(s.time === undefined || !Number.isNaN(Date.parse(s.time)), `bad time in ${JSON.stringify(s)}`);
    assert.equal(steps.some((s) => s.title === 'Submitted'), false);
  }
  const pulled = podJourney({ pod: {}, events: [{ metadata: { name: 'e' }, reason: 'Pulled', firstTimestamp: 'bad', count: 'x' }], now }).find((s) => s.title === 'Pulled')!;
  assert.equal(pulled.time, undefined);
  assert.equal(pulled.count, undefined);
});

test('a static pod says the kubelet runs it from a file, not kube-scheduler', () => {
  const pod = runningPod() as any;
  pod.metadata.annotations = { 'kubernetes.io/config.mirror': 'abc', 'kubernetes.io/config.source': 'file' };
  const steps = podJourney({ pod, now });
  assert.match(steps[0].detail!, /^Static pod: the kubelet on whale2 runs it from a manifest file/);
  assert.equal(steps.find((s) => s.title === 'Bound')!.detail, 'Assigned to whale2 by its manifest; kube-scheduler does not place static pods');
  assert.equal(steps.some((s) => s.component === 'kube-scheduler'), false);
});

test('a preempted pod: the Preempted event is a failed kube-scheduler step', () => {
  const steps = podJourney({ pod: runningPod(), events: [coreEvent('p', 'Preempted', 'Preempted by pod 1234 on node whale2', 20, { component: 'default-scheduler' })], now });
  const p = steps.find((s) => s.title === 'Preempted')!;
  assert.equal(p.component, 'kube-scheduler');
  assert.equal(p.status, 'failed');
});
