import { test } from 'node:test';
import assert from 'node:assert/strict';
import { R } from '../../../src/emulator/client/paths';
import { startNodes } from './support';

test('a kubelet registers its Node with capacity, nodeInfo, addresses and Ready conditions', async () => {
  const h = await startNodes([{ name: 'whale1', controlPlane: true, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }, { name: 'whale2' }]);
  try {
    const node = await h.client.get({ ...R.nodes, name: 'whale1' });
    assert.equal(node.metadata.labels?.['node-role.kubernetes.io/control-plane'], '');
    assert.equal(node.metadata.labels?.['kubernetes.io/hostname'], 'whale1');
    assert.deepEqual(node.spec.taints, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    assert.equal(node.spec.podCIDR, '10.244.0.0/24');
    const info = node.status.nodeInfo;
    assert.match(info.kubeletVersion, /^v1\.34\.\d+$/);
    assert.match(info.containerRuntimeVersion, /^containerd:\/\/1\.7\.\d+$/);
    assert.equal(info.osImage, 'Debian GNU/Linux 12 (bookworm)');
    assert.equal(info.architecture, 'amd64');
    assert.equal(node.status.capacity.cpu, '2');
    assert.equal(node.status.allocatable.pods, '110');
    assert.ok(node.status.addresses.some((a: any) => a.type === 'InternalIP' && /^172\.18\.0\.\d+$/.test(a.address)));
    const ready = node.status.conditions.find((c: any) => c.type === 'Ready');
    assert.equal(ready.status, 'True');
    assert.equal(ready.reason, 'KubeletReady');
    assert.equal(ready.message, 'kubelet is posting ready status');
    const memory = node.status.conditions.find((c: any) => c.type === 'MemoryPressure');
    assert.equal(memory.status, 'False');
    assert.equal(memory.reason, 'KubeletHasSufficientMemory');
    assert.ok(node.status.images.some((i: any) => i.names.some((n: string) => n.startsWith('registry.k8s.io/kube-apiserver:'))), 'control-plane images are present');
    const worker = await h.client.get({ ...R.nodes, name: 'whale2' });
    assert.equal(worker.spec.taints, undefined);
    assert.ok(!worker.status.images.some((i: any) => i.names.some((n: string) => n.includes('kube-apiserver'))));
  } finally {
    await h.close();
  }
});

test('kubelets renew their node Lease every 10 s; a stopped kubelet does not, and resumes when started', async () => {
  const h = await startNodes([{ name: 'whale2' }, { name: 'whale3' }]);
  try {
    const lease = () => h.client.get({ ...R.leases, namespace: 'kube-node-lease', name: 'whale2' });
    const first = await lease();
    assert.equal(first.spec.holderIdentity, 'whale2');
    assert.equal(first.spec.leaseDurationSeconds, 40);
    assert.equal(first.metadata.ownerReferences?.[0]?.kind, 'Node');
    const renewals = new Set<string>([first.spec.renewTime]);
    for (let i = 0; i < 3; i++) {
      await h.advance(10_000, 500);
      renewals.add((await lease()).spec.renewTime);
    }
    assert.equal(renewals.size, 4, 'one renewal per 10 s');
    assert.equal(h.nodes.hasKubelet('whale2'), true);
    h.nodes.stopKubelet('whale2');
    assert.equal(h.nodes.hasKubelet('whale2'), false);
    const frozen = (await lease()).spec.renewTime;
    const other = (await h.client.get({ ...R.leases, namespace: 'kube-node-lease', name: 'whale3' })).spec.renewTime;
    await h.advance(30_000, 500);
    assert.equal((await lease()).spec.renewTime, frozen, 'no heartbeat while stopped');
    assert.notEqual((await h.client.get({ ...R.leases, namespace: 'kube-node-lease', name: 'whale3' })).spec.renewTime, other, 'other nodes keep heartbeating');
    await h.nodes.startKubelet('whale2');
    await h.advance(10_000, 500);
    assert.notEqual((await lease()).spec.renewTime, frozen);
    assert.equal(h.nodes.hasKubelet('whale2'), true);
  } finally {
    await h.close();
  }
});

test('a kubelet posts node status again after 5 minutes even when nothing changed', async () => {
  const h = await startNodes([{ name: 'whale2' }]);
  try {
    const heartbeat = async () => (await h.client.get({ ...R.nodes, name: 'whale2' })).status.conditions.find((c: any) => c.type === 'Ready').lastHeartbeatTime;
    const first = await heartbeat();
    await h.advance(60_000, 1000);
    assert.equal(await heartbeat(), first, 'no status update within a minute when nothing changed');
    await h.advance(250_000, 1000);
    assert.notEqual(await heartbeat(), first);
  } finally {
    await h.close();
  }
});

test('a running kubelet posts Ready again within a lease period after its node was marked Unknown', async () => {
  const h = await startNodes([{ name: 'whale2' }]);
  try {
    const ready = async () => (await h.client.get({ ...R.nodes, name: 'whale2' })).status.conditions.find((c: any) => c.type === 'Ready');
    const before = await ready();
    await h.advance(60_000, 1000);
    // What the node lifecycle controller writes when it misses the node's heartbeats.
    const node = await h.client.get({ ...R.nodes, name: 'whale2' });
    const conditions = node.status.conditions.map((c: any) => ({ ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }));
    await h.client.patch({ ...R.nodes, name: 'whale2', subresource: 'status' }, { status: { conditions } }, 'merge');
    assert.equal((await ready()).status, 'Unknown');
    const after = await h.until(async () => {
      const r = await ready();
      return r.status === 'True' ? r : undefined;
    }, 10_000, 500);
    assert.equal(after.reason, 'KubeletReady');
    assert.ok(Date.parse(after.lastTransitionTime) > Date.parse(before.lastTransitionTime), 'the transition back to Ready is dated now');
  } finally {
    await h.close();
  }
});
