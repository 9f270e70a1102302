import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/kube/object';
import type { Node, Pod } from '../../../src/scheduler';
import { SchedulingSnapshot, whatIf, type WhatIfContext } from '../../../src/trace';
import { CONTROL_PLANE_TAINT, makeNode, makePod, seedNodes, Snapshot } from '../scheduler/fixtures';
import { FedModel } from './scheduling-snapshot.fixtures';

const context: WhatIfContext = { defaultNamespace: 'default' };
const TOO_LARGE =
  '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
  'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';

function deployment(name: string, replicas: number, spec: Record<string, unknown> = {}, cpu = '500m'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu, memory: '256Mi' } } }], ...spec } },
    },
  };
}

/** What each node holds, as the scheduler counts it: the fingerprint a what-if must leave unchanged. */
function fingerprint(snap: Snapshot) {
  return {
    nodes: snap.nodeInfos().map((ni) => ({
      node: ni.name,
      cpu: ni.requested.milliCPU,
      memory: ni.requested.memory,
      pods: ni.pods.map((p) => p.pod.metadata.name).sort(),
      nominated: snap.nominatedPodsFor(ni.name).length,
    })),
    pvcs: [...snap.pvcs.keys()],
    pvs: [...snap.pvs.keys()],
    replicaSets: snap.replicaSets.length,
    services: snap.services.length,
  };
}

test('a Deployment of 3 replicas without tolerations lands on whale2 and whale3 only; whale1 is excluded by its taint', () => {
  const snap = Snapshot.from({ nodes: seedNodes() });
  const { placements, traces, problems } = whatIf(snap, [deployment('web', 3)], context);
  assert.deepEqual(problems, []);
  assert.equal(placements.length, 3);
  assert.ok(placements.every((p) => p.outcome === 'Scheduled' && p.from === 'Deployment/web'));
  const used = new Set(placements.map((p) => p.nodeName));
  assert.deepEqual([...used].sort(), ['whale2', 'whale3'], 'replicas spread over both workers');
  assert.equal(traces.length, 3);
  for (const t of traces) {
    assert.deepEqual(
      t.filterRejections?.map((r) => [r.node, r.plugin, r.reasons]),
      [['whale1', 'TaintToleration', ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']]],
    );
  }
  assert.deepEqual(
    traces.map((t) => t.pod.name),
    placements.map((p) => p.podName),
  );
});

test('resources accumulate across replicas: the one that no longer fits stays Pending with the exact FailedScheduling message', () => {
  const snap = Snapshot.from({ nodes: seedNodes() });
  const { placements, traces } = whatIf(snap, [deployment('big', 3, {}, '3')], context);
  assert.deepEqual(
    placements.map((p) => p.outcome),
    ['Scheduled', 'Scheduled', 'Unschedulable'],
  );
  assert.deepEqual(placements.slice(0, 2).map((p) => p.nodeName).sort(), ['whale2', 'whale3']);
  assert.equal(placements[2].message, TOO_LARGE);
  assert.equal(placements[2].nodeName, undefined);
  assert.equal(traces[2].message, TOO_LARGE);

  const huge = whatIf(snap, [deployment('huge', 1, {}, '64')], context);
  assert.equal(huge.placements[0].outcome, 'Unschedulable');
  assert.equal(huge.placements[0].message, TOO_LARGE);
});

test('the snapshot is unchanged afterwards, for anyone else using it', () => {
  const running = [makePod('existing-1', { cpu: '1', nodeName: 'whale2' }), makePod('existing-2', { cpu: '500m', nodeName: 'whale3' })];
  const snap = Snapshot.from({ nodes: seedNodes(), pods: running });
  const before = fingerprint(snap);
  const sts = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres', resources: { requests: { cpu: '1' } } }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' } } };
  const result = whatIf(snap, [deployment('web', 4), sts, service, deployment('big', 1, {}, '64')], context);
  assert.equal(result.placements.filter((p) => p.outcome === 'Scheduled').length, 6, 'the what-if did place pods');
  assert.deepEqual(
    result.placements.filter((p) => p.from === 'StatefulSet/db').map((p) => p.podName),
    ['db-0', 'db-1'],
  );
  assert.deepEqual(fingerprint(snap), before);
  assert.equal(snap.nodeOf(running[0]), 'whale2');
});

