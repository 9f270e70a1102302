import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectNode, projectPod, StringInterner } from '../../../src/cluster/projections';
import type { Node, Pod } from '../../../src/scheduler';
import { newFramework, scheduleOne, simulate, Snapshot } from '../../../src/scheduler';
import { SchedulingSnapshot } from '../../../src/trace';
import { CONTROL_PLANE_TAINT, clock, makeNode, makePod } from '../scheduler/fixtures';
import { bump, decisionFingerprint, FedModel } from './scheduling-snapshot.fixtures';

const ZONE = 'topology.kubernetes.io/zone';

/** Twelve nodes that differ in every way a default plugin looks at. */
function mixedNodes(): Node[] {
  return Array.from({ length: 12 }, (_, i) => {
    const name = `node-${String(i).padStart(2, '0')}`;
    const n = makeNode(name, {
      cpu: ['2', '4', '8'][i % 3],
      memory: ['4Gi', '16Gi', '32Gi'][i % 3],
      pods: i === 5 ? 3 : 110,
      labels: { [ZONE]: `zone-${i % 3}`, ...(i % 4 === 0 ? { disktype: 'ssd' } : {}), ...(i === 7 ? { 'example.com/gpu': 'a100' } : {}) },
      taints: i === 0 ? [CONTROL_PLANE_TAINT] : i === 9 ? [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] : i === 10 ? [{ key: 'spot', effect: 'PreferNoSchedule' }] : undefined,
      unschedulable: i === 11,
      extended: i === 7 ? { 'nvidia.com/gpu': '2' } : undefined,
      images: i % 2 ? [{ names: ['docker.io/library/postgres@sha256:1', 'postgres:16'], sizeBytes: 158_484_902 }] : [],
    });
    return n;
  });
}

/** Pods of many shapes: init containers, sidecars, overhead, no requests, host ports, affinity, claims. */
function shapedPod(name: string, i: number, nodeName?: string): Pod {
  const app = `app-${i % 5}`;
  const p = makePod(name, { nodeName, labels: { app, tier: i % 2 ? 'web' : 'db' }, cpu: i % 7 === 0 ? undefined : `${100 + (i % 4) * 150}m`, memory: i % 6 === 0 ? undefined : `${128 * (1 + (i % 3))}Mi`, image: i % 3 === 0 ? 'postgres:16' : 'busybox' });
  if (i % 5 === 1) p.spec.initContainers = [{ name: 'init', resources: { requests: { cpu: '900m', memory: '64Mi' } } }];
  if (i % 5 === 2) p.spec.initContainers = [{ name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } }];
  if (i % 8 === 3) p.spec.overhead = { cpu: '250m', memory: '120Mi' };
  if (i % 9 === 4) p.spec.containers[0].ports = [{ containerPort: 8080, hostPort: 8080 }];
  if (i % 6 === 5) p.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' }] } };
  if (i % 7 === 2) p.spec.affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { tier: 'db' } }, topologyKey: ZONE } }] } };
  if (i % 10 === 6) p.spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }];
  if (i % 11 === 7) p.spec.nodeSelector = { disktype: 'ssd' };
  if (i % 12 === 8) p.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app } } }];
  if (i % 13 === 9) p.spec.containers[0].resources = { requests: { cpu: '100m', 'nvidia.com/gpu': '1' } };
  if (i % 14 === 10) p.spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: `data-${name}` } }];
  return p;
}

/** Replicas of one ReplicaSet: same labels, requests (no memory: scoring defaults) and required anti-affinity. */
function replica(name: string, nodeName?: string): Pod {
  const p = makePod(name, { nodeName, labels: { app: 'rs' }, cpu: '300m' });
  p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid', controller: true }];
  p.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'rs' } }, topologyKey: 'kubernetes.io/hostname' }] } };
  return p;
}

function existingPods(nodes: Node[]): Pod[] {
  const schedulable = nodes.filter((n) => !n.spec?.taints?.length && !n.spec?.unschedulable && n.metadata.name !== 'node-05');
  const shaped = Array.from({ length: 60 }, (_, i) => {
    const p = shapedPod(`running-${i}`, i, schedulable[i % schedulable.length].metadata.name);
    delete p.spec.nodeSelector;
    delete p.spec.topologySpreadConstraints;
    return p;
  });
  return [...shaped, ...[1, 2, 3, 4, 6].map((n, k) => replica(`rs-${k}`, nodes[n].metadata.name))];
}

