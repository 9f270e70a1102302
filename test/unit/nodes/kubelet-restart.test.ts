import { test } from 'node:test';
import assert from 'node:assert/strict';
import { R } from '../../../src/emulator/client/paths';
import { boundPod, startNodes } from './support';

const pods = { ...R.pods, namespace: 'default' };

test('a stopped kubelet leaves its pods as they are and takes them back (same containers) when started', async () => {
  const h = await startNodes();
  try {
    await h.client.create(pods, boundPod('web', 'whale2'));
    await h.client.create(pods, boundPod('job', 'whale2', { image: 'busybox', command: ['sleep', '30'] }, { restartPolicy: 'Never' }));
    const before = await h.until(async () => {
      const p = await h.pod('web');
      return p.status?.phase === 'Running' && (await h.pod('job')).status?.phase === 'Running' ? p : undefined;
    }, 10_000);
    h.nodes.stopKubelet('whale2');
    await h.advance(40_000, 1000);
    const job = await h.pod('job');
    assert.equal(job.status.phase, 'Running', 'no status updates while the kubelet is stopped');
    await h.nodes.startKubelet('whale2');
    await h.advance(2000);
    const after = await h.pod('web');
    assert.equal(after.status.phase, 'Running');
    assert.equal(after.status.podIP, before.status.podIP);
    assert.equal(after.status.containerStatuses[0].containerID, before.status.containerStatuses[0].containerID, 'containers kept running');
    assert.equal(after.status.containerStatuses[0].restartCount, 0);
    // The job's 30 s elapsed while the kubelet was away: it reports the exit now.
    await h.until(async () => (await h.pod('job')).status?.phase === 'Succeeded', 5_000);
    await h.client.create(pods, boundPod('web2', 'whale2'));
    const web2 = await h.until(async () => {
      const p = await h.pod('web2');
      return p.status?.phase === 'Running' ? p : undefined;
    }, 10_000);
    assert.notEqual(web2.status.podIP, after.status.podIP, 'an adopted pod keeps its IP reserved');
  } finally {
    await h.close();
  }
});

test('while its kubelet is stopped a deleted pod is removed by the API server at once', async () => {
  const h = await startNodes();
  try {
    await h.client.create(pods, boundPod('web', 'whale2'));
    await h.until(async () => (await h.pod('web')).status?.phase === 'Running', 10_000);
    h.nodes.stopKubelet('whale2');
    await h.client.delete({ ...pods, name: 'web' });
    await assert.rejects(h.pod('web'), /not found/);
  } finally {
    await h.close();
  }
});
