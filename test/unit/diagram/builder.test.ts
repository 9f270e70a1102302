import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagramProjector, buildDiagramSnapshot } from '../../../src/anatomy/diagram-snapshot.js';
import { diagramTooltip } from '../../../src/anatomy/diagram-tooltip.js';
import { detectDistribution } from '../../../src/anatomy/distribution.js';
import type { HealthContext } from '../../../src/anatomy/health.js';
import type { ClusterModel } from '../../../src/cluster/model.js';
import { projectNode, projectPod } from '../../../src/cluster/projections.js';
import { NOW, pod, seedNodes } from '../cluster/fixtures/seed-cluster.js';
import { seedModel } from '../cluster/fixtures/seed-model.js';

const kubeadm = detectDistribution({ nodes: seedNodes().map((n) => projectNode(n)), controlPlanePods: 4 });
const ctx = (model: ClusterModel): HealthContext => ({ model, distribution: kubeadm, now: NOW });

test('the seed snapshot has the control plane around kube-apiserver, three node cards and every pod', () => {
  const model = seedModel();
  const s = buildDiagramSnapshot(model, ctx(model), 'kind-whales');
  assert.deepEqual(s.components.map((c) => c.id), ['cp:kube-apiserver', 'cp:etcd', 'cp:kube-scheduler', 'cp:kube-controller-manager']);
  const etcd = s.components.find((c) => c.component === 'etcd')!;
  assert.equal(etcd.summary, '1 of 1 members ready');
  assert.deepEqual(etcd.instances.map((i) => [i.id, i.nodeName, i.health]), [['cp:etcd:etcd-whale1', 'whale1', 'healthy']]);
  const scheduler = s.components.find((c) => c.component === 'kube-scheduler')!;
  assert.equal(scheduler.summary, 'leader whale1');
  assert.equal(scheduler.instances[0].election, 'leader');
  assert.deepEqual(s.nodes.map((n) => [n.name, n.controlPlane, n.ready, n.kubelet, n.proxyName, n.runtimeName]), [
    ['whale1', true, true, 'healthy', 'kube-proxy', 'containerd'],
    ['whale2', false, true, 'healthy', 'kube-proxy', 'containerd'],
    ['whale3', false, true, 'healthy', 'kube-proxy', 'containerd'],
  ]);
  assert.equal(s.pods.length, 9);
  assert.ok(s.pods.every((p) => p.system && p.look === 'ready' && p.status === 'Running 1/1'));
  assert.ok(s.pods.some((p) => p.id === 'pod:kube-system/kube-proxy-t4dmt' && p.nodeName === 'whale2'));
  // Only kube-apiserver talks to etcd.
  assert.deepEqual(s.edges.filter((e) => e.to === 'etcd' || e.from === 'etcd'), [{ from: 'kube-apiserver', to: 'etcd', purpose: 'store state' }]);
});

test('a new pod appears Pending, then the bind and the start are reported as the seed\'s steps', () => {
  const model = seedModel();
  const p = new DiagramProjector(model);
  p.snapshot(ctx(model), 'kind-whales');

  model.applyPod('ADDED', projectPod(pod('default', 'web-1', undefined, { phase: 'Pending' })));
  const created = p.delta(model.flush()!, ctx(model))!;
  assert.deepEqual(created.podsUpserted.map((x) => [x.id, x.nodeName, x.look, x.system]), [['pod:default/web-1', '', 'pending', false]]);
  assert.deepEqual(created.activity, []);
  assert.deepEqual([created.components, created.nodesUpserted, created.podsRemoved], [[], [], []]);

  model.applyPod('MODIFIED', projectPod(pod('default', 'web-1', 'whale2', { phase: 'Pending' })));
  const bound = p.delta(model.flush()!, ctx(model))!;
  assert.deepEqual(bound.activity, [{ kind: 'bound', podId: 'pod:default/web-1', nodeName: 'whale2' }]);
  assert.equal(bound.podsUpserted[0].nodeName, 'whale2');

  model.applyPod('MODIFIED', projectPod(pod('default', 'web-1', 'whale2')));
  const started = p.delta(model.flush()!, ctx(model))!;
  assert.deepEqual(started.activity, [{ kind: 'started', podId: 'pod:default/web-1', nodeName: 'whale2' }]);
  assert.equal(started.podsUpserted[0].look, 'ready');

  model.applyPod('DELETED', projectPod(pod('default', 'web-1', 'whale2')));
  const gone = p.delta(model.flush()!, ctx(model))!;
  assert.deepEqual(gone.podsRemoved, ['pod:default/web-1']);
  assert.deepEqual(gone.podsUpserted, []);
});

