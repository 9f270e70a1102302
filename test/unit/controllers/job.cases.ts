import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/kube/object';
import { R } from '../../../src/emulator/client/paths';
import { JobController } from '../../../src/emulator/controllers/job/job-controller';
import { TtlAfterFinishedController } from '../../../src/emulator/controllers/ttl-after-finished/ttl-after-finished-controller';
import { eventually, finishPod, listPods, startHarness } from './harness';

const jobsRef = { ...R.jobs, namespace: 'default' };
const job = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name },
  spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
});

const condition = (j: KubeObject, type: string): { reason?: string } | undefined => (j.status?.conditions as { type: string; status: string; reason?: string }[] | undefined)?.find((c) => c.type === type && c.status === 'True');

test('a Job runs parallelism pods at a time until completions succeed, then is Complete', async () => {
  const h = await startHarness((ctx) => [new JobController(ctx)]);
  try {
    await h.client.create(jobsRef, job('pi', { completions: 3, parallelism: 2 }));
    let maxActive = 0;
    const done = await eventually(async () => {
      const pods = (await listPods(h.client, 'default', 'job-name=pi')).filter((p) => p.status?.phase !== 'Succeeded');
      maxActive = Math.max(maxActive, pods.length);
      for (const p of pods) await finishPod(h.client, p, 'Succeeded');
      const j = await h.client.get({ ...jobsRef, name: 'pi' });
      return condition(j, 'Complete') ? j : undefined;
    }, 'job complete');
    assert.ok(maxActive <= 2, `never more than parallelism pods at once (saw ${maxActive})`);
    assert.equal(done.status.succeeded, 3);
    assert.ok(done.status.completionTime);
    assert.equal(condition(done, 'Complete')?.reason, 'CompletionsReached');
    assert.equal((await listPods(h.client, 'default', 'job-name=pi')).length, 3);
  } finally {
    await h.stop();
  }
});

test('a Job whose pods fail beyond backoffLimit is Failed with BackoffLimitExceeded', async () => {
  const h = await startHarness((ctx) => [new JobController(ctx)]);
  try {
    await h.client.create(jobsRef, job('boom', { backoffLimit: 0 }));
    const [pod] = await eventually(async () => {
      const pods = await listPods(h.client, 'default', 'job-name=boom');
      return pods.length === 1 ? pods : undefined;
    }, 'pod created');
    await finishPod(h.client, pod!, 'Failed');
    const failed = await eventually(async () => {
      const j = await h.client.get({ ...jobsRef, name: 'boom' });
      return condition(j, 'Failed') ? j : undefined;
    }, 'job failed');
    assert.equal(condition(failed, 'Failed')?.reason, 'BackoffLimitExceeded');
    assert.equal(failed.status.failed, 1);
    const events = (await h.client.list({ ...R.events, namespace: 'default' })).items;
    assert.ok(events.some((e) => e.reason === 'BackoffLimitExceeded' && e.message === 'Job has reached the specified backoff limit'));
  } finally {
    await h.stop();
  }
});

test('an Indexed Job gives each pod its completion index', async () => {
  const h = await startHarness((ctx) => [new JobController(ctx)]);
  try {
    await h.client.create(jobsRef, job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    const pods = await eventually(async () => {
      const p = await listPods(h.client, 'default', 'job-name=idx');
      return p.length === 3 ? p : undefined;
    }, 'three pods');
    assert.deepEqual(pods.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort(), ['0', '1', '2']);
    for (const p of pods) await finishPod(h.client, p, 'Succeeded');
    const j = await eventually(async () => {
      const x = await h.client.get({ ...jobsRef, name: 'idx' });
      return condition(x, 'Complete') ? x : undefined;
    }, 'complete');
    assert.equal(j.status.completedIndexes, '0-2');
  } finally {
    await h.stop();
  }
});

test('ttlSecondsAfterFinished deletes a finished Job', async () => {
  const h = await startHarness((ctx) => [new JobController(ctx), new TtlAfterFinishedController(ctx)]);
  try {
    await h.client.create(jobsRef, job('short', { ttlSecondsAfterFinished: 0 }));
    const [pod] = await eventually(async () => {
      const pods = await listPods(h.client, 'default', 'job-name=short');
      return pods.length === 1 ? pods : undefined;
    }, 'pod created');
    await finishPod(h.client, pod!, 'Succeeded');
    await eventually(async () => h.client.get({ ...jobsRef, name: 'short' }).then(() => false, () => true), 'job deleted after its TTL');
  } finally {
    await h.stop();
  }
});
