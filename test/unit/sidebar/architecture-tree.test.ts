import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectionState } from '../../../src/cluster/connection.js';
import { ClusterModel } from '../../../src/cluster/model.js';
import { projectNode, projectPod } from '../../../src/cluster/projections.js';
import { type ArchitectureElement, ArchitectureElements, type ArchitectureSource } from '../../../src/vscode/architecture-elements.js';
import { elementsToRefresh } from '../../../src/vscode/architecture-changes.js';
import { describeElement } from '../../../src/vscode/architecture-labels.js';
import { elementTooltip } from '../../../src/vscode/architecture-tooltips.js';
import { NOW, SEED_LISTING, node, pod } from '../cluster/fixtures/seed-cluster.js';
import { seedModel } from '../cluster/fixtures/seed-model.js';

const CONNECTED: ConnectionState = { phase: 'connected', forbidden: [], unauthorized: false };

function tree(model: ClusterModel, state: ConnectionState = CONNECTED, groupBy?: 'role' | 'zone'): ArchitectureElements {
  const source: ArchitectureSource = { contextName: 'kubernetes-admin@kubernetes', model, state, serverVersion: 'v1.25.2', now: () => NOW };
  return new ArchitectureElements(source, { groupBy });
}

const labelOf = (t: ArchitectureElements, e: ArchitectureElement) => describeElement(t, e).label;
const labels = (t: ArchitectureElements, e?: ArchitectureElement) => t.children(e).map((c) => labelOf(t, c));
function child(t: ArchitectureElements, parent: ArchitectureElement, label: string): ArchitectureElement {
  const found = t.children(parent).find((c) => labelOf(t, c) === label);
  assert.ok(found, `no ${label} under ${labelOf(t, parent)}: ${labels(t, parent).join(', ')}`);
  return found;
}

test('the seed cluster: root with version and distribution, then Control Plane, Nodes and Add-ons', () => {
  const t = tree(seedModel());
  const root = t.root();
  const look = describeElement(t, root);
  assert.equal(look.label, 'kubernetes-admin@kubernetes');
  assert.equal(look.description, 'v1.25.2 · kubeadm');
  assert.deepEqual(labels(t, root), ['Control Plane', 'Nodes', 'Add-ons', 'Unscheduled (0)']);
  assert.deepEqual(labels(t, child(t, root, 'Nodes')), ['whale1', 'whale2', 'whale3']);
  assert.equal(describeElement(t, child(t, child(t, root, 'Nodes'), 'whale1')).description, 'Ready · control-plane · v1.25.2');
  assert.equal(describeElement(t, child(t, child(t, root, 'Nodes'), 'whale2')).description, 'Ready · <none> · v1.25.2');
});

test('each node lists kubelet, kube-proxy, container runtime, then its pods as the seed lists them', () => {
  const t = tree(seedModel());
  const nodes = child(t, t.root(), 'Nodes');
  for (const name of ['whale1', 'whale2', 'whale3']) {
    const n = child(t, nodes, name);
    const expected = SEED_LISTING.filter(([, on]) => on === name).map(([p]) => `kube-system/${p}`);
    assert.deepEqual(labels(t, n), ['kubelet', 'kube-proxy', 'container runtime', `Pods (${expected.length})`]);
    assert.deepEqual(labels(t, child(t, n, `Pods (${expected.length})`)), expected);
    assert.equal(describeElement(t, child(t, n, 'container runtime')).description, 'containerd 1.7.13');
  }
});

test('the control plane shows instances per node, the leader, and etcd quorum; no cloud-controller-manager', () => {
  const t = tree(seedModel());
  const cp = child(t, t.root(), 'Control Plane');
  assert.deepEqual(labels(t, cp), ['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager']);
  assert.match(describeElement(t, child(t, cp, 'etcd')).description!, /^1 member · quorum \(1\/1 ready\)$/);
  assert.match(describeElement(t, child(t, cp, 'kube-scheduler')).description!, /leader whale1/);
  const instance = t.children(child(t, cp, 'kube-scheduler'))[0];
  assert.equal(labelOf(t, instance), 'whale1');
  assert.match(describeElement(t, instance).description!, /kube-scheduler-whale1 · leader · Running 1\/1/);
  assert.equal(describeElement(t, instance).contextValue, 'pod', 'instances get the pod context menu');
});

test('a component hover gives its role in the product\'s words and its live health', () => {
  const t = tree(seedModel());
  const cp = child(t, t.root(), 'Control Plane');
  const md = elementTooltip(t, child(t, cp, 'etcd'))!;
  assert.match(md, /Raft consensus algorithm/);
  assert.match(md, /1 of 1 members ready; quorum needs 1/);
  const kubelet = elementTooltip(t, child(t, child(t, child(t, t.root(), 'Nodes'), 'whale2'), 'kubelet'))!;
  assert.match(kubelet, /starts the static pods|static pods of the control plane/);
  assert.match(kubelet, /last heartbeat 4 s ago/);
});

