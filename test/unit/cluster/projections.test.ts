import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StringInterner, nodeReadyStatus, podReadyText, podStatusText, projectLease, projectNode, projectPod } from '../../../src/cluster/projections.js';
import { NOW, lease, node, pod } from './fixtures/seed-cluster.js';

test('a node keeps roles, taints, readiness, versions and allocatable, and nothing else', () => {
  const raw = node('whale1', { controlPlane: true, labels: { 'team.example.com/owner': 'infra', 'topology.kubernetes.io/zone': 'lab-a' } });
  const n = projectNode(raw);
  assert.equal(n.name, 'whale1');
  assert.deepEqual(n.roles, ['control-plane']);
  assert.equal(n.zone, 'lab-a');
  assert.deepEqual(n.taints, ['node-role.kubernetes.io/control-plane:NoSchedule']);
  assert.equal(nodeReadyStatus(n), 'True');
  assert.equal(n.kubeletVersion, 'v1.25.2');
  assert.equal(n.containerRuntimeVersion, 'containerd://1.7.13');
  assert.equal(n.internalIP, '192.168.0.1');
  assert.deepEqual(n.allocatable, { cpu: '2', memory: '3922984Ki', pods: '110' });
  assert.equal(n.labels['team.example.com/owner'], undefined, 'labels the views do not use are dropped');
  assert.deepEqual(n.annotationKeys, ['kubeadm.alpha.kubernetes.io/cri-socket']);
  assert.ok(!JSON.stringify(n).includes('containerd.sock'), 'annotation values are not kept');
});

test('k3s node-args annotations are kept as keys only, so a token in them never reaches the model', () => {
  const raw = node('k3s-1', { annotations: { 'k3s.io/node-args': '["server","--token","s3cr3t-token"]' } });
  const n = projectNode(raw);
  assert.deepEqual(n.annotationKeys, ['k3s.io/node-args']);
  assert.ok(!JSON.stringify(n).includes('s3cr3t-token'));
});

test('a pod keeps what the tree shows: node, phase, ready, restarts, owner, component labels', () => {
  const p = projectPod(pod('kube-system', 'kube-proxy-rwtc6', 'whale1', { labels: { 'k8s-app': 'kube-proxy' }, owner: 'DaemonSet', restarts: 3, priority: 2000001000 }));
  assert.equal(p.nodeName, 'whale1');
  assert.equal(p.phase, 'Running');
  assert.equal(podReadyText(p), '1/1');
  assert.equal(p.restarts, 3);
  assert.equal(p.ownerKind, 'DaemonSet');
  assert.equal(p.k8sApp, 'kube-proxy');
  assert.equal(p.priority, 2000001000);
  assert.equal(p.mirror, false);
  assert.ok(!JSON.stringify(p).includes('hunter2'), 'container env is not kept');
});

test('a static pod is recognised as a mirror pod with its component label', () => {
  const p = projectPod(pod('kube-system', 'etcd-whale1', 'whale1', { labels: { component: 'etcd', tier: 'control-plane' }, mirror: true }));
  assert.equal(p.mirror, true);
  assert.equal(p.component, 'etcd');
  assert.equal(p.tier, 'control-plane');
  assert.equal(p.ownerKind, 'Node');
});

test('a crashing pod shows its waiting reason as kubectl does; an unscheduled one has no node', () => {
  const crashing = projectPod(pod('default', 'web', 'whale2', { ready: false, restarts: 7 }));
  assert.equal(podStatusText(crashing), 'CrashLoopBackOff');
  assert.equal(podReadyText(crashing), '0/1');
  const pending = projectPod(pod('default', 'big', undefined, { phase: 'Pending' }));
  assert.equal(pending.nodeName, '');
  assert.equal(podStatusText(pending), 'Pending');
});

test('a lease keeps holder, duration and renew time (microsecond timestamps parse)', () => {
  const l = projectLease(lease('kube-system', 'kube-scheduler', 'whale1_abc', NOW - 3000));
  assert.equal(l.holderIdentity, 'whale1_abc');
  assert.equal(l.leaseDurationSeconds, 15);
  assert.equal(l.renewTime, NOW - 3000);
});

test('namespaces and node names of many pods share one string', () => {
  const strings = new StringInterner();
  const a = projectPod(JSON.parse(JSON.stringify(pod('kube-system', 'a', 'whale1'))), strings);
  const b = projectPod(JSON.parse(JSON.stringify(pod('kube-system', 'b', 'whale1'))), strings);
  assert.equal(strings.intern('kube-system'), a.namespace);
  assert.equal(a.nodeName, b.nodeName);
});
