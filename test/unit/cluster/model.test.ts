import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClusterModel } from '../../../src/cluster/model.js';
import { nodeReadyStatus, projectLease, projectNode, projectPod } from '../../../src/cluster/projections.js';
import { NOW, SEED_LISTING, lease, node, pod, seedPods } from './fixtures/seed-cluster.js';
import { seedModel } from './fixtures/seed-model.js';

test('pods are listed exactly as the seed post\'s `kubectl get pod -A --sort-by spec.nodeName`', () => {
  const m = seedModel();
  assert.deepEqual(
    m.podsSortedByNode().map((p) => [p.name, p.nodeName]),
    SEED_LISTING,
  );
});

test('each node shows its roles, Ready, kubelet version, runtime, kube-proxy and pods in listing order', () => {
  const m = seedModel();
  assert.deepEqual(m.nodeNames(), ['whale1', 'whale2', 'whale3']);
  const whale1 = m.node('whale1')!;
  assert.deepEqual(whale1.record.roles, ['control-plane']);
  assert.equal(nodeReadyStatus(whale1.record), 'True');
  assert.equal(whale1.record.kubeletVersion, 'v1.25.2');
  assert.equal(whale1.record.containerRuntimeVersion, 'containerd://1.7.13');
  assert.equal(whale1.proxy?.kind, 'kube-proxy');
  assert.equal(whale1.proxy?.pod.name, 'kube-proxy-rwtc6');
  assert.equal(whale1.podCount, 7);
  assert.deepEqual(m.podsOnNode('whale1').map((p) => p.name), SEED_LISTING.filter(([, n]) => n === 'whale1').map(([p]) => p));
  assert.deepEqual(m.node('whale2')!.record.roles, []);
  assert.equal(m.node('whale3')!.proxy?.pod.name, 'kube-proxy-bn4dv');
  assert.equal(m.node('whale2')!.heartbeat, NOW - 4000);
});

test('the control plane has one instance of each static pod on whale1, and no cloud-controller-manager', () => {
  const m = seedModel();
  const byName = Object.fromEntries(m.controlPlane().map((c) => [c.name, c.instances.map((i) => `${i.pod.name}@${i.nodeName}`)]));
  assert.deepEqual(byName, {
    'kube-apiserver': ['kube-apiserver-whale1@whale1'],
    etcd: ['etcd-whale1@whale1'],
    'kube-scheduler': ['kube-scheduler-whale1@whale1'],
    'kube-controller-manager': ['kube-controller-manager-whale1@whale1'],
    'cloud-controller-manager': [],
  });
  assert.deepEqual(m.addOn('coredns').map((p) => p.name), ['coredns-565d847f94-lmbvb', 'coredns-565d847f94-m9877']);
});

function haModel(holder: string): ClusterModel {
  const m = new ClusterModel();
  m.replaceNodes(['cp1', 'cp2', 'cp3'].map((n) => projectNode(node(n, { controlPlane: true }))));
  const pods = [];
  for (const n of ['cp1', 'cp2', 'cp3']) {
    for (const c of ['etcd', 'kube-apiserver', 'kube-scheduler', 'kube-controller-manager']) {
      pods.push(projectPod(pod('kube-system', `${c}-${n}`, n, { labels: { component: c, tier: 'control-plane' }, mirror: true })));
    }
  }
  m.replacePods(pods);
  m.replaceLeases('kube-system', [projectLease(lease('kube-system', 'kube-scheduler', `${holder}_1234`, NOW)), projectLease(lease('kube-system', 'kube-controller-manager', 'cp1_99', NOW))]);
  return m;
}

test('the Lease holder is the leader and the other replicas stand by', () => {
  const m = haModel('cp2');
  const sched = m.controlPlaneComponent('kube-scheduler');
  assert.equal(sched.leaderHost, 'cp2');
  assert.deepEqual(sched.instances.map((i) => `${i.nodeName}:${i.election}`), ['cp1:standby', 'cp2:leader', 'cp3:standby']);
  m.applyLease('MODIFIED', projectLease(lease('kube-system', 'kube-scheduler', 'cp3_5678', NOW)));
  const cs = m.flush()!;
  assert.ok(cs.components.has('kube-scheduler'), 'a leader change refreshes the component');
  assert.deepEqual(m.controlPlaneComponent('kube-scheduler').instances.filter((i) => i.election === 'leader').map((i) => i.nodeName), ['cp3']);
  assert.equal(m.controlPlaneComponent('kube-apiserver').instances[0].election, undefined, 'API servers are all active');
});

test('etcd keeps quorum with 2 of 3 members ready and loses it with 1 of 3', () => {
  const m = haModel('cp1');
  assert.deepEqual(m.etcdMembership(), { members: 3, readyMembers: 3, quorumSize: 2, hasQuorum: true });
  m.applyPod('MODIFIED', projectPod(pod('kube-system', 'etcd-cp3', 'cp3', { labels: { component: 'etcd' }, mirror: true, ready: false })));
  assert.deepEqual(m.etcdMembership(), { members: 3, readyMembers: 2, quorumSize: 2, hasQuorum: true });
  m.applyPod('MODIFIED', projectPod(pod('kube-system', 'etcd-cp2', 'cp2', { labels: { component: 'etcd' }, mirror: true, ready: false })));
  assert.deepEqual(m.etcdMembership(), { members: 3, readyMembers: 1, quorumSize: 2, hasQuorum: false });
});

