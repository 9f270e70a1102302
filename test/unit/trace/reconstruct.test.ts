import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../../src/scheduler';
import { agreementOf, reconstructDecision, SchedulingSnapshot } from '../../../src/trace';
import { clock, makeNode, makePod, seedNodes, Snapshot } from '../scheduler/fixtures';
import { FedModel } from './scheduling-snapshot.fixtures';

const TAINT_REASON = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const opts = { clock: clock(), random: () => 0.99 };

/** The seed cluster with 2-cpu nodes, `pod` bound where it is. */
function seed(pods: Pod[]) {
  const fed = new FedModel(seedNodes({ cpu: '2', memory: '4Gi' }), pods);
  return { fed, shared: new SchedulingSnapshot(fed.model) };
}

test('a bound pod is reconstructed as it was while Pending: taken off its node, which then has room for it again', () => {
  // 1.5 cpu on a 2-cpu node: counted twice, whale3 would reject it with Insufficient cpu.
  const big = makePod('big', { nodeName: 'whale3', cpu: '1500m', memory: '1Gi' });
  const other = makePod('other', { nodeName: 'whale2', cpu: '1', memory: '1Gi' });
  const { shared } = seed([big, other]);
  const r = reconstructDecision(shared, big, opts);
  assert.equal(r.result.outcome, 'Scheduled');
  assert.equal(r.trace.nodeName, 'whale3');
  assert.equal(r.actualNodeName, 'whale3');
  assert.equal(r.agreement, 'same');
  assert.deepEqual(r.trace.filterRejections?.map((f) => [f.node, f.plugin, f.reasons]), [
    ['whale1', 'TaintToleration', [TAINT_REASON]],
    ['whale2', 'NodeResourcesFit', ['Insufficient cpu']],
  ]);
  // The shared snapshot still counts the pod on its node.
  assert.equal(shared.current().get('whale3')!.requested.milliCPU, 1500);
  assert.equal(shared.current().get('whale3')!.pods.length, 1);
});

test('a reconstruction evaluates every node and lists them all, even where kube-scheduler would sample', () => {
  const nodes = Array.from({ length: 300 }, (_, i) => makeNode(`n${String(i).padStart(3, '0')}`, { cpu: '4' }));
  const pod = makePod('web', { nodeName: 'n150', cpu: '100m' });
  const fed = new FedModel(nodes, [pod]);
  const shared = new SchedulingSnapshot(fed.model);
  const r = reconstructDecision(shared, pod, opts);
  assert.equal(r.allNodeNames.length, 300);
  assert.equal(r.trace.evaluatedNodes?.length, 300);
  assert.equal(r.trace.sampling?.numNotEvaluated, 0);
  assert.equal(r.trace.sampling?.percentageOfNodesToScore, 100);
  assert.equal(r.trace.scores?.nodes.length, 300);
  // All 300 nodes are equal for this pod: its node is tied with the pick.
  assert.ok(r.agreement === 'same' || r.agreement === 'tied', r.agreement);
});

test('when the pod sits on a node the reconstruction would not pick, the agreement says so', () => {
  // Bound by hand (spec.nodeName) onto the tainted control plane: the default profile rejects it there.
  const pinned = makePod('pinned', { nodeName: 'whale1', cpu: '100m' });
  const { shared } = seed([pinned]);
  const r = reconstructDecision(shared, pinned, opts);
  assert.equal(r.actualNodeName, 'whale1');
  assert.notEqual(r.trace.nodeName, 'whale1');
  assert.equal(r.agreement, 'different');
});

test('a pod too large for any node is reconstructed with the exact FailedScheduling text, and nothing is nominated', () => {
  const { shared } = seed([]);
  const r = reconstructDecision(shared, makePod('huge', { cpu: '16' }), opts);
  assert.equal(r.agreement, 'pending');
  assert.equal(
    r.result.message,
    '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
      'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
  );
  assert.equal(shared.current().hasNominatedPods, false);
});

test('a pod that preemption would place nominates nothing in the shared snapshot', () => {
  const victim = makePod('victim', { nodeName: 'whale2', cpu: '1800m', priority: 0 });
  const victim3 = makePod('victim3', { nodeName: 'whale3', cpu: '1800m', priority: 0 });
  const { shared } = seed([victim, victim3]);
  const r = reconstructDecision(shared, makePod('urgent', { cpu: '1', priority: 1000 }), opts);
  assert.equal(r.result.outcome, 'Unschedulable');
  assert.ok(r.result.nominatedNodeName, 'preemption chose a node');
  assert.equal(shared.current().hasNominatedPods, false);
  assert.equal(shared.current().get('whale2')!.pods.length, 1);
});

