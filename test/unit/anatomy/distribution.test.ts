import assert from 'node:assert/strict';
import { test } from 'node:test';
import { componentPresence, controlPlaneEntries, detectClusterDistribution, detectDistribution, isComponentListed } from '../../../src/anatomy/distribution.js';
import { projectNode } from '../../../src/cluster/projections.js';
import { node, seedNodes } from '../cluster/fixtures/seed-cluster.js';
import { seedModel } from '../cluster/fixtures/seed-model.js';

const nodes = (...raw: ReturnType<typeof node>[]) => raw.map((n) => projectNode(n));
const plain = { annotations: {} };

test('the seed cluster is kubeadm, with its control plane in static pods', () => {
  const d = detectDistribution({ nodes: seedNodes().map((n) => projectNode(n)), controlPlanePods: 4 });
  assert.equal(d.kind, 'kubeadm');
  assert.equal(d.controlPlane, 'pods');
  assert.equal(d.evidence, 'node whale1 has kubeadm annotations');
});

test('k3s is recognised by its instance-type label or kubelet build, with an embedded control plane', () => {
  const byLabel = detectDistribution({ nodes: nodes(node('k3s-server', { ...plain, controlPlane: true, labels: { 'node.kubernetes.io/instance-type': 'k3s' } })), controlPlanePods: 0 });
  assert.deepEqual([byLabel.kind, byLabel.controlPlane], ['k3s', 'embedded']);
  const byVersion = detectDistribution({ nodes: nodes(node('srv', { ...plain, kubeletVersion: 'v1.30.4+k3s1' })), controlPlanePods: 0 });
  assert.equal(byVersion.kind, 'k3s');
  assert.equal(byVersion.evidence, 'kubelet v1.30.4+k3s1 is a k3s build');
});

test('EKS, GKE and AKS are recognised from their node labels or versions, with a managed control plane', () => {
  const eks = detectDistribution({ nodes: nodes(node('ip-10-0-1-23.eu-west-1.compute.internal', { ...plain, labels: { 'eks.amazonaws.com/nodegroup': 'ng-1' }, kubeletVersion: 'v1.30.4-eks-a737599' })), controlPlanePods: 0 });
  assert.deepEqual([eks.kind, eks.title, eks.controlPlane], ['eks', 'Amazon EKS', 'managed']);
  const eksByVersion = detectDistribution({ nodes: nodes(node('n', { ...plain, kubeletVersion: 'v1.29.3-eks-ae9a62a' })), controlPlanePods: 0 });
  assert.equal(eksByVersion.kind, 'eks');
  const gke = detectDistribution({ nodes: nodes(node('gke-prod-pool-1-abcd', { ...plain, labels: { 'cloud.google.com/gke-nodepool': 'pool-1' }, kubeletVersion: 'v1.30.5-gke.1014001' })), controlPlanePods: 0 });
  assert.deepEqual([gke.kind, gke.controlPlane], ['gke', 'managed']);
  const aks = detectDistribution({ nodes: nodes(node('aks-nodepool1-123-vmss000000', { ...plain, labels: { 'kubernetes.azure.com/cluster': 'MC_rg_prod_westeurope' } })), controlPlanePods: 0 });
  assert.deepEqual([aks.kind, aks.title, aks.controlPlane], ['aks', 'Azure AKS', 'managed']);
});

test('the bundled emulator is recognised by the label it puts on its nodes', () => {
  const d = detectDistribution({ nodes: nodes(node('whale1', { controlPlane: true, labels: { 'cluster-anatomy.dev/emulated': 'true' } })), controlPlanePods: 4 });
  assert.deepEqual([d.kind, d.controlPlane], ['emulator', 'pods']);
});

test('nothing known gives an unknown distribution rather than a guess', () => {
  const d = detectDistribution({ nodes: nodes(node('n1', plain)), controlPlanePods: 0 });
  assert.deepEqual([d.kind, d.title], ['unknown', 'Kubernetes']);
});

test('a hidden control plane is listed as managed or embedded, and cloud-controller-manager only when present', () => {
  const eks = detectDistribution({ nodes: nodes(node('n', { ...plain, labels: { 'eks.amazonaws.com/nodegroup': 'ng' } })), controlPlanePods: 0 });
  const p = componentPresence('kube-scheduler', eks, 0);
  assert.equal(p.kind, 'managed');
  assert.match((p as { note: string }).note, /^managed by the provider \(Amazon EKS\); health observable through \/readyz$/);
  const k3s = detectDistribution({ nodes: nodes(node('s', { ...plain, kubeletVersion: 'v1.30.4+k3s1' })), controlPlanePods: 0 });
  assert.match((componentPresence('kube-apiserver', k3s, 0) as { note: string }).note, /^embedded in the k3s server/);
  const kubeadm = detectDistribution({ nodes: seedNodes().map((n) => projectNode(n)), controlPlanePods: 4 });
  assert.equal(isComponentListed('cloud-controller-manager', componentPresence('cloud-controller-manager', kubeadm, 0)), false);
  assert.equal(isComponentListed('cloud-controller-manager', componentPresence('cloud-controller-manager', eks, 0)), true);
  assert.deepEqual(componentPresence('etcd', kubeadm, 1), { kind: 'pods', count: 1 });
});

test('the seed model lists four control-plane components with their static pods', () => {
  const m = seedModel();
  const d = detectClusterDistribution(m, 'v1.25.2');
  assert.equal(d.kind, 'kubeadm');
  assert.deepEqual(
    controlPlaneEntries(m, d).map((e) => [e.view.name, e.presence.kind, e.view.instances.map((i) => i.pod.name).join()]),
    [
      ['kube-apiserver', 'pods', 'kube-apiserver-whale1'],
      ['etcd', 'pods', 'etcd-whale1'],
      ['kube-scheduler', 'pods', 'kube-scheduler-whale1'],
      ['kube-controller-manager', 'pods', 'kube-controller-manager-whale1'],
    ],
  );
});
