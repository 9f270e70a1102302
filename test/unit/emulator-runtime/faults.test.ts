import assert from 'node:assert/strict';
import { test } from 'node:test';
import { R } from '../../../src/emulator/client/paths';
import { podWithCpu, startRuntime } from './support';

const COMPONENTS = '/apis/emulator.cluster-anatomy.dev/v1/emulatedcomponents';
const stop = (name: string) => ({ method: 'PATCH', path: `${COMPONENTS}/${name}`, body: { spec: { running: false } } });
const start = (name: string) => ({ method: 'PATCH', path: `${COMPONENTS}/${name}`, body: { spec: { running: true } } });

test('a stopped scheduler leaves pods Pending and its mirror pod NotReady; started again, it binds them', async () => {
  const h = await startRuntime();
  try {
    await h.until(() => h.cp.scheduler.isActive);
    const s = stop('kube-scheduler-whale1');
    const r = await h.request(s.method, s.path, s.body, 'application/merge-patch+json');
    assert.equal(r.status, 200);
    assert.equal(r.body.spec.running, false);
    assert.equal(r.body.status.phase, 'Stopped');
    await h.client.create({ ...R.pods, namespace: 'default' }, podWithCpu('waiting', '100m'));
    await h.until(async () => {
      const p = await h.pod('kube-scheduler-whale1', 'kube-system');
      return p.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'False';
    }, 30_000);
    assert.equal((await h.pod('waiting')).spec.nodeName, undefined, 'nobody schedules while the scheduler is stopped');
    const lease = await h.client.get({ ...R.leases, namespace: 'kube-system', name: 'kube-scheduler' });
    assert.match(lease.spec.holderIdentity, /^whale1_[0-9a-f-]{36}$/);
    const g = start('kube-scheduler-whale1');
    await h.request(g.method, g.path, g.body, 'application/merge-patch+json');
    const bound = await h.until(async () => (await h.pod('waiting')).spec.nodeName);
    assert.ok(bound === 'whale2' || bound === 'whale3');
  } finally {
    await h.close();
  }
});