test('notes say when the pod asked for another scheduler; a bare Snapshot is left as it was too', () => {
  const pod = makePod('custom', { nodeName: 'whale2', cpu: '100m', spec: { schedulerName: 'my-scheduler' } });
  const snap = Snapshot.from({ nodes: seedNodes(), pods: [pod] });
  const r = reconstructDecision(snap, pod, opts);
  assert.match(r.notes.join('\n'), /my-scheduler/);
  assert.equal(snap.nodeOf(pod), 'whale2');
  assert.equal(snap.get('whale2')!.requested.milliCPU, 100);
});

test('agreementOf: tied when the pod node has the top total, different when lower', () => {
  const trace = { outcome: 'Scheduled', nodeName: 'a', scores: { nodes: ['a', 'b', 'c'], totals: [90, 90, 80], plugins: [] } } as never;
  assert.equal(agreementOf(trace, 'a'), 'same');
  assert.equal(agreementOf(trace, 'b'), 'tied');
  assert.equal(agreementOf(trace, 'c'), 'different');
  assert.equal(agreementOf(trace, 'z'), 'different');
});

test("a Deployment's pod is spread by default as kube-scheduler does with its ReplicaSet, though the model keeps no ReplicaSets", () => {
  const labels = { app: 'web', 'pod-template-hash': '5d8f7' };
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d8f7', namespace: 'default' }, spec: { selector: { matchLabels: labels } } };
  const owned = (name: string, nodeName?: string): Pod => {
    const p = makePod(name, { nodeName, labels, cpu: '100m' });
    p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7', uid: 'rs', controller: true }];
    return p;
  };
  // Four replicas on whale2 already: default spreading (maxSkew 3 per hostname) favours whale3.
  const existing = [0, 1, 2, 3].map((i) => owned(`web-5d8f7-${i}`, 'whale2'));
  const pod = owned('web-5d8f7-new', 'whale3');
  const nodes = seedNodes({ cpu: '2', memory: '4Gi' });
  const withRs = reconstructDecision(Snapshot.from({ nodes, pods: [...existing, pod], replicaSets: [rs] }), pod, opts);
  const { shared } = seed([...existing, pod]);
  const r = reconstructDecision(shared, pod, opts);
  const spread = (t: typeof r.trace) => t.scores?.plugins.find((p) => p.plugin === 'PodTopologySpread');
  assert.equal(spread(withRs.trace)?.skipped, undefined, 'the real ReplicaSet makes PodTopologySpread score');
  assert.deepEqual(withRs.notes, [], 'nothing approximated when the ReplicaSet is known');
  assert.deepEqual(r.trace.scores, withRs.trace.scores);
  assert.equal(r.agreement, 'same');
  assert.match(r.notes.join('\n'), /Default spreading/);
});

test('a pod with claims: the volume plugins use the claims given, and are left out (with a note) when the extension knows none', () => {
  const pod = makePod('db-0', { nodeName: 'whale3', cpu: '100m', spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }] } });
  const { shared } = seed([pod]);
  const blind = reconstructDecision(shared, pod, opts);
  assert.equal(blind.result.outcome, 'Scheduled');
  assert.match(blind.notes.join('\n'), /VolumeBinding and VolumeRestrictions were left out: the PersistentVolumeClaims data-db-0/);
  const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-db-0', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], volumeName: 'pv-1', storageClassName: 'local' }, status: { phase: 'Bound' } };
  const pv = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv-1' },
    spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, storageClassName: 'local', claimRef: { namespace: 'default', name: 'data-db-0' }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['whale3'] }] }] } } },
    status: { phase: 'Bound' },
  };
  const r = reconstructDecision(shared, pod, { ...opts, storage: { persistentVolumeClaims: [pvc], persistentVolumes: [pv] } });
  assert.equal(r.trace.nodeName, 'whale3');
  assert.deepEqual(r.trace.filterRejections?.find((f) => f.node === 'whale2')?.reasons, ['node(s) had volume node affinity conflict']);
  assert.deepEqual(r.notes, []);
  // The claims were the run's only: the shared snapshot knows none afterwards.
  assert.equal(shared.current().pvcs.size, 0);
});