test('CoreDNS is an add-on with its ready replicas; a replica going NotReady refreshes only it', () => {
  const m = seedModel();
  const t = tree(m);
  const coredns = child(t, child(t, t.root(), 'Add-ons'), 'CoreDNS');
  assert.deepEqual([describeElement(t, coredns).description, describeElement(t, coredns).color], ['2/2 replicas ready', 'healthy']);
  const md = elementTooltip(t, coredns)!;
  assert.match(md, /An add-on, not a core component/);
  assert.match(md, /\| node \| pod \|\n\|---\|---\|\n\| whale1 \| coredns/);
  const labels = { 'k8s-app': 'kube-dns', 'pod-template-hash': '565d847f94' };
  m.applyPod('MODIFIED', projectPod(pod('kube-system', 'coredns-565d847f94-lmbvb', 'whale1', { labels, owner: 'ReplicaSet', ready: false })));
  const refresh = elementsToRefresh(t, m.flush()!);
  assert.ok(refresh !== 'all');
  assert.ok(refresh.some((e) => e.id === 'addon/coredns'), refresh.map((e) => e.id).join(', '));
  assert.deepEqual([describeElement(t, coredns).description, describeElement(t, coredns).color], ['1/2 replicas ready', 'degraded']);
});

test('a stale model is not presented as live: a Reconnecting line first, health colours grey', () => {
  const m = seedModel();
  m.setStale('pods', true);
  const t = tree(m, { phase: 'reconnecting', reason: 'connection lost: ECONNREFUSED', forbidden: [], unauthorized: false });
  const first = t.children(t.root())[0];
  assert.equal(labelOf(t, first), 'Reconnecting…');
  assert.equal(describeElement(t, first).retry, true);
  const whale1 = child(t, child(t, t.root(), 'Nodes'), 'whale1');
  assert.equal(describeElement(t, whale1).color, 'unknown');
  assert.match(elementTooltip(t, child(t, whale1, 'kubelet'))!, /not live/);
});