const fw = () => newFramework({ trace: true, percentageOfNodesToScore: 100 });

/** What each node counts: requests (also the scoring defaults'), pods and pods nominated to it. */
const fingerprint = (s: Snapshot) =>
  s.nodeInfos().map((ni) => [ni.name, ni.requested.milliCPU, ni.requested.memory, ni.nonZeroRequested.memory, ni.pods.length, s.nominatedPodsFor(ni.name).length].join(' '));

test('the model records schedule exactly like the full objects: same filters, reasons, scores and pick for every pod shape', () => {
  const nodes = mixedNodes();
  const pods = existingPods(nodes);
  const direct = Snapshot.from({ nodes, pods });
  const fed = new FedModel(nodes, pods);
  const shared = new SchedulingSnapshot(fed.model);
  let compared = 0;
  for (let i = 0; i < 41; i++) {
    const incoming = i === 40 ? replica('rs-new') : shapedPod(`incoming-${i}`, i);
    const a = scheduleOne(fw(), direct, incoming, { clock: clock(), random: () => 0.99, assume: false }).trace;
    const b = scheduleOne(fw(), shared.current(), incoming, { clock: clock(), random: () => 0.99, assume: false }).trace;
    assert.deepEqual(decisionFingerprint(b), decisionFingerprint(a), `pod ${i}`);
    compared++;
    // The replicas' shared anti-affinity keeps a sixth replica off their five nodes.
    if (i === 40) {
      const rejected = new Set(b.filterRejections?.map((r) => r.node));
      for (const n of [1, 2, 3, 4, 6]) assert.ok(rejected.has(`node-0${n}`), `node-0${n} holds a replica`);
      assert.ok(b.filterRejections?.some((r) => r.plugin === 'InterPodAffinity'));
    }
  }
  assert.equal(compared, 41);
});

test('bound pods of one ReplicaSet share one scheduling record, and requests are counted as kube-scheduler counts them', () => {
  const strings = new StringInterner();
  const owner = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f', uid: 'u', controller: true }];
  const a = makePod('web-7d9f-aaaaa', { nodeName: 'n', labels: { app: 'web' }, cpu: '100m', memory: '128Mi' });
  const b = makePod('web-7d9f-bbbbb', { nodeName: 'n', labels: { app: 'web' }, cpu: '100m', memory: '128Mi' });
  a.metadata.ownerReferences = owner;
  b.metadata.ownerReferences = owner;
  const ra = projectPod(a, strings);
  const rb = projectPod(b, strings);
  assert.equal(ra.scheduling, rb.scheduling);
  assert.deepEqual(ra.scheduling?.controller, { kind: 'ReplicaSet', name: 'web-7d9f' });
  const init = makePod('init', { cpu: '100m', memory: '128Mi' });
  init.spec.initContainers = [{ name: 'migrate', resources: { requests: { cpu: '2', memory: '64Mi' } } }];
  init.spec.overhead = { cpu: '250m' };
  const ri = projectPod(init, strings).scheduling!;
  assert.deepEqual(ri.requests, { milliCPU: 2250, memory: 128 * 1024 * 1024 });
  const none = projectPod(makePod('none', {}), strings).scheduling!;
  assert.deepEqual(none.requests, { milliCPU: 0, memory: 0 });
  assert.deepEqual(none.nonZero, { milliCPU: 100, memory: 200 * 1024 * 1024 });
  const node = projectNode(makeNode('gpu', { cpu: '7500m', extended: { 'nvidia.com/gpu': '4' }, images: [{ names: ['nginx:1.27'], sizeBytes: 72_000_000 }] }), strings).scheduling!;
  assert.deepEqual(node.allocatable, { milliCPU: 7500, memory: 32 * 1024 ** 3, pods: 110, scalar: { 'nvidia.com/gpu': 4 } });
  assert.deepEqual(node.images, [{ names: ['nginx:1.27'], sizeBytes: 72_000_000 }]);
});

