import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectDistribution } from '../../../src/anatomy/distribution.js';
import { type HealthContext, addOnHealth, controlPlaneHealth, kubeProxyHealth, kubeletHealth, parseRuntimeVersion, runtimeHealth } from '../../../src/anatomy/health.js';
import type { ClusterModel } from '../../../src/cluster/model.js';
import { parseHealthChecks } from '../../../src/cluster/probes.js';
import { projectLease, projectNode, projectPod } from '../../../src/cluster/projections.js';
import { NOW, lease, node, pod, seedNodes } from '../cluster/fixtures/seed-cluster.js';
import { seedModel } from '../cluster/fixtures/seed-model.js';
import { READYZ_ETCD_DOWN, SEED_READYZ } from '../cluster/fixtures/readyz.js';

const kubeadm = detectDistribution({ nodes: seedNodes().map((n) => projectNode(n)), controlPlanePods: 4 });

function report(endpoint: 'readyz' | 'livez', text: string, status = 200) {
  const { checks, verdict } = parseHealthChecks(text);
  return { endpoint, status, ok: status === 200, checks, verdict, text };
}

function ctx(model: ClusterModel, now = NOW, probes: HealthContext['probes'] = { readyz: report('readyz', SEED_READYZ), livez: report('livez', SEED_READYZ.replace('readyz check', 'livez check')) }): HealthContext {
  return { model, distribution: kubeadm, probes, now };
}

test('on the healthy seed cluster every control-plane component is healthy', () => {
  const m = seedModel();
  for (const c of ['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager'] as const) {
    assert.equal(controlPlaneHealth(c, ctx(m)).state, 'healthy', c);
  }
  assert.deepEqual(controlPlaneHealth('kube-scheduler', ctx(m)).notes, ['leader whale1, Lease renewed 3 s ago (duration 15 s)']);
  assert.deepEqual(controlPlaneHealth('etcd', ctx(m)).notes, ['1 of 1 members ready; quorum needs 1']);
});

test('a failing readyz check makes kube-apiserver and etcd unhealthy, naming the check', () => {
  const m = seedModel();
  const c = ctx(m, NOW, { readyz: report('readyz', READYZ_ETCD_DOWN, 500) });
  const api = controlPlaneHealth('kube-apiserver', c);
  assert.equal(api.state, 'unhealthy');
  assert.ok(api.reasons.includes('/readyz: [-]etcd failed: reason withheld'));
  assert.deepEqual(controlPlaneHealth('etcd', c).reasons, ['/readyz: [-]etcd failed: reason withheld']);
  assert.ok(controlPlaneHealth('etcd', c).notes.includes('the members\' pods may still show Ready: no status can be written while etcd fails'));
  assert.equal(controlPlaneHealth('etcd', ctx(m)).notes.length, 1, 'no such note while etcd checks pass');
});

test('an unreachable API server is unhealthy with the reason; no probe yet is unknown', () => {
  const m = seedModel();
  const down = controlPlaneHealth('kube-apiserver', ctx(m, NOW, { readyz: { endpoint: 'readyz', status: 0, ok: false, checks: [], text: '', error: 'cannot reach the API server: connect ECONNREFUSED' } }));
  assert.deepEqual([down.state, down.reasons[0]], ['unhealthy', 'cannot reach the API server: connect ECONNREFUSED']);
  assert.equal(controlPlaneHealth('kube-apiserver', ctx(m, NOW, {})).state, 'unknown');
});

test('a leader that stopped renewing its Lease for more than twice its duration is unhealthy', () => {
  const m = seedModel();
  assert.equal(controlPlaneHealth('kube-scheduler', ctx(m, NOW + 25_000)).state, 'healthy', '28 s is within 2 x 15 s');
  const h = controlPlaneHealth('kube-scheduler', ctx(m, NOW + 45_000));
  assert.equal(h.state, 'unhealthy');
  assert.deepEqual(h.reasons, ['leader whale1 has not renewed its Lease for 48 s (more than twice the 15 s lease duration)']);
});

test('a stopped scheduler pod makes the component unhealthy', () => {
  const m = seedModel();
  m.applyPod('MODIFIED', projectPod(pod('kube-system', 'kube-scheduler-whale1', 'whale1', { labels: { component: 'kube-scheduler', tier: 'control-plane' }, mirror: true, ready: false })));
  const h = controlPlaneHealth('kube-scheduler', ctx(m));
  assert.equal(h.state, 'unhealthy');
  assert.deepEqual(h.reasons, [
    'kube-scheduler-whale1 on whale1 is not ready (CrashLoopBackOff, 0/1 containers ready)',
    'no kube-scheduler instance is ready: new pods stay Pending, nothing binds them to a node',
  ]);
});

