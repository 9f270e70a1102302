// The control loops' in-process transport (LoopbackClient -> ApiServer.handle -> watch ->
// Informer) under the write mix of a pod going Running, with a shared pods informer
// (InformerClient, as the emulator runs it) following every write:
//   per pod: create, pods/binding, 2 status merge-patches, 4 Events.
// Prints CPU per pod (whole process: client, API server, store, watch, informer) and the
// median over runs (after a warm-up run). The result of every write but the create is ignored, as the kubelet's
// status writer, the event recorder and the scheduler's binding ignore theirs (they use
// `client.noResult` where it exists).
//   node --import tsx bench/loopback-transport.ts [pods=3000] [runs=5]
// Then, where the checkout has them, the transport's own steps old way vs new way in one
// process (JSON round trip vs value copy, response parse vs none, watch frame vs per-object).
// Before/after: copy this file into another checkout's bench/ (e.g. `git archive HEAD`) and
// run it there; it falls back to the plain client methods when `noResult` is missing.
import { FakeClock } from '../src/kube/clock';
import type { KubeObject } from '../src/kube/object';
import { ApiServer } from '../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../src/emulator/apiserver/system-objects';
import { defaultModules } from '../src/emulator/cluster';
import { Informer } from '../src/emulator/client/informer';
import { LoopbackClient } from '../src/emulator/client/loopback-client';
import { R } from '../src/emulator/client/paths';
import { InformerClient } from '../src/emulator/control-loops';
import { openStore } from '../src/emulator/store/index';
import { scalePod } from './apiserver-support';

const PODS = Number(process.argv[2] ?? 3000);
const RUNS = Number(process.argv[3] ?? 5);
const NAMESPACE = 'default';
/** A running pod as stored (with managedFields), for the watch step. */
let samplePodJson = '';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

type Writes = Pick<LoopbackClient, 'create' | 'patch'>;

const pod = (i: number): KubeObject => scalePod(`p-${i}`, NAMESPACE, i) as KubeObject;