test('a high-priority what-if pod that would preempt is reported, and its nomination does not stay in the snapshot', () => {
  const nodes = seedNodes({ cpu: '2' });
  const victims = [makePod('low-1', { cpu: '1500m', nodeName: 'whale2', priority: 0 }), makePod('low-2', { cpu: '1500m', nodeName: 'whale3', priority: 0 })];
  const snap = Snapshot.from({ nodes, pods: victims });
  const before = fingerprint(snap);
  const urgent = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'urgent' }, value: 1000 };
  const { placements } = whatIf(snap, [urgent, deployment('urgent', 1, { priorityClassName: 'urgent' }, '1')], context);
  assert.equal(placements[0].outcome, 'Unschedulable');
  assert.match(placements[0].message!, /^0\/3 nodes are available: .*Preemption: 1 lower-priority pod\(s\) would be evicted from whale[23] \(default\/low-[12]\); the pod would then wait for that node\.$/);
  assert.deepEqual(fingerprint(snap), before);
  assert.equal(snap.hasNominatedPods, false);
});

test('topology spread constraints alternate the replicas between zones, against the pull of a much larger node', () => {
  // Scoring alone would put most replicas on the big whale2; maxSkew 1 forces a, b, a, b...
  const nodes: Node[] = [
    makeNode('whale1', { taints: [CONTROL_PLANE_TAINT], labels: { 'node-role.kubernetes.io/control-plane': '' } }),
    makeNode('whale2', { cpu: '64', memory: '256Gi', labels: { 'topology.kubernetes.io/zone': 'a' } }),
    makeNode('whale3', { labels: { 'topology.kubernetes.io/zone': 'b' } }),
  ];
  const unconstrained = whatIf(Snapshot.from({ nodes }), [deployment('web', 6)], context);
  assert.ok(unconstrained.placements.filter((p) => p.nodeName === 'whale2').length > 3, 'without the constraint the big node wins more often');
  const spread = {
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
  };
  const { placements } = whatIf(Snapshot.from({ nodes }), [deployment('web', 6, spread)], context);
  assert.ok(placements.every((p) => p.outcome === 'Scheduled'));
  assert.deepEqual(
    placements.map((p) => p.nodeName),
    ['whale2', 'whale3', 'whale2', 'whale3', 'whale2', 'whale3'],
  );
});

test('a DaemonSet gets one pod per eligible node, each on its own node; the control plane only when tolerated', () => {
  const snap = Snapshot.from({ nodes: seedNodes() });
  const ds = (tolerations: unknown[] = []): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { tolerations, containers: [{ name: 'a', image: 'agent' }] } } },
  });
  const workers = whatIf(snap, [ds()], context);
  assert.deepEqual(workers.placements.map((p) => [p.outcome, p.nodeName]), [
    ['Scheduled', 'whale2'],
    ['Scheduled', 'whale3'],
  ]);
  assert.ok(workers.notes.some((n) => n.includes('whale1 (untolerated taint {node-role.kubernetes.io/control-plane: })')));
  const all = whatIf(snap, [ds([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }])], context);
  assert.deepEqual(all.placements.map((p) => p.nodeName), ['whale1', 'whale2', 'whale3']);
  // Each daemon pod considers only its own node: the others are excluded by NodeAffinity's matchFields.
  assert.deepEqual(all.traces[0].preFilterNodeNames ?? all.traces[0].evaluatedNodes, ['whale1']);
});