test('changes flushed by the model reach the snapshot without a rebuild; status-only changes are ignored', () => {
  const nodes = mixedNodes();
  const pods = existingPods(nodes);
  const fed = new FedModel(nodes, pods);
  const shared = new SchedulingSnapshot(fed.model);
  const snap = shared.current();
  const buildMs = shared.stats.buildMs;
  const n1 = () => snap.get('node-01')!;
  const before = n1().requested.milliCPU;

  const late = makePod('late', { nodeName: 'node-01', cpu: '700m' });
  fed.pod(bump(late), 'ADDED');
  assert.equal(shared.current().get('node-01')!.requested.milliCPU, before + 700);

  const ready = bump(late);
  ready.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
  const ignoredBefore = shared.stats.ignoredChanges;
  fed.pod(ready);
  shared.current();
  assert.equal(shared.stats.ignoredChanges, ignoredBefore + 1);

  fed.pod(bump(late), 'DELETED');
  assert.equal(shared.current().get('node-01')!.requested.milliCPU, before);

  const tainted = bump(nodes[1]);
  tainted.spec = { taints: [{ key: 'maintenance', effect: 'NoSchedule' }] };
  fed.node(tainted);
  const t = scheduleOne(fw(), shared.current(), makePod('probe', { cpu: '10m' }), { clock: clock(), assume: false }).trace;
  assert.deepEqual(t.filterRejections?.find((r) => r.node === 'node-01')?.reasons, ['node(s) had untolerated taint {maintenance: }']);

  fed.node(bump(nodes[2]), 'DELETED');
  assert.equal(shared.current().get('node-02'), undefined);
  assert.equal(shared.stats.buildMs, buildMs, 'built once');
  assert.ok(shared.stats.podUpdates >= 2 && shared.stats.nodeUpdates >= 2);
  shared.dispose();
});

test('withAssumed: a what-if may assume, add, nominate and remove pods; afterwards the shared snapshot is as before', () => {
  const nodes = mixedNodes();
  const pods = existingPods(nodes);
  const fed = new FedModel(nodes, pods);
  const shared = new SchedulingSnapshot(fed.model);
  const before = fingerprint(shared.current());
  const placed = shared.withAssumed((snap) => {
    snap.removePod(pods[0]);
    snap.addPod(makePod('added-not-assumed', { nodeName: 'node-03', cpu: '1' }));
    snap.assume(pods[1], 'node-08');
    const out = simulate(snap, Array.from({ length: 25 }, (_, i) => makePod(`whatif-${i}`, { cpu: '900m', memory: '1Gi' })), { clock: clock() });
    // Preemption nominates a high-priority pod that fits nowhere.
    simulate(snap, [makePod('urgent', { cpu: '7', priority: 1000 })], { clock: clock() });
    return out.filter((p) => p.result.outcome === 'Scheduled').length;
  });
  assert.ok(placed > 0);
  assert.deepEqual(fingerprint(shared.current()), before);
  assert.equal(shared.current().hasNominatedPods, false);
});

test('pods bound to a node whose Node object arrives later count on it once it does', () => {
  const fed = new FedModel([makeNode('a')], [makePod('early', { nodeName: 'b', cpu: '300m' })]);
  const shared = new SchedulingSnapshot(fed.model);
  assert.equal(shared.current().get('b'), undefined);
  fed.node(bump(makeNode('b')), 'ADDED');
  assert.equal(shared.current().get('b')!.requested.milliCPU, 300);
  assert.deepEqual(shared.nodeNames(), ['a', 'b']);
});

test('a model that lists all its pods builds the same snapshot as one read node by node', () => {
  const nodes = mixedNodes();
  const fed = new FedModel(nodes, [...existingPods(nodes), makePod('orphan', { nodeName: 'gone', cpu: '1' })]);
  const model = fed.model;
  const listing = { onDidChange: model.onDidChange, nodeNames: () => model.nodeNames(), node: (n: string) => model.node(n), pod: (k: string) => model.pod(k), podsOnNode: () => assert.fail('not needed'), pods: () => model.podsSortedByNode() };
  const a = new SchedulingSnapshot(model);
  const b = new SchedulingSnapshot(listing);
  assert.deepEqual(fingerprint(b.current()), fingerprint(a.current()));
  fed.node(bump(makeNode('gone')), 'ADDED');
  assert.equal(b.current().get('gone')!.requested.milliCPU, 1000);
  assert.deepEqual(fingerprint(b.current()), fingerprint(a.current()));
});
