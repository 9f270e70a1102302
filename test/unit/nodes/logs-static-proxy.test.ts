import { test } from 'node:test';
import assert from 'node:assert/strict';
import { R } from '../../../src/emulator/client/paths';
import { createSimulatedNodes } from '../../../src/emulator/nodes/index';
import { boundPod, startNodes } from './support';

const pods = { ...R.pods, namespace: 'default' };

test('container logs: nginx start-up lines, echo output, previous runs, tail and timestamps', async () => {
  const h = await startNodes();
  try {
    await h.client.create(pods, boundPod('web', 'whale2'));
    await h.client.create(pods, boundPod('talker', 'whale2', { image: 'busybox', command: ['sh', '-c', 'echo hello; sleep 2; echo bye; exit 1'] }));
    await h.until(async () => (await h.pod('web')).status?.phase === 'Running', 10_000);
    const web = h.nodes.containerLog('default', 'web', 'web', {});
    assert.ok(web?.ok);
    assert.match(web.text, /Configuration complete; ready for start up/);
    assert.match(web.text, /\[notice\] 1#1: start worker processes/);
    const tail = h.nodes.containerLog('default', 'web', 'web', { tailLines: 1, timestamps: true });
    assert.ok(tail?.ok);
    assert.match(tail.text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z .*start worker process \d+\n$/);
    await h.until(async () => (await h.pod('talker')).status?.containerStatuses?.[0]?.restartCount >= 1, 20_000);
    const previous = h.nodes.containerLog('default', 'talker', 'talker', { previous: true });
    assert.deepEqual(previous, { ok: true, text: 'hello\nbye\n' });
    const noPrevious = h.nodes.containerLog('default', 'web', 'web', { previous: true });
    assert.deepEqual(noPrevious, { ok: false, message: 'previous terminated container "web" in pod "web" not found' });
    assert.equal(h.nodes.containerLog('default', 'missing', 'x', {}), undefined);
  } finally {
    await h.close();
  }
});

test('static pods get mirror pods named <name>-<node>, owned by the Node, recreated when deleted', async () => {
  const manifest = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'etcd', namespace: 'kube-system', labels: { component: 'etcd', tier: 'control-plane' } },
    spec: { hostNetwork: true, priorityClassName: 'system-node-critical', containers: [{ name: 'etcd', image: 'registry.k8s.io/etcd:3.6.4-0', command: ['etcd'] }] },
  };
  const h = await startNodes([{ name: 'whale1', controlPlane: true, staticPods: [manifest] }]);
  try {
    const ref = { ...R.pods, namespace: 'kube-system', name: 'etcd-whale1' };
    const running = await h.until(async () => {
      const p = await h.client.get(ref).catch(() => undefined);
      return p?.status?.phase === 'Running' ? p : undefined;
    }, 10_000);
    assert.equal(running.spec.nodeName, 'whale1');
    assert.equal(running.metadata.ownerReferences?.[0]?.kind, 'Node');
    assert.ok(running.metadata.annotations?.['kubernetes.io/config.mirror']);
    assert.equal(running.status.podIP, running.status.hostIP, 'host-network pods use the node IP');
    const events = await h.client.list({ ...R.events, namespace: 'kube-system' });
    assert.ok(events.items.some((e) => e.involvedObject?.name === 'etcd-whale1' && e.reason === 'Pulled' && /already present/.test(e.message)));
    const uid = running.metadata.uid;
    await h.client.delete(ref);
    const again = await h.until(async () => {
      const p = await h.client.get(ref).catch(() => undefined);
      return p && p.metadata.uid !== uid ? p : undefined;
    }, 10_000);
    assert.equal(again.metadata.name, 'etcd-whale1');
    h.nodes.setPodReadiness('kube-system', 'etcd-whale1', false);
    await h.until(async () => (await h.client.get(ref)).status?.containerStatuses?.[0]?.ready === false, 5_000);
    h.nodes.setPodReadiness('kube-system', 'etcd-whale1', undefined);
    await h.until(async () => (await h.client.get(ref)).status?.containerStatuses?.[0]?.ready === true, 5_000);
  } finally {
    await h.close();
  }
});

test('kube-proxy reports rule syncs for Services in its log and per node', async () => {
  const h = await startNodes([{ name: 'whale2' }]);
  try {
    await h.client.create({ ...R.pods, namespace: 'kube-system' }, { ...boundPod('kube-proxy-abcde', 'whale2', { name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.34.1', command: ['/usr/local/bin/kube-proxy'] }, { hostNetwork: true }), metadata: { name: 'kube-proxy-abcde', namespace: 'kube-system' } });
    await h.until(async () => (await h.client.get({ ...R.pods, namespace: 'kube-system', name: 'kube-proxy-abcde' })).status?.phase === 'Running', 10_000);
    await h.client.create({ ...R.services, namespace: 'default' }, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }], selector: { app: 'web' } } });
    const synced = await h.until(() => {
      const s = h.nodes.rulesSynced('whale2');
      return s && s.services >= 2 ? s : undefined;
    }, 5_000);
    assert.ok(synced.services >= 2, 'kubernetes and web');
    await h.advance(2000);
    const log = h.nodes.containerLog('kube-system', 'kube-proxy-abcde', 'kube-proxy', {});
    assert.ok(log?.ok);
    assert.match(log.text, /"Successfully retrieved node IP\(s\)" IPs=\["172\.18\.0\.2"\]/);
    assert.match(log.text, /"SyncProxyRules complete" elapsed="[\d.]+ms" services=\d+ endpoints=\d+/);
    h.nodes.stopKubelet('whale2');
    assert.equal(h.nodes.rulesSynced('whale2'), undefined);
  } finally {
    await h.close();
  }
});

test('a second node group on the same context reports kube-proxy syncs without starting its own loop', async () => {
  const h = await startNodes([{ name: 'whale1', controlPlane: true }]);
  const workers = createSimulatedNodes(h.ctx, [{ name: 'whale2', internalIP: '172.18.0.3', podCIDR: '10.244.1.0/24' }]);
  try {
    await workers.start();
    const proxyPod = boundPod('kube-proxy-x', 'whale2', { name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.34.1', command: ['/usr/local/bin/kube-proxy'] }, { hostNetwork: true });
    await h.client.create({ ...R.pods, namespace: 'kube-system' }, { ...proxyPod, metadata: { name: 'kube-proxy-x', namespace: 'kube-system' } });
    await h.until(async () => (await h.client.get({ ...R.pods, namespace: 'kube-system', name: 'kube-proxy-x' })).status?.phase === 'Running', 10_000);
    await h.client.create({ ...R.services, namespace: 'default' }, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { ports: [{ port: 443 }] } });
    const synced = await h.until(() => {
      const s = workers.rulesSynced('whale2');
      return s && s.services >= 2 ? s : undefined;
    }, 5_000);
    assert.ok(synced.atMs > 0);
  } finally {
    workers.stop();
    await h.close();
  }
});