test('etcd stopped: writes fail with 503 and /readyz reports the etcd check; started again, writes work', async () => {
  const h = await startRuntime();
  try {
    const s = stop('etcd-whale1');
    await h.request(s.method, s.path, s.body, 'application/merge-patch+json');
    const write = await h.request('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    assert.equal(write.status, 503);
    const ready = await h.api.handle({ method: 'GET', path: '/readyz', query: new URLSearchParams('verbose'), headers: {} });
    assert.notEqual(ready.status, 200);
    assert.match(String(ready.body), /\[-\]etcd/);
    const component = await h.request('GET', `${COMPONENTS}/etcd-whale1`);
    assert.match(component.body.status.message, /no quorum/);
    // Past the renew deadline the leaders lose their leases, as kube-scheduler logs it.
    await h.until(() => h.levels.includes('E kube-scheduler-whale1: leaderelection lost'), 30_000, 500);
    assert.ok(h.levels.some((l) => /^W kube-scheduler-whale1: failed to renew lease kube-system\/kube-scheduler: /.test(l)), h.levels.join('\n'));
    const g = start('etcd-whale1');
    await h.request(g.method, g.path, g.body, 'application/merge-patch+json');
    const again = await h.request('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    assert.equal(again.status, 201);
  } finally {
    await h.close();
  }
});

test('with three control planes a standby scheduler takes the lease over when the leader stops', async () => {
  const h = await startRuntime({ nodes: 5, controlPlanes: 3 });
  try {
    const lease = () => h.client.get({ ...R.leases, namespace: 'kube-system', name: 'kube-scheduler' });
    const first = await h.until(async () => (await lease()).spec?.holderIdentity);
    const leaderNode = first.slice(0, first.lastIndexOf('_'));
    assert.ok(['whale1', 'whale2', 'whale3'].includes(leaderNode));
    const s = stop(`kube-scheduler-${leaderNode}`);
    await h.request(s.method, s.path, s.body, 'application/merge-patch+json');
    const next = await h.until(async () => {
      const l = await lease();
      return l.spec.holderIdentity !== first ? l : undefined;
    }, 30_000, 500);
    assert.notEqual(next.spec.holderIdentity.slice(0, next.spec.holderIdentity.lastIndexOf('_')), leaderNode);
    assert.equal(next.spec.leaseTransitions, 1);
    assert.equal(next.spec.leaseDurationSeconds, 15);
    // Each member's log line names its static pod; the stopped leader says nothing of its own.
    const nextNode = next.spec.holderIdentity.slice(0, next.spec.holderIdentity.lastIndexOf('_'));
    const acquired = h.levels.filter((l) => l.includes('successfully acquired lease kube-system/kube-scheduler'));
    assert.deepEqual(acquired, [`I kube-scheduler-${leaderNode}: successfully acquired lease kube-system/kube-scheduler`, `I kube-scheduler-${nextNode}: successfully acquired lease kube-system/kube-scheduler`]);
    assert.ok(!h.levels.some((l) => l.startsWith('E kube-scheduler-')), h.levels.join('\n'));
    await h.client.create({ ...R.pods, namespace: 'default' }, podWithCpu('after-failover', '100m'));
    await h.until(async () => (await h.pod('after-failover')).spec.nodeName);
  } finally {
    await h.close();
  }
});

test('a stopped kubelet makes its node NotReady', async () => {
  const h = await startRuntime();
  try {
    const s = stop('kubelet-whale3');
    await h.request(s.method, s.path, s.body, 'application/merge-patch+json');
    await h.until(async () => {
      const n = await h.client.get({ ...R.nodes, name: 'whale3' });
      return n.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'Unknown';
    }, 120_000, 1000);
  } finally {
    await h.close();
  }
});

test('EmulatedComponent rejects a patch without a boolean spec.running and is read-only otherwise', async () => {
  const h = await startRuntime();
  try {
    const bad = await h.request('PATCH', `${COMPONENTS}/kube-scheduler-whale1`, { spec: { running: 'no' } }, 'application/merge-patch+json');
    assert.equal(bad.status, 422);
    const del = await h.request('DELETE', `${COMPONENTS}/kube-scheduler-whale1`);
    assert.equal(del.status, 405);
    const list = await h.request('GET', COMPONENTS);
    assert.deepEqual(
      list.body.items.map((i: any) => i.metadata.name).sort(),
      ['etcd-whale1', 'kube-apiserver-whale1', 'kube-controller-manager-whale1', 'kube-scheduler-whale1', 'kubelet-whale1', 'kubelet-whale2', 'kubelet-whale3'],
    );
  } finally {
    await h.close();
  }
});

test('a stopped controller-manager stalls a new Deployment until it is started again', async () => {
  const h = await startRuntime();
  try {
    await h.until(async () => (await h.client.list({ ...R.replicaSets, namespace: 'kube-system' })).items.length > 0);
    const s = stop('kube-controller-manager-whale1');
    await h.request(s.method, s.path, s.body, 'application/merge-patch+json');
    const labels = { app: 'web' };
    await h.client.create({ ...R.deployments, namespace: 'default' }, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    });
    for (let i = 0; i < 30; i++) {
      h.clock.advance(100);
      await new Promise((r) => setImmediate(r));
    }
    assert.equal((await h.client.list({ ...R.replicaSets, namespace: 'default' })).items.length, 0, 'no ReplicaSet while stopped');
    const g = start('kube-controller-manager-whale1');
    await h.request(g.method, g.path, g.body, 'application/merge-patch+json');
    await h.until(async () => (await h.client.list({ ...R.pods, namespace: 'default' })).items.some((p) => p.metadata.labels?.app === 'web'));
  } finally {
    await h.close();
  }
});

test('with three etcd members one may stop and writes go on; a second loses quorum', async () => {
  const h = await startRuntime({ nodes: 3, controlPlanes: 3 });
  try {
    const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    const s1 = stop('etcd-whale1');
    await h.request(s1.method, s1.path, s1.body, 'application/merge-patch+json');
    assert.equal((await h.request('POST', '/api/v1/namespaces/default/configmaps', cm('one-down'))).status, 201);
    const s2 = stop('etcd-whale2');
    await h.request(s2.method, s2.path, s2.body, 'application/merge-patch+json');
    assert.equal((await h.request('POST', '/api/v1/namespaces/default/configmaps', cm('two-down'))).status, 503);
  } finally {
    await h.close();
  }
});
