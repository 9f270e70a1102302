// The PodStatus the kubelet reports, built with plain loops for speed: it must be the same,
// key order included (it is what `kubectl get pod -o json` shows), as the straightforward
// Map/filter/spread version it replaced, which is kept here as the reference.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../src/kube/object';
import { isoTime } from '../../../src/kube/timestamp';
import { containerBehaviour } from '../../../src/emulator/nodes/container-command';
import { containerStatus, newContainerRun, type ContainerRun } from '../../../src/emulator/nodes/container-state';
import { buildPodStatus, type PodPhase, type PodStatusSource } from '../../../src/emulator/nodes/pod-status';

function referenceBuildPodStatus(src: PodStatusSource, hostIP: string, now: number): Record<string, unknown> {
  const terminal = src.phase === 'Succeeded' || src.phase === 'Failed';
  const initPending = src.init.filter((c) => !(c.state === 'terminated' && c.terminated?.exitCode === 0)).map((c) => c.name);
  const unready = src.containers.filter((c) => !c.ready).map((c) => c.name);
  const readyCondition = (type: string) => {
    if (src.phase === 'Succeeded') return { type, status: 'False', reason: 'PodCompleted' };
    if (unready.length === 0) return { type, status: 'True' };
    return { type, status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  };
  const conditions = [
    { type: 'PodReadyToStartContainers', status: src.podIP && !terminal ? 'True' : 'False' },
    initPending.length === 0 || src.phase === 'Succeeded'
      ? { type: 'Initialized', status: 'True' }
      : { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${initPending.join(' ')}]` },
    readyCondition('Ready'),
    readyCondition('ContainersReady'),
  ];
  const stamp = isoTime(now);
  const previous = new Map<string, any>((src.pod.status?.conditions ?? []).map((c: any) => [c.type, c]));
  const out: unknown[] = conditions.map((c) => {
    const prev = previous.get(c.type);
    if (!prev || prev.status !== c.status) src.transitions[c.type] = stamp;
    else src.transitions[c.type] ??= prev.lastTransitionTime ?? stamp;
    return { ...c, lastProbeTime: null, lastTransitionTime: src.transitions[c.type] };
  });
  const owned = new Set(conditions.map((c) => c.type));
  for (const [type, c] of previous) if (!owned.has(type)) out.push(c);
  if (!previous.has('PodScheduled')) out.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: isoTime(src.startTimeMs ?? now) });
  const status: Record<string, unknown> = {
    phase: src.phase,
    conditions: out,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    startTime: isoTime(src.startTimeMs ?? now),
    containerStatuses: src.containers.map(containerStatus),
  };
  if (src.podIP) {
    status.podIP = src.podIP;
    status.podIPs = [{ ip: src.podIP }];
  }
  if (src.init.length > 0) status.initContainerStatuses = src.init.map(containerStatus);
  return status;
}

const T0 = Date.UTC(2026, 0, 1, 12);

function run(name: string, state: ContainerRun['state'], extra: Partial<ContainerRun> = {}): ContainerRun {
  const c = newContainerRun({ name, image: 'nginx:1.29' }, containerBehaviour({ image: 'nginx:1.29', restartPolicy: 'Always' }), 'ContainerCreating');
  c.state = state;
  if (state === 'running') Object.assign(c, { startedAtMs: T0 + 1500, containerID: `containerd://${'a'.repeat(64)}`, imageID: 'docker.io/library/nginx@sha256:00' });
  if (state === 'terminated') c.terminated = { exitCode: 0, reason: 'Completed', startedAt: '2026-01-01T12:00:01Z', finishedAt: '2026-01-01T12:00:05Z', containerID: 'containerd://b' };
  return Object.assign(c, extra);
}

/** Pod worker states a pod passes through, with the conditions the API showed before. */
function sources(): { name: string; make: () => PodStatusSource }[] {
  const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T11:59:59Z' };
  const pod = (conditions?: unknown[]): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, status: conditions ? { conditions } : {} });
  const src = (phase: PodPhase, p: KubeObject, init: ContainerRun[], containers: ContainerRun[], podIP?: string, transitions: Record<string, string> = {}) => () => ({
    pod: p,
    phase,
    podIP,
    startTimeMs: T0,
    init,
    containers,
    transitions: { ...transitions },
  });
  const runningPod = pod([
    { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T12:00:00Z' },
    { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T12:00:00Z' },
    { type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastProbeTime: null, lastTransitionTime: '2026-01-01T12:00:00Z' },
    { type: 'ContainersReady', status: 'False', lastProbeTime: null, lastTransitionTime: '2026-01-01T12:00:00Z' },
    scheduled,
    { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', lastProbeTime: null, lastTransitionTime: '2026-01-01T12:00:03Z' },
  ]);
  return [
    { name: 'bound with spec.nodeName, nothing yet', make: src('Pending', pod(), [], [run('app', 'waiting')]) },
    { name: 'scheduled, waiting with an IP', make: src('Pending', pod([scheduled]), [], [run('app', 'waiting'), run('sidecar', 'waiting')], '10.244.0.5') },
    { name: 'running, one of two ready', make: src('Running', runningPod, [], [run('app', 'running', { ready: true }), run('sidecar', 'running')], '10.244.0.5', { Initialized: '2026-01-01T11:00:00Z' }) },
    { name: 'running and ready, known transitions', make: src('Running', runningPod, [], [run('app', 'running', { ready: true })], '10.244.0.5', { Ready: '2026-01-01T11:00:00Z', Initialized: '2026-01-01T11:00:00Z' }) },
    {
      name: 'init containers pending',
      make: src('Pending', pod([scheduled]), [run('init-a', 'terminated'), run('init-b', 'running'), run('init-c', 'waiting', { waitingReason: 'PodInitializing' })], [run('app', 'waiting', { waitingReason: 'PodInitializing' })], '10.244.0.6'),
    },
    { name: 'succeeded', make: src('Succeeded', runningPod, [run('init', 'terminated')], [run('job', 'terminated')], '10.244.0.7') },
    {
      name: 'failed, crash-looping with a last state',
      make: src('Failed', pod([scheduled, scheduled]), [], [run('app', 'waiting', { waitingReason: 'CrashLoopBackOff', waitingMessage: 'back-off 10s', restartCount: 2, lastTerminated: { exitCode: 1, reason: 'Error', startedAt: 'a', finishedAt: 'b', containerID: 'c' } })]),
    },
  ];
}

test('the pod status is the same object, in the same key order, as the reference build for every pod state', () => {
  for (const { name, make } of sources()) {
    for (const now of [T0 + 2_000, T0 + 62_500]) {
      const fast = make();
      const reference = make();
      const got = buildPodStatus(fast, '172.18.0.2', now);
      const want = referenceBuildPodStatus(reference, '172.18.0.2', now);
      assert.equal(JSON.stringify(got), JSON.stringify(want), name);
      assert.deepEqual(fast.transitions, reference.transitions, `${name}: remembered transition times`);
    }
  }
});

test('a running container reports its state, ids and normalised image as the API shows them', () => {
  const c = run('app', 'running', { ready: true });
  assert.equal(
    JSON.stringify(containerStatus(c)),
    JSON.stringify({
      name: 'app',
      state: { running: { startedAt: '2026-01-01T12:00:01Z' } },
      lastState: {},
      ready: true,
      restartCount: 0,
      image: 'docker.io/library/nginx:1.29',
      imageID: 'docker.io/library/nginx@sha256:00',
      containerID: `containerd://${'a'.repeat(64)}`,
      started: true,
    }),
  );
  assert.equal(isoTime(T0 + 999), '2026-01-01T12:00:00Z');
  assert.equal(isoTime(T0 + 1000), '2026-01-01T12:00:01Z');
  assert.equal(isoTime(T0 + 999), '2026-01-01T12:00:00Z', 'the per-second cache follows time going back');
});