test('an unreachable cluster says so with a retry, RBAC 403 says what is not allowed', () => {
  const m = new ClusterModel();
  const t = tree(m, { phase: 'error', reason: 'cannot reach the cluster: connect ECONNREFUSED 127.0.0.1:6443', forbidden: [], unauthorized: false });
  assert.deepEqual(labels(t, t.root()), ['Cannot reach the cluster']);
  assert.match(describeElement(t, t.children(t.root())[0]).description!, /ECONNREFUSED.*click to retry/);

  const seeded = seedModel();
  const forbidden = { resource: 'pods', message: 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" at the cluster scope' };
  const t2 = tree(seeded, { phase: 'connected', forbidden: [forbidden], unauthorized: false });
  assert.deepEqual(labels(t2, t2.root()), ['Not allowed: list pods', 'Control Plane', 'Nodes', 'Add-ons', 'Unscheduled (0)']);
  assert.match(elementTooltip(t2, t2.children(t2.root())[0])!, /cannot list resource "pods"/);
});

test('pods forbidden cluster-wide: the tree says which namespaces it shows instead', () => {
  const seeded = seedModel();
  const forbidden = { resource: 'pods', message: 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" at the cluster scope', shownNamespaces: ['dev'] };
  const t = tree(seeded, { phase: 'connected', forbidden: [forbidden], unauthorized: false });
  const line = t.children(t.root())[0];
  assert.deepEqual([labelOf(t, line), describeElement(t, line).description], ['Showing pods of namespace dev only', 'cannot list pods cluster-wide (forbidden)']);
  assert.match(elementTooltip(t, line)!, /Pods of `dev` are listed and watched instead/);
  const both = tree(seeded, { phase: 'connected', forbidden: [{ ...forbidden, shownNamespaces: ['dev', 'kube-system'] }], unauthorized: false });
  assert.equal(labelOf(both, both.children(both.root())[0]), 'Showing pods of namespaces dev and kube-system only');
});

test('while the pods are still listing, nodes show with "listing…" and the full list refreshes the tree', () => {
  const m = new ClusterModel();
  m.replaceNodes([projectNode(node('whale1', { controlPlane: true })), projectNode(node('whale2'))]);
  m.replacePods([projectPod(pod('kube-system', 'kube-proxy-a', 'whale2'))], { namespace: 'kube-system' }, false);
  m.flush();
  const t = tree(m, { phase: 'connecting', forbidden: [], unauthorized: false });
  const whale2 = child(t, child(t, t.root(), 'Nodes'), 'whale2');
  const pods = t.children(whale2)[3];
  assert.deepEqual([labelOf(t, pods), describeElement(t, pods).description], ['Pods (1)', 'listing…']);
  m.replacePods([projectPod(pod('default', 'web-1', 'whale2'))], { exceptNamespace: 'kube-system' }, true);
  assert.equal(elementsToRefresh(t, m.flush()!), 'all');
  const done = tree(m);
  const pods2 = done.children(child(done, child(done, done.root(), 'Nodes'), 'whale2'))[3];
  assert.deepEqual([labelOf(done, pods2), describeElement(done, pods2).description], ['Pods (2)', undefined]);
  assert.equal(m.podCount, 2, 'the second list kept the first one\'s pods');
});

test('5,000 nodes: grouped by role and paged by 100, no level renders more than a page', () => {
  const m = new ClusterModel();
  const nodes = [projectNode(node('cp-1', { controlPlane: true }))];
  for (let i = 0; i < 5000; i++) nodes.push(projectNode(node(`node-${String(i).padStart(4, '0')}`)));
  m.replaceNodes(nodes);
  const t = tree(m);
  const groups = t.children(child(t, t.root(), 'Nodes'));
  assert.deepEqual(groups.map((g) => labelOf(t, g)), ['control-plane', 'worker']);
  const pages = t.children(groups[1]);
  assert.equal(pages.length, 50);
  assert.equal(labelOf(t, pages[0]), 'node-0000 … node-0099');
  assert.equal(t.children(pages[49]).length, 100);
  assert.equal(labelOf(t, t.children(pages[49])[99]), 'node-4999');
});

test('with the zone setting, more than a page of nodes is grouped by topology.kubernetes.io/zone', () => {
  const m = new ClusterModel();
  const nodes = [];
  for (let i = 0; i < 150; i++) nodes.push(projectNode(node(`n-${String(i).padStart(3, '0')}`, { labels: { 'topology.kubernetes.io/zone': i % 3 === 0 ? 'eu-west-1a' : 'eu-west-1b' } })));
  m.replaceNodes(nodes);
  const t = tree(m, CONNECTED, 'zone');
  const groups = t.children(child(t, t.root(), 'Nodes'));
  assert.deepEqual(groups.map((g) => [labelOf(t, g), describeElement(t, g).description]), [['eu-west-1a', '50 nodes'], ['eu-west-1b', '100 nodes']]);
  assert.equal(labelOf(t, t.children(groups[0])[0]), 'n-000');
});

test('a change set refreshes only the elements it touches, with the same element objects', () => {
  const m = seedModel();
  const t = tree(m);
  const nodes = child(t, t.root(), 'Nodes');
  const whale2 = child(t, nodes, 'whale2');
  const podsEl = child(t, whale2, 'Pods (1)');
  const proxy = t.children(podsEl)[0];
  m.applyPod('MODIFIED', projectPod(pod('kube-system', 'kube-proxy-t4dmt', 'whale2', { owner: 'DaemonSet', labels: { 'k8s-app': 'kube-proxy' }, ready: false })));
  const changes = m.flush()!;
  const refresh = elementsToRefresh(t, changes);
  assert.ok(refresh !== 'all');
  // The pod changed and so did whale2's kube-proxy: whale2 covers both.
  assert.deepEqual(refresh.map((e) => e.id), ['node/whale2']);
  assert.equal(child(t, nodes, 'whale2'), whale2, 'stable element objects');
  assert.equal(t.children(podsEl)[0], proxy);

  // Every new pod passes through Unscheduled: it stays on the root, so only it refreshes.
  const unscheduled = child(t, t.root(), 'Unscheduled (0)');
  assert.deepEqual([describeElement(t, unscheduled).collapsible, describeElement(t, unscheduled).description], ['none', 'every pod has a node']);
  m.applyPod('ADDED', projectPod(pod('default', 'web-1', undefined, { phase: 'Pending' })));
  const refresh2 = elementsToRefresh(t, m.flush()!);
  assert.ok(refresh2 !== 'all', 'a pending pod does not re-render the whole tree');
  assert.deepEqual(refresh2.map((e) => e.id), ['unscheduled']);
  assert.deepEqual(labels(t, t.root()), ['Control Plane', 'Nodes', 'Add-ons', 'Unscheduled (1)']);
  child(t, t.root(), 'Unscheduled (1)');
  m.applyPod('ADDED', projectPod(pod('default', 'web-2', undefined, { phase: 'Pending' })));
  const refresh3 = elementsToRefresh(t, m.flush()!);
  assert.ok(refresh3 !== 'all');
  assert.deepEqual(refresh3.map((e) => e.id), ['unscheduled']);
});