test("re-applying a Deployment replaces its current pods instead of counting them twice", () => {
  const owned = (name: string, node: string): Pod => {
    const p = makePod(name, { cpu: '3', nodeName: node, labels: { app: 'web' } });
    p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f8', uid: 'rs-uid', controller: true }];
    return p;
  };
  const unrelated = makePod('other', { cpu: '500m', nodeName: 'whale2', labels: { app: 'web' } });
  unrelated.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-1234', uid: 'x', controller: true }];
  const current = [owned('web-7d9f8-aaaaa', 'whale2'), owned('web-7d9f8-bbbbb', 'whale3'), unrelated];
  const snap = Snapshot.from({ nodes: seedNodes(), pods: current });
  const before = fingerprint(snap);
  const result = whatIf(snap, [deployment('web', 2, {}, '3')], context);
  assert.deepEqual(result.placements.map((p) => p.outcome), ['Scheduled', 'Scheduled'], 'the old 3-cpu pods no longer hold the nodes');
  assert.deepEqual(result.replaced.map((r) => `${r.name}@${r.nodeName}`).sort(), ['web-7d9f8-aaaaa@whale2', 'web-7d9f8-bbbbb@whale3']);
  assert.ok(result.notes.includes('Deployment/web: its 2 current pod(s) are left out of the simulation: the pods of this manifest replace them'));
  assert.deepEqual(fingerprint(snap), before);
});

test('the same manifest gives the same answer twice; problems of bad documents come back beside the placements', () => {
  const snap = Snapshot.from({ nodes: seedNodes() });
  const docs = [deployment('web', 5), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'broken' }, spec: { replicas: 'many' } }];
  const a = whatIf(snap, docs, context);
  const b = whatIf(snap, docs, context);
  assert.deepEqual(a.placements, b.placements);
  assert.deepEqual(a.problems, [{ document: 1, message: 'Deployment/broken: spec.template is missing: the controller has no pod template to create pods from' }]);
});

test('a snapshot holder with withAssumed lends the snapshot for the call', () => {
  const snap = Snapshot.from({ nodes: seedNodes() });
  let lent = 0;
  const holder = {
    withAssumed<T>(fn: (s: Snapshot) => T): T {
      lent++;
      return fn(snap);
    },
  };
  const { placements } = whatIf(holder, [deployment('web', 2)], context);
  assert.equal(lent, 1);
  assert.equal(placements.length, 2);
});

test('more pods than maxPods: the first ones are simulated and a note says so', () => {
  const snap = Snapshot.from({ nodes: seedNodes() });
  const { placements, notes } = whatIf(snap, [deployment('web', 12, {}, '10m')], context, { maxPods: 5 });
  assert.equal(placements.length, 5);
  assert.ok(notes.includes('12 pods: only the first 5 are simulated'));
});

test('a Pod that names its node skips the scheduler but still takes that node\'s room; re-applying a Pod replaces it', () => {
  const current = makePod('pinned', { cpu: '3', nodeName: 'whale3' });
  const snap = Snapshot.from({ nodes: seedNodes(), pods: [current] });
  const before = fingerprint(snap);
  const pinned = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pinned', uid: 'copied-from-kubectl-get' }, spec: { nodeName: 'whale1', containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '3' } } }] } };
  const lost = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'lost' }, spec: { nodeName: 'whale9', containers: [{ name: 'c', image: 'x' }] } };
  const result = whatIf(snap, [pinned, lost, deployment('web', 2, {}, '3')], context);
  assert.deepEqual(result.placements.map((p) => [p.podName, p.outcome, p.nodeName]), [
    ['pinned', 'Scheduled', 'whale1'],
    ['lost', 'Unschedulable', undefined],
    // whale3 is free again: the re-applied Pod left it for whale1.
    [result.placements[2].podName, 'Scheduled', result.placements[2].nodeName],
    [result.placements[3].podName, 'Scheduled', result.placements[3].nodeName],
  ]);
  assert.deepEqual([result.placements[2].nodeName, result.placements[3].nodeName].sort(), ['whale2', 'whale3']);
  assert.match(result.placements[0].message!, /^spec\.nodeName is set: kube-scheduler skips this pod/);
  assert.equal(result.placements[1].message, 'spec.nodeName is set to whale9, which is not a node of this cluster: the pod would stay Pending');
  assert.equal(result.traces[0].detailed, false);
  assert.deepEqual(result.replaced.map((r) => r.name), ['pinned']);
  assert.deepEqual(fingerprint(snap), before);
});