test('etcd losing quorum is unhealthy; losing one of three members is degraded', () => {
  const m = seedModel();
  for (const n of ['whale2', 'whale3']) m.applyPod('ADDED', projectPod(pod('kube-system', `etcd-${n}`, n, { labels: { component: 'etcd' }, mirror: true })));
  m.applyPod('MODIFIED', projectPod(pod('kube-system', 'etcd-whale3', 'whale3', { labels: { component: 'etcd' }, mirror: true, ready: false })));
  const one = controlPlaneHealth('etcd', ctx(m));
  assert.deepEqual([one.state, one.reasons], ['degraded', ['1 of 3 members not ready; 0 more failure(s) tolerated']]);
  m.applyPod('MODIFIED', projectPod(pod('kube-system', 'etcd-whale2', 'whale2', { labels: { component: 'etcd' }, mirror: true, ready: false })));
  const two = controlPlaneHealth('etcd', ctx(m));
  assert.deepEqual([two.state, two.reasons], ['unhealthy', ['no quorum: 1 of 3 members ready, 2 needed for writes']]);
});

test('kubelet health follows the Ready condition, pressure conditions and the heartbeat age', () => {
  const m = seedModel();
  assert.equal(kubeletHealth(m.node('whale2')!, NOW).state, 'healthy');
  const late = kubeletHealth(m.node('whale2')!, NOW + 60_000);
  assert.deepEqual([late.state, late.reasons], ['unhealthy', ['no heartbeat for 64 s (the node controller waits 40 s)']]);
  m.applyNode('MODIFIED', projectNode(node('whale2', { ready: 'False' })));
  const notReady = kubeletHealth(m.node('whale2')!, NOW);
  assert.deepEqual([notReady.state, notReady.reasons], ['unhealthy', ['node NotReady: KubeletNotReady (container runtime network not ready)']]);
});

test('kube-proxy health comes from its pod; k3s embeds it; runtime health shows its version', () => {
  const m = seedModel();
  assert.equal(kubeProxyHealth(m.node('whale3')!, kubeadm).state, 'healthy');
  m.applyPod('MODIFIED', projectPod(pod('kube-system', 'kube-proxy-bn4dv', 'whale3', { labels: { 'k8s-app': 'kube-proxy' }, owner: 'DaemonSet', ready: false, restarts: 4 })));
  const crashing = kubeProxyHealth(m.node('whale3')!, kubeadm);
  assert.deepEqual([crashing.state, crashing.reasons], ['degraded', ['kube-proxy-bn4dv is CrashLoopBackOff, not ready']]);
  m.applyNode('ADDED', projectNode(node('k3s-agent', { annotations: {}, kubeletVersion: 'v1.30.4+k3s1' })));
  const k3s = detectDistribution({ nodes: [m.node('k3s-agent')!.record], controlPlanePods: 0 });
  assert.deepEqual(kubeProxyHealth(m.node('k3s-agent')!, k3s).notes, ['embedded in the k3s agent process']);
  assert.deepEqual(runtimeHealth(m.node('whale1')!).notes, ['containerd 1.7.13']);
  assert.deepEqual(parseRuntimeVersion('cri-o://1.30.1'), { name: 'cri-o', version: '1.30.1' });
});

test('managed control planes stay observable: a managed scheduler with its Lease is healthy', () => {
  const eks = detectDistribution({ nodes: [projectNode(node('n', { annotations: {}, labels: { 'eks.amazonaws.com/nodegroup': 'ng' } }))], controlPlanePods: 0 });
  const m = seedModel();
  for (const p of m.controlPlaneComponent('kube-scheduler').instances) m.applyPod('DELETED', p.pod);
  m.applyLease('MODIFIED', projectLease(lease('kube-system', 'kube-scheduler', 'ip-10-0-0-1.ec2.internal_abc', NOW - 1000)));
  const h = controlPlaneHealth('kube-scheduler', { model: m, distribution: eks, now: NOW });
  assert.equal(h.state, 'healthy');
  assert.equal(h.notes[0], 'managed by the provider (Amazon EKS); health observable through /readyz');
});

test('CoreDNS with no ready replica is unhealthy', () => {
  const m = seedModel();
  assert.equal(addOnHealth(m.addOn('coredns')).state, 'healthy');
  for (const p of m.addOn('coredns')) m.applyPod('MODIFIED', projectPod(pod('kube-system', p.name, 'whale1', { labels: { 'k8s-app': 'kube-dns' }, ready: false })));
  assert.equal(addOnHealth(m.addOn('coredns')).state, 'unhealthy');
});
