import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterTopology } from '../../../src/emulator/control-plane/topology';

test("the default topology is the seed's three whales with a tainted control plane running the four static pods", () => {
  const t = clusterTopology();
  assert.deepEqual(t.nodes.map((n) => n.name), ['whale1', 'whale2', 'whale3']);
  assert.deepEqual(t.warnings, []);
  const [cp, w2] = t.nodes;
  assert.equal(cp.controlPlane, true);
  assert.deepEqual(cp.taints, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
  assert.equal(cp.labels?.['node-role.kubernetes.io/control-plane'], '');
  assert.deepEqual(cp.staticPods?.map((p) => p.metadata.name), ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);
  assert.ok(cp.staticPods?.every((p) => p.metadata.labels?.tier === 'control-plane' && p.metadata.labels?.component === p.metadata.name));
  assert.equal(w2.controlPlane, undefined);
  assert.equal(w2.taints, undefined);
  assert.equal(w2.labels?.['cluster-anatomy.dev/emulated'], 'true');
  assert.deepEqual(t.nodes.map((n) => n.internalIP), ['172.18.0.2', '172.18.0.3', '172.18.0.4']);
});

test('an even number of control planes is accepted with a warning about fault tolerance', () => {
  const t = clusterTopology({ nodes: 4, controlPlanes: 2 });
  assert.equal(t.nodes.filter((n) => n.controlPlane).length, 2);
  assert.equal(t.warnings.length, 1);
  assert.match(t.warnings[0], /even number of etcd members/);
  const etcd = t.nodes[1].staticPods!.find((p) => p.metadata.name === 'etcd')!;
  assert.ok(etcd.spec.containers[0].command.includes('--initial-cluster=whale1=https://172.18.0.2:2380,whale2=https://172.18.0.3:2380'));
  assert.deepEqual(clusterTopology({ controlPlanes: 3, nodes: 5 }).warnings, []);
});

test('k3s shows no control-plane pods and a +k3s1 version; managed hides control-plane nodes', () => {
  const k3s = clusterTopology({ profile: 'k3s' });
  assert.equal(k3s.nodes[0].staticPods, undefined);
  assert.equal(k3s.nodes[0].taints, undefined);
  assert.equal(k3s.nodes[0].labels?.['node-role.kubernetes.io/master'], 'true');
  assert.ok(k3s.nodes.every((n) => n.kubeletVersion?.endsWith('+k3s1')));
  const managed = clusterTopology({ profile: 'managed', nodes: 2 });
  assert.equal(managed.nodes.length, 2);
  assert.ok(managed.nodes.every((n) => !n.controlPlane && !n.staticPods));
  assert.deepEqual(managed.controlPlaneNodes, []);
});

test('several zones label nodes round-robin', () => {
  const t = clusterTopology({ nodes: 4, zones: 2 });
  assert.deepEqual(t.nodes.map((n) => n.labels?.['topology.kubernetes.io/zone']), ['zone-a', 'zone-b', 'zone-a', 'zone-b']);
});
