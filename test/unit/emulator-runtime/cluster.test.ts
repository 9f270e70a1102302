import assert from 'node:assert/strict';
import { test } from 'node:test';
import { R } from '../../../src/emulator/client/paths';
import { podWithCpu, startRuntime } from './support';

const SEED_MESSAGE =
  '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
  'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';

test("the default cluster is the seed's: control plane pods and both CoreDNS pods on whale1, kube-proxy on every node", async () => {
  const h = await startRuntime();
  try {
    const placed = await h.until(async () => {
      const pods = (await h.client.list({ ...R.pods, namespace: 'kube-system' })).items;
      return pods.length === 9 && pods.every((p) => p.spec?.nodeName) ? pods : undefined;
    });
    const byNode = (node: string) =>
      placed
        .filter((p) => p.spec?.nodeName === node)
        .map((p) => p.metadata.name!.replace(/-[a-z0-9]{8,10}-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{5}$/, ''))
        .sort();
    assert.deepEqual(byNode('whale1'), ['coredns', 'coredns', 'etcd-whale1', 'kube-apiserver-whale1', 'kube-controller-manager-whale1', 'kube-proxy', 'kube-scheduler-whale1']);
    assert.deepEqual(byNode('whale2'), ['kube-proxy']);
    assert.deepEqual(byNode('whale3'), ['kube-proxy']);
    const etcd = placed.find((p) => p.metadata.name === 'etcd-whale1')!;
    assert.equal(etcd.metadata.labels?.component, 'etcd');
    assert.equal(etcd.metadata.labels?.tier, 'control-plane');
    assert.ok(etcd.metadata.annotations?.['kubernetes.io/config.mirror']);
    assert.equal(etcd.metadata.ownerReferences?.[0]?.kind, 'Node');
    const whale1 = await h.client.get({ ...R.nodes, name: 'whale1' });
    assert.deepEqual(whale1.spec?.taints?.map((t: any) => `${t.key}:${t.effect}`), ['node-role.kubernetes.io/control-plane:NoSchedule']);
    assert.equal(whale1.metadata.labels?.['cluster-anatomy.dev/emulated'], 'true');
  } finally {
    await h.close();
  }
});

test('an impossible request gets the exact FailedScheduling message, PodScheduled=False and a trace', async () => {
  const h = await startRuntime();
  try {
    await h.until(() => h.cp.scheduler.isActive);
    await h.client.create({ ...R.pods, namespace: 'default' }, podWithCpu('big', '3'));
    const event = await h.until(async () => (await h.events('big')).find((e) => e.reason === 'FailedScheduling'));
    assert.equal(event.type, 'Warning');
    assert.equal(event.message, SEED_MESSAGE);
    const pod = await h.until(async () => {
      const p = await h.pod('big');
      return p.status?.conditions?.some((c: any) => c.type === 'PodScheduled') ? p : undefined;
    });
    const cond = pod.status.conditions.find((c: any) => c.type === 'PodScheduled');
    assert.deepEqual([cond.status, cond.reason, cond.message], ['False', 'Unschedulable', SEED_MESSAGE]);
    assert.equal(pod.spec.nodeName, undefined);
    const trace = await h.request('GET', '/apis/emulator.cluster-anatomy.dev/v1/namespaces/default/schedulingtraces/big');
    assert.equal(trace.status, 200);
    assert.equal(trace.body.kind, 'SchedulingTrace');
    assert.equal(trace.body.status.outcome, 'Unschedulable');
    assert.equal(trace.body.status.message, SEED_MESSAGE);
    assert.deepEqual(
      trace.body.status.filterRejections.map((r: any) => `${r.node}:${r.plugin}`),
      ['whale1:TaintToleration', 'whale2:NodeResourcesFit', 'whale3:NodeResourcesFit'],
    );
  } finally {
    await h.close();
  }
});

test('a schedulable pod is bound with a Scheduled event and its trace names the node', async () => {
  const h = await startRuntime();
  try {
    await h.client.create({ ...R.pods, namespace: 'default' }, podWithCpu('small', '100m'));
    const pod = await h.until(async () => {
      const p = await h.pod('small');
      return p.spec?.nodeName ? p : undefined;
    });
    assert.ok(['whale2', 'whale3'].includes(pod.spec.nodeName), `not on the control plane: ${pod.spec.nodeName}`);
    const scheduled = await h.until(async () => (await h.events('small')).find((e) => e.reason === 'Scheduled'));
    assert.equal(scheduled.message, `Successfully assigned default/small to ${pod.spec.nodeName}`);
    const list = await h.request('GET', '/apis/emulator.cluster-anatomy.dev/v1/namespaces/default/schedulingtraces');
    const mine = list.body.items.filter((t: any) => t.spec.podName === 'small');
    assert.equal(mine.length, 1);
    assert.equal(mine[0].metadata.name, 'small.1');
    assert.equal(mine[0].status.nodeName, pod.spec.nodeName);
    assert.equal(mine[0].status.scores.nodes.length, 2, 'both workers were scored');
    await h.client.create({ ...R.pods, namespace: 'default' }, podWithCpu('other', '100m'));
    await h.until(async () => (await h.pod('other')).spec?.nodeName);
    const selected = await h.request('GET', '/apis/emulator.cluster-anatomy.dev/v1/namespaces/default/schedulingtraces?labelSelector=emulator.cluster-anatomy.dev%2Fpod%3Dsmall');
    assert.deepEqual(selected.body.items.map((t: any) => t.metadata.name), ['small.1'], 'a label selector lists one pod\'s attempts only');
    const bad = await h.request('GET', '/apis/emulator.cluster-anatomy.dev/v1/namespaces/default/schedulingtraces?labelSelector=%3D%3D');
    assert.equal(bad.status, 400);
  } finally {
    await h.close();
  }
});

test('traceRetentionBytes 0 (--trace-retention 0) keeps only the last traceCapacity attempts; by default a live pod keeps its latest', async () => {
  for (const [retention, kept] of [[0, false], [undefined, true]] as const) {
    const h = await startRuntime({ traceCapacity: 1, traceRetentionBytes: retention });
    try {
      await h.client.create({ ...R.pods, namespace: 'default' }, podWithCpu('first', '100m'));
      await h.until(async () => (await h.pod('first')).spec?.nodeName);
      await h.client.create({ ...R.pods, namespace: 'default' }, podWithCpu('second', '100m'));
      await h.until(async () => (await h.pod('second')).spec?.nodeName);
      const path = '/apis/emulator.cluster-anatomy.dev/v1/namespaces/default/schedulingtraces';
      assert.equal((await h.request('GET', `${path}/second`)).status, 200, 'the last attempt is in the ring');
      assert.equal((await h.request('GET', `${path}/first`)).status, kept ? 200 : 404, `retention ${retention ?? 'default'}: first's attempt left the ring`);
    } finally {
      await h.close();
    }
  }
});
