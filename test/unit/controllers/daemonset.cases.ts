import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/kube/object';
import { R } from '../../../src/emulator/client/paths';
import { DaemonSetController } from '../../../src/emulator/controllers/daemonset/daemonset-controller';
import { eventually, listPods, makeReady, startHarness } from './harness';

const node = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, ...extra });
const controlPlaneTaint = { spec: { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } };

const daemonSet = (name: string, tolerations: unknown[] = [], image = 'fluentd') => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { tolerations, containers: [{ name: 'c', image }] } } },
});

const pinnedNode = (p: KubeObject): string | undefined => p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0];

test('a DaemonSet runs one pod per node whose taints it tolerates, pinned by matchFields metadata.name', async () => {
  const h = await startHarness((ctx) => [new DaemonSetController(ctx)]);
  try {
    await h.client.create(R.nodes, node('whale1', controlPlaneTaint));
    await h.client.create(R.nodes, node('whale2'));
    await h.client.create(R.nodes, node('whale3'));
    const dsRef = { ...R.daemonSets, namespace: 'default' };
    await h.client.create(dsRef, daemonSet('agent'));
    await h.client.create(dsRef, daemonSet('proxy', [{ operator: 'Exists' }]));
    const agents = await eventually(async () => {
      const p = await listPods(h.client, 'default', 'app=agent');
      return p.length === 2 ? p : undefined;
    }, 'agent on two workers');
    assert.deepEqual(agents.map(pinnedNode).sort(), ['whale2', 'whale3']);
    assert.match(agents[0]!.metadata.name!, /^agent-[a-z0-9]{5}$/);
    assert.ok(agents[0]!.metadata.labels?.['controller-revision-hash']);
    const proxies = await eventually(async () => {
      const p = await listPods(h.client, 'default', 'app=proxy');
      return p.length === 3 ? p : undefined;
    }, 'proxy on all three');
    assert.deepEqual(proxies.map(pinnedNode).sort(), ['whale1', 'whale2', 'whale3']);
    for (const p of agents) await makeReady(h.client, p, pinnedNode(p));
    const ds = await eventually(async () => {
      const d = await h.client.get({ ...dsRef, name: 'agent' });
      return d.status?.numberReady === 2 ? d : undefined;
    }, 'status');
    assert.equal(ds.status.desiredNumberScheduled, 2);
    assert.equal(ds.status.currentNumberScheduled, 2);
    assert.equal(ds.status.updatedNumberScheduled, 2);
    assert.equal(ds.status.numberMisscheduled, 0);
    // A new node gets its pod too.
    await h.client.create(R.nodes, node('whale4'));
    await eventually(async () => (await listPods(h.client, 'default', 'app=agent')).length === 3, 'pod on the new node');
  } finally {
    await h.stop();
  }
});

test('a template change replaces the daemon pods with the new revision', async () => {
  const h = await startHarness((ctx) => [new DaemonSetController(ctx)]);
  try {
    for (const n of ['a', 'b']) await h.client.create(R.nodes, node(n));
    const dsRef = { ...R.daemonSets, namespace: 'default' };
    await h.client.create(dsRef, daemonSet('agent'));
    const first = await eventually(async () => {
      const p = await listPods(h.client, 'default', 'app=agent');
      return p.length === 2 ? p : undefined;
    }, 'two pods');
    for (const p of first) await makeReady(h.client, p, pinnedNode(p));
    const oldHash = first[0]!.metadata.labels?.['controller-revision-hash'];
    await h.client.patch({ ...dsRef, name: 'agent' }, { spec: { template: { spec: { containers: [{ name: 'c', image: 'fluentd:2' }] } } } });
    await eventually(async () => {
      const pods = (await listPods(h.client, 'default', 'app=agent')).filter((p) => !p.metadata.deletionTimestamp);
      for (const p of pods) if (p.status?.phase !== 'Running') await makeReady(h.client, p, pinnedNode(p));
      return pods.length === 2 && pods.every((p) => p.metadata.labels?.['controller-revision-hash'] !== oldHash);
    }, 'all pods on the new revision');
    const revisions = (await h.client.list({ ...R.controllerRevisions, namespace: 'default' })).items;
    assert.deepEqual(revisions.map((r) => r.revision).sort(), [1, 2]);
  } finally {
    await h.stop();
  }
});
