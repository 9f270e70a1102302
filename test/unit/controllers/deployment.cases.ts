import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/kube/object';
import { R } from '../../../src/emulator/client/paths';
import { DeploymentController } from '../../../src/emulator/controllers/deployment/deployment-controller';
import { ReplicaSetController } from '../../../src/emulator/controllers/replicaset/replicaset-controller';
import { eventually, listPods, makeReady, startHarness, type Harness } from './harness';

const deployment = (name: string, replicas: number, image = 'nginx') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
  },
});

const deploymentsRef = { ...R.deployments, namespace: 'default' };
const rsRef = { ...R.replicaSets, namespace: 'default' };

/** Plays kubelet and scheduler: every pending pod of the app becomes ready. */
async function readyAll(h: Harness, app: string): Promise<number> {
  const pods = (await listPods(h.client, 'default', `app=${app}`)).filter((p) => !p.metadata.deletionTimestamp);
  for (const p of pods) if (p.status?.phase !== 'Running') await makeReady(h.client, p);
  return pods.length;
}

async function rolledOut(h: Harness, name: string, replicas: number): Promise<KubeObject | undefined> {
  await readyAll(h, name);
  const d = await h.client.get({ ...deploymentsRef, name });
  const s = d.status ?? {};
  const done = s.observedGeneration >= d.metadata.generation! && s.updatedReplicas === replicas && s.replicas === replicas && s.availableReplicas === replicas;
  return done ? d : undefined;
}