function status(running: boolean, now: string): Record<string, unknown> {
  const cond = (type: string, ok: boolean) => ({ type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now });
  return {
    phase: running ? 'Running' : 'Pending',
    qosClass: 'Burstable',
    conditions: [cond('PodReadyToStartContainers', true), cond('Initialized', true), cond('Ready', running), cond('ContainersReady', running), cond('PodScheduled', true)],
    hostIP: '172.18.0.2',
    hostIPs: [{ ip: '172.18.0.2' }],
    startTime: now,
    containerStatuses: [
      {
        name: 'app',
        state: running ? { running: { startedAt: now } } : { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
        ready: running,
        restartCount: 0,
        image: 'docker.io/library/nginx:1.29',
        imageID: running ? 'docker.io/library/nginx@sha256:97d5e3bcda8fca1ea00a97a0b24154a0e4a85453bc6df608eb937850fdb5f421' : '',
        started: running,
      },
    ],
    podIP: '10.244.0.2',
    podIPs: [{ ip: '10.244.0.2' }],
  };
}

function event(p: KubeObject, n: number, reason: string, now: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${p.metadata.name}.${n}`, namespace: NAMESPACE },
    involvedObject: { kind: 'Pod', namespace: NAMESPACE, name: p.metadata.name, uid: p.metadata.uid, apiVersion: 'v1', resourceVersion: p.metadata.resourceVersion },
    reason,
    message: `${reason} container app (image "nginx:1.29")`,
    source: { component: 'kubelet', host: 'node-0' },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type: 'Normal',
    reportingComponent: 'kubelet',
    reportingInstance: 'node-0',
  };
}

async function podLifecycle(client: LoopbackClient, ignored: Writes, i: number, now: string): Promise<void> {
  const pods = { ...R.pods, namespace: NAMESPACE };
  const created = await client.create(pods, pod(i));
  const name = created.metadata.name!;
  await ignored.create({ ...pods, name, subresource: 'binding' }, { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: 'node-0' } });
  await ignored.patch({ ...pods, name, subresource: 'status' }, { status: status(false, now) }, 'merge');
  await ignored.create({ ...R.events, namespace: NAMESPACE }, event(created, 0, 'Pulled', now));
  await ignored.create({ ...R.events, namespace: NAMESPACE }, event(created, 1, 'Created', now));
  await ignored.create({ ...R.events, namespace: NAMESPACE }, event(created, 2, 'Started', now));
  await ignored.patch({ ...pods, name, subresource: 'status' }, { status: status(true, now) }, 'merge');
  await ignored.create({ ...R.events, namespace: NAMESPACE }, event(created, 3, 'Scheduled', now));
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('the informer did not catch up in time');
    await new Promise((r) => setImmediate(r));
  }
}

async function once(run: number): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const clock = new FakeClock();
  const store = await openStore({ clock, compactionIntervalMs: 0, log: () => undefined });
  const api = new ApiServer({ store, clock, modules: defaultModules() });
  await bootstrapClusterObjects(api);
  const informer = new Informer(new InformerClient(api, 'shared-informers'), R.pods, { clock, omitManagedFields: true });
  let running = 0;
  informer.on({
    update: (p, old) => {
      if (p.status?.phase === 'Running' && old.status?.phase !== 'Running') running++;
    },
  });
  await informer.start();
  const client = new LoopbackClient(api, 'bench');
  const ignored = (client as { noResult?: Writes }).noResult ?? client;
  const now = new Date(clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  const CONCURRENCY = 16;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < PODS) await podLifecycle(client, ignored, next++, now);
    }),
  );
  await until(() => running === PODS, 30_000);
  const c = process.cpuUsage(cpu0);
  const cpuMs = (c.user + c.system) / 1000;
  const perPod = cpuMs / PODS;
  console.log(`run ${run}: ${PODS} pods x 8 writes in ${((performance.now() - t0) / 1000).toFixed(2)} s, cpu ${(cpuMs / 1000).toFixed(2)} s = ${perPod.toFixed(3)} ms per pod (${((perPod * 1000) / 8).toFixed(1)} us per write)`);
  samplePodJson = store.list('/').items.find((v) => v.key.includes('/pods/'))?.json ?? samplePodJson;
  informer.stop();
  api.stop();
  await store.close();
  return perPod;
}

/** Median CPU microseconds per call of f over 7 rounds of n calls, after a warm-up round. */
function cpuPerCall(n: number, f: () => unknown): number {
  const rounds: number[] = [];
  for (let r = 0; r < 8; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) f();
    const c = process.cpuUsage(c0);
    if (r > 0) rounds.push((c.user + c.system) / n);
  }
  return median(rounds);
}

/** The steps the value transport replaces, each old way and new way, on this checkout's code. */
async function transportSteps(): Promise<void> {
  const codec = (await import('../src/emulator/apiserver/codec.js')) as Record<string, any>;
  const request = (await import('../src/emulator/apiserver/request.js')) as Record<string, any>;
  if (!codec.decodeRequestObject || !request.valueRequest) {
    console.log('(this checkout has no value transport: step figures skipped)');
    return;
  }
  const now = '2026-11-28T08:00:00Z';
  const stored = { ...pod(1), metadata: { ...pod(1).metadata, uid: 'c0ffee00-0000-4000-8000-000000000001', resourceVersion: '123', creationTimestamp: now }, status: status(true, now) };
  const bodies: [string, string, unknown][] = [
    ['pod create', 'application/json', pod(1)],
    ['status patch', 'application/merge-patch+json', { status: status(true, now) }],
    ['event create', 'application/json', event(stored, 0, 'Started', now)],
    ['binding', 'application/json', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p-1' }, target: { kind: 'Node', name: 'node-0' } }],
  ];
  const q = new URLSearchParams();
  console.log('step (CPU per call)                        old us   new us');
  for (const [what, type, body] of bodies) {
    const patch = type !== 'application/json';
    const old = cpuPerCall(20_000, () => {
      const bytes = Buffer.from(JSON.stringify(body));
      return patch ? codec.decodePatchBody(type, bytes) : codec.decodeObjectBody(type, bytes);
    });
    const neu = cpuPerCall(20_000, () => {
      const req = request.valueRequest('POST', '/', q, { 'content-type': type }, body);
      return patch ? codec.decodeRequestPatch(req) : codec.decodeRequestObject(req);
    });
    console.log(`request body: ${what}`.padEnd(40), old.toFixed(2).padStart(8), neu.toFixed(2).padStart(8));
  }
  // Responses of writes whose caller ignores them: the stored objects' JSON, parsed or not.
  const eventJson = JSON.stringify(event(stored, 0, 'Started', now));
  for (const [what, json] of [['status patch', samplePodJson], ['event create', eventJson]]) {
    const old = cpuPerCall(20_000, () => JSON.parse(json));
    console.log(`ignored response: ${what}`.padEnd(40), old.toFixed(2).padStart(8), '0.00'.padStart(8));
  }
  // A pod event reaching the shared informer (InformerClient strips managedFields).
  const strip = (o: KubeObject): KubeObject => {
    const { managedFields: _m, ...metadata } = o.metadata;
    return { ...o, metadata };
  };
  const old = cpuPerCall(20_000, () => {
    const frame = `{"type":"MODIFIED","object":${samplePodJson}}\n`;
    let last: unknown;
    for (const line of frame.split('\n')) if (line) last = strip((JSON.parse(line) as { object: KubeObject }).object);
    return last;
  });
  const { parseWithoutManagedFields } = (await import('../src/emulator/client/managed-fields.js')) as { parseWithoutManagedFields: (json: string) => unknown };
  const neu = cpuPerCall(20_000, () => ({ type: 'MODIFIED', object: parseWithoutManagedFields(samplePodJson) }));
  console.log(`watch event: pod (${samplePodJson.length} B) to informer`.padEnd(40), old.toFixed(2).padStart(8), neu.toFixed(2).padStart(8));
}

async function main(): Promise<void> {
  await once(0); // warm-up (JIT), not counted
  const results: number[] = [];
  for (let r = 1; r <= RUNS; r++) results.push(await once(r));
  const m = median(results);
  console.log(`median: ${m.toFixed(3)} ms cpu per pod (${((m * 1000) / 8).toFixed(1)} us per write), ${RUNS} runs of ${PODS} pods`);
  if (process.env.BENCH_STEPS !== '0') await transportSteps();
}

void main();