test("through the extension's SchedulingSnapshot (the model's slim records): same placements, replaced pods found by controller, snapshot as before", () => {
  const owned = makePod('web-7d9f8-aaaaa', { cpu: '3', nodeName: 'whale2', labels: { app: 'web' } });
  owned.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f8', uid: 'rs-uid', controller: true }];
  const fed = new FedModel(seedNodes(), [owned, makePod('other', { cpu: '1', nodeName: 'whale3' })]);
  const shared = new SchedulingSnapshot(fed.model);
  try {
    const before = fingerprint(shared.current());
    const result = whatIf(shared, [deployment('web', 2, {}, '3')], context);
    assert.deepEqual(result.placements.map((p) => p.outcome), ['Scheduled', 'Scheduled']);
    assert.deepEqual(result.placements.map((p) => p.nodeName).sort(), ['whale2', 'whale3']);
    assert.deepEqual(result.replaced.map((r) => `${r.name}@${r.nodeName}`), ['web-7d9f8-aaaaa@whale2']);
    assert.deepEqual(fingerprint(shared.current()), before);
  } finally {
    shared.dispose();
  }
});

test("a hostNetwork DaemonSet's container ports become host ports: the node whose port is taken keeps its daemon pod Pending", () => {
  const taken = makePod('ingress', { nodeName: 'whale2', hostPort: 8080 });
  const snap = Snapshot.from({ nodes: seedNodes(), pods: [taken] });
  const ds: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'exporter' },
    spec: {
      selector: { matchLabels: { app: 'exporter' } },
      template: { metadata: { labels: { app: 'exporter' } }, spec: { hostNetwork: true, containers: [{ name: 'e', image: 'exporter', ports: [{ containerPort: 8080 }] }] } },
    },
  };
  const { placements } = whatIf(snap, [ds], context);
  assert.deepEqual(placements.map((p) => [p.outcome, p.nodeName ?? null]), [
    ['Unschedulable', null],
    ['Scheduled', 'whale3'],
  ]);
  assert.equal(
    placements[0].message,
    "0/3 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
  );
});

test('StatefulSet claims: an Immediate class binds before scheduling; a WaitForFirstConsumer class without a provisioner and no volume leaves the pod Pending', () => {
  const sts = (storageClassName: string): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  });
  const storageClasses = [
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'csi.example.com', volumeBindingMode: 'Immediate' as const },
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' as const },
  ];
  const snap = Snapshot.from({ nodes: seedNodes(), storageClasses });
  const before = fingerprint(snap);
  assert.equal(whatIf(snap, [sts('fast')], context).placements[0].outcome, 'Scheduled');
  const local = whatIf(snap, [sts('local')], context).placements[0];
  assert.equal(local.outcome, 'Unschedulable');
  assert.match(local.message!, /2 node\(s\) didn't find available persistent volumes to bind/);
  assert.deepEqual(fingerprint(snap), before);
});

test('garbage in any scheduling field of a template becomes a problem, never an exception', () => {
  const snap = Snapshot.from({ nodes: seedNodes() });
  const before = fingerprint(snap);
  const fields: Record<string, unknown> = {
    tolerations: 'all',
    topologySpreadConstraints: [1],
    volumes: {},
    affinity: 'near',
    nodeSelector: ['a'],
    priority: 'high',
    nodeName: 7,
    schedulingGates: 'x',
    containers: [{ name: 'c', resources: { requests: 'lots' } }],
  };
  for (const [field, value] of Object.entries(fields)) {
    const d = deployment('web', 1, { [field]: value });
    const result = whatIf(snap, [d], context);
    assert.equal(result.placements.length, 0, field);
    assert.equal(result.problems.length, 1, field);
    assert.match(result.problems[0].message, new RegExp(`^Deployment/web: spec\\.template\\.spec\\.${field}`), field);
  }
  assert.deepEqual(fingerprint(snap), before);
});