test('a delta carries only what changed: a crashing scheduler turns its component red, nothing else is resent', () => {
  const model = seedModel();
  const p = new DiagramProjector(model);
  p.snapshot(ctx(model), 'kind-whales');
  model.applyPod('MODIFIED', projectPod(pod('kube-system', 'kube-scheduler-whale1', 'whale1', { labels: { component: 'kube-scheduler', tier: 'control-plane' }, mirror: true, ready: false, restarts: 4 })));
  const d = p.delta(model.flush()!, ctx(model))!;
  assert.deepEqual(d.components.map((c) => [c.id, c.health]), [['cp:kube-scheduler', 'unhealthy']]);
  assert.deepEqual(d.podsUpserted.map((x) => [x.id, x.look, x.status]), [['pod:kube-system/kube-scheduler-whale1', 'notReady', 'CrashLoopBackOff 0/1']]);
  assert.deepEqual(d.nodesUpserted, []);
  // The same state again is no delta at all.
  model.applyPod('MODIFIED', projectPod(pod('kube-system', 'kube-scheduler-whale1', 'whale1', { labels: { component: 'kube-scheduler', tier: 'control-plane' }, mirror: true, ready: false, restarts: 4 })));
  assert.equal(p.delta(model.flush()!, ctx(model)), undefined);
});

test('hover content is the tree\'s tooltip content for the same element, and null for a vanished one', () => {
  const model = seedModel();
  const t = diagramTooltip('cp:kube-scheduler', ctx(model))!;
  assert.equal(t.title, 'kube-scheduler');
  assert.equal(t.health, 'healthy');
  assert.ok(t.role.some((r) => /Picks a node for every pod/.test(r)));
  assert.ok(t.notes.some((n) => /leader whale1/.test(n)));
  const kubelet = diagramTooltip('kubelet:whale2', ctx(model))!;
  assert.equal(kubelet.subtitle, 'on whale2');
  assert.deepEqual(diagramTooltip('pod:kube-system/kube-proxy-t4dmt', ctx(model))?.subtitle, 'on whale2');
  assert.equal(diagramTooltip('node:whale9', ctx(model)), null);
  assert.equal(diagramTooltip('pod:default/nope', ctx(model)), null);
  assert.equal(diagramTooltip('cp:not-a-component', ctx(model)), null);
});

test('"bound" is reported only for a pod seen unscheduled first, never for one that arrives already on a node', () => {
  const model = seedModel();
  const p = new DiagramProjector(model);
  p.snapshot(ctx(model), 'kind-whales');
  // Created with spec.nodeName set (a DaemonSet pod, or one listed after a reconnect): nothing bound it in view.
  model.applyPod('ADDED', projectPod(pod('default', 'pinned', 'whale3', { phase: 'Pending' })));
  const arrived = p.delta(model.flush()!, ctx(model))!;
  assert.deepEqual(arrived.podsUpserted.map((x) => [x.id, x.nodeName]), [['pod:default/pinned', 'whale3']]);
  assert.deepEqual(arrived.activity, []);
  // Its start is still the kubelet's step.
  model.applyPod('MODIFIED', projectPod(pod('default', 'pinned', 'whale3')));
  assert.deepEqual(p.delta(model.flush()!, ctx(model))!.activity, [{ kind: 'started', podId: 'pod:default/pinned', nodeName: 'whale3' }]);
});