test('a Deployment creates a ReplicaSet with pod-template-hash and revision 1, whose pods it owns', async () => {
  const h = await startHarness((ctx) => [new DeploymentController(ctx), new ReplicaSetController(ctx)]);
  try {
    await h.client.create(deploymentsRef, deployment('web', 3));
    const d = await eventually(() => rolledOut(h, 'web', 3), 'web rolled out');
    assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    const available = d.status.conditions.find((c: { type: string }) => c.type === 'Available');
    assert.equal(available.reason, 'MinimumReplicasAvailable');
    await eventually(async () => (await h.client.get({ ...deploymentsRef, name: 'web' })).status.conditions.find((c: { type: string }) => c.type === 'Progressing')?.reason === 'NewReplicaSetAvailable', 'Progressing NewReplicaSetAvailable');
    const sets = (await h.client.list(rsRef)).items;
    assert.equal(sets.length, 1);
    const rs = sets[0]!;
    const hash = rs.metadata.labels?.['pod-template-hash'];
    assert.ok(hash && rs.metadata.name === `web-${hash}`, rs.metadata.name);
    assert.equal(rs.metadata.ownerReferences?.[0]?.kind, 'Deployment');
    const pods = await listPods(h.client, 'default', 'app=web');
    assert.equal(pods.length, 3);
    for (const p of pods) {
      assert.match(p.metadata.name!, new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
      assert.equal(p.metadata.ownerReferences?.[0]?.name, rs.metadata.name);
    }
    const events = (await h.client.list({ ...R.events, namespace: 'default' })).items;
    assert.ok(events.some((e) => e.reason === 'ScalingReplicaSet' && e.message === `Scaled up replica set ${rs.metadata.name} from 0 to 3`));
    assert.ok(events.some((e) => e.reason === 'SuccessfulCreate' && /^Created pod: web-/.test(e.message)));
  } finally {
    await h.stop();
  }
});

test('scaling changes the ReplicaSet, and a deleted pod is replaced', async () => {
  const h = await startHarness((ctx) => [new DeploymentController(ctx), new ReplicaSetController(ctx)]);
  try {
    await h.client.create(deploymentsRef, deployment('api', 2));
    await eventually(() => rolledOut(h, 'api', 2), 'rolled out');
    await h.client.patch({ ...deploymentsRef, name: 'api' }, { spec: { replicas: 4 } });
    await eventually(() => rolledOut(h, 'api', 4), 'scaled to 4');
    await h.client.patch({ ...deploymentsRef, name: 'api' }, { spec: { replicas: 1 } });
    await eventually(async () => (await listPods(h.client, 'default', 'app=api')).length === 1 && rolledOut(h, 'api', 1), 'scaled to 1');
    const [pod] = await listPods(h.client, 'default', 'app=api');
    await h.client.delete({ ...R.pods, namespace: 'default', name: pod!.metadata.name });
    await eventually(async () => {
      const pods = await listPods(h.client, 'default', 'app=api');
      return pods.length === 1 && pods[0]!.metadata.name !== pod!.metadata.name;
    }, 'replacement pod');
  } finally {
    await h.stop();
  }
});

test('a template change rolls to a new ReplicaSet (revision 2), and undo brings revision 1 back as 3', async () => {
  const h = await startHarness((ctx) => [new DeploymentController(ctx), new ReplicaSetController(ctx)]);
  try {
    await h.client.create(deploymentsRef, deployment('web', 4));
    await eventually(() => rolledOut(h, 'web', 4), 'v1');
    const first = (await h.client.list(rsRef)).items[0]!;
    const surge: number[] = [];
    await h.client.patch({ ...deploymentsRef, name: 'web' }, { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } });
    const d2 = await eventually(async () => {
      const pods = (await listPods(h.client, 'default', 'app=web')).filter((p) => !p.metadata.deletionTimestamp);
      surge.push(pods.length);
      return rolledOut(h, 'web', 4);
    }, 'v2 rolled out');
    assert.ok(Math.max(...surge) <= 5, `maxSurge 25% of 4 allows at most 5 pods, saw ${Math.max(...surge)}`);
    assert.equal(d2.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
    const sets = (await h.client.list(rsRef)).items;
    assert.equal(sets.length, 2);
    const old = sets.find((rs) => rs.metadata.name === first.metadata.name)!;
    assert.equal(old.spec.replicas, 0);
    // kubectl rollout undo: copy revision 1's template (without the hash label) back.
    const template = structuredClone(old.spec.template);
    delete template.metadata.labels['pod-template-hash'];
    await h.client.patch({ ...deploymentsRef, name: 'web' }, [{ op: 'replace', path: '/spec/template', value: template }], 'json');
    const d3 = await eventually(() => rolledOut(h, 'web', 4), 'undo rolled out');
    assert.equal(d3.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
    const back = await h.client.get({ ...rsRef, name: first.metadata.name });
    assert.equal(back.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.equal(back.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    assert.equal(back.spec.replicas, 4);
  } finally {
    await h.stop();
  }
});

test('Recreate scales the old ReplicaSet to zero before the new one starts', async () => {
  const h = await startHarness((ctx) => [new DeploymentController(ctx), new ReplicaSetController(ctx)]);
  try {
    const d = deployment('db', 2);
    (d.spec as Record<string, unknown>).strategy = { type: 'Recreate' };
    await h.client.create(deploymentsRef, d);
    await eventually(() => rolledOut(h, 'db', 2), 'v1');
    await h.client.patch({ ...deploymentsRef, name: 'db' }, { spec: { template: { spec: { containers: [{ name: 'c', image: 'postgres:2' }] } } } });
    let mixed = false;
    await eventually(async () => {
      const pods = await listPods(h.client, 'default', 'app=db');
      const hashes = new Set(pods.map((p) => p.metadata.labels?.['pod-template-hash']));
      if (hashes.size > 1) mixed = true;
      return rolledOut(h, 'db', 2);
    }, 'v2');
    assert.equal(mixed, false, 'old and new pods never coexist');
  } finally {
    await h.stop();
  }
});

test('revisionHistoryLimit prunes the oldest scaled-down ReplicaSets', async () => {
  const h = await startHarness((ctx) => [new DeploymentController(ctx), new ReplicaSetController(ctx)]);
  try {
    const d = deployment('hist', 1);
    (d.spec as Record<string, unknown>).revisionHistoryLimit = 1;
    await h.client.create(deploymentsRef, d);
    for (const image of ['a:1', 'a:2', 'a:3']) {
      await eventually(() => rolledOut(h, 'hist', 1), `before ${image}`);
      await h.client.patch({ ...deploymentsRef, name: 'hist' }, { spec: { template: { spec: { containers: [{ name: 'c', image }] } } } });
    }
    await eventually(() => rolledOut(h, 'hist', 1), 'last');
    await eventually(async () => (await h.client.list(rsRef)).items.length === 2, 'one old ReplicaSet kept');
  } finally {
    await h.stop();
  }
});

test('a paused Deployment does not roll out a template change until resumed', async () => {
  let controller!: DeploymentController;
  const h = await startHarness((ctx) => [(controller = new DeploymentController(ctx)), new ReplicaSetController(ctx)]);
  try {
    await h.client.create(deploymentsRef, deployment('p', 2));
    await eventually(() => rolledOut(h, 'p', 2), 'v1');
    await h.client.patch({ ...deploymentsRef, name: 'p' }, { spec: { paused: true } });
    await h.client.patch({ ...deploymentsRef, name: 'p' }, { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } });
    const paused = await eventually(async () => {
      const d = await h.client.get({ ...deploymentsRef, name: 'p' });
      return d.status?.conditions?.find((c: { type: string }) => c.type === 'Progressing')?.reason === 'DeploymentPaused' ? d : undefined;
    }, 'Progressing DeploymentPaused');
    assert.equal(paused.status.conditions.find((c: { type: string }) => c.type === 'Progressing').message, 'Deployment is paused');
    await controller.queue.whenIdle();
    assert.equal((await h.client.list(rsRef)).items.length, 1, 'no new ReplicaSet while paused');
    await h.client.patch({ ...deploymentsRef, name: 'p' }, { spec: { paused: false } });
    await eventually(async () => (await h.client.list(rsRef)).items.length === 2 && rolledOut(h, 'p', 2), 'rolled out after resume');
  } finally {
    await h.stop();
  }
});

test('a rollout that makes no progress within progressDeadlineSeconds reports ProgressDeadlineExceeded', async () => {
  const h = await startHarness((ctx) => [new DeploymentController(ctx), new ReplicaSetController(ctx)]);
  try {
    const d = deployment('stuck', 1);
    (d.spec as Record<string, unknown>).progressDeadlineSeconds = 1;
    await h.client.create(deploymentsRef, d);
    // No kubelet: the pod never becomes ready.
    const cond = await eventually(async () => {
      const x = await h.client.get({ ...deploymentsRef, name: 'stuck' });
      const c = x.status?.conditions?.find((y: { type: string }) => y.type === 'Progressing');
      return c?.reason === 'ProgressDeadlineExceeded' ? c : undefined;
    }, 'deadline exceeded', 8000);
    assert.equal(cond.status, 'False');
    assert.match(cond.message, /^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/);
  } finally {
    await h.stop();
  }
});