test('change sets name only what changed, and flush empties them', () => {
  const m = seedModel();
  assert.equal(m.flush(), undefined, 'nothing pending after the initial flush');
  // A pod changing phase refreshes that pod only.
  m.applyPod('MODIFIED', projectPod(pod('kube-system', 'coredns-565d847f94-m9877', 'whale1', { labels: { 'k8s-app': 'kube-dns' }, ready: false })));
  let cs = m.flush()!;
  assert.deepEqual([...cs.pods], ['kube-system/coredns-565d847f94-m9877']);
  assert.deepEqual([...cs.nodes], []);
  assert.deepEqual([...cs.addOns], ['coredns']);
  // A new pod on whale2 changes whale2's pod list.
  m.applyPod('ADDED', projectPod(pod('default', 'web-1', 'whale2')));
  cs = m.flush()!;
  assert.deepEqual([...cs.nodes], ['whale2']);
  assert.equal(cs.nodeListChanged, false);
  assert.deepEqual(m.podsOnNode('whale2').map((p) => p.name), ['web-1', 'kube-proxy-t4dmt']);
  // A node heartbeat (node Lease renewal) is folded without refreshing anything.
  m.applyLease('MODIFIED', projectLease(lease('kube-node-lease', 'whale3', 'whale3', NOW + 10_000, 40)));
  assert.equal(m.flush(), undefined);
  assert.equal(m.node('whale3')!.heartbeat, NOW + 10_000);
  // A new node changes the node list.
  m.applyNode('ADDED', projectNode(node('whale4')));
  cs = m.flush()!;
  assert.equal(cs.nodeListChanged, true);
  assert.deepEqual(m.nodeNames(), ['whale1', 'whale2', 'whale3', 'whale4']);
});

test('an unscheduled pod sits under Unscheduled until bound, then moves to its node', () => {
  const m = seedModel();
  m.applyPod('ADDED', projectPod(pod('default', 'pending-1', undefined, { phase: 'Pending' })));
  let cs = m.flush()!;
  assert.equal(cs.unscheduled, true);
  assert.deepEqual(m.unscheduled().map((p) => p.name), ['pending-1']);
  m.applyPod('MODIFIED', projectPod(pod('default', 'pending-1', 'whale3')));
  cs = m.flush()!;
  assert.equal(cs.unscheduled, true);
  assert.deepEqual([...cs.nodes], ['whale3']);
  assert.equal(m.unscheduledCount, 0);
  assert.ok(m.podsOnNode('whale3').some((p) => p.name === 'pending-1'));
});

test('a relist drops what the server no longer has and keeps what is unchanged quiet', () => {
  const m = seedModel();
  const pods = seedPods().filter((p) => p.metadata.name !== 'kube-proxy-bn4dv').map((o) => projectPod(o));
  m.replacePods(pods);
  const cs = m.flush()!;
  assert.deepEqual([...cs.pods], ['kube-system/kube-proxy-bn4dv']);
  assert.equal(m.node('whale3')!.proxy, undefined);
  assert.equal(m.podCount, 8);
});

test('a relist of one scope (kube-system, or every other namespace) drops only what is gone from that scope', () => {
  const m = seedModel();
  const web = (name: string, rv = '1') => projectPod({ ...pod('default', name, 'whale2'), metadata: { ...pod('default', name, 'whale2').metadata, resourceVersion: rv } });
  m.replacePods([web('web-1'), web('web-2')], { exceptNamespace: 'kube-system' });
  m.flush();
  assert.equal(m.podCount, 11);
  // The kube-system list no longer has a kube-proxy: the default namespace's pods stay.
  m.replacePods(seedPods().filter((p) => p.metadata.name !== 'kube-proxy-bn4dv').map((o) => projectPod(o)), { namespace: 'kube-system' });
  assert.deepEqual([...m.flush()!.pods], ['kube-system/kube-proxy-bn4dv']);
  // The list of every other namespace no longer has web-2 and has a new web-3; kube-system stays.
  m.replacePods([web('web-1'), web('web-3')], { exceptNamespace: 'kube-system' });
  assert.deepEqual([...m.flush()!.pods].sort(), ['default/web-2', 'default/web-3']);
  assert.equal(m.podCount, 10);
  // Same count as held, but one record out of scope: still checked one by one.
  m.replacePods([web('web-1'), projectPod(pod('kube-system', 'stray', 'whale2'))], { exceptNamespace: 'kube-system' });
  assert.equal(m.pod('default/web-3'), undefined);
});

test('kube-proxy replaced by Cilium is shown as the replacement', () => {
  const m = new ClusterModel();
  m.replaceNodes([projectNode(node('w1'))]);
  m.replacePods([projectPod(pod('kube-system', 'cilium-x7k2p', 'w1', { labels: { 'k8s-app': 'cilium' }, owner: 'DaemonSet' }))]);
  assert.deepEqual({ kind: m.node('w1')!.proxy?.kind, name: m.node('w1')!.proxy?.name }, { kind: 'replacement', name: 'cilium' });
});

test('the stale flag flips once while any watch is down and clears when all recover', () => {
  const m = seedModel();
  m.setStale('pods', true);
  m.setStale('nodes', true);
  assert.equal(m.stale, true);
  assert.equal(m.flush()!.staleChanged, true);
  m.setStale('pods', false);
  assert.equal(m.stale, true);
  assert.equal(m.flush(), undefined);
  m.setStale('nodes', false);
  assert.equal(m.stale, false);
  assert.equal(m.flush()!.staleChanged, true);
});

test('a deleted node disappears from the list while its pods are still shown until deleted', () => {
  const m = seedModel();
  m.applyNode('DELETED', projectNode(node('whale3')));
  assert.deepEqual(m.nodeNames(), ['whale1', 'whale2']);
  assert.equal(m.flush()!.nodeListChanged, true);
  assert.equal(m.podsOnNode('whale3').length, 1);
});
