// Benchmark: how fast the simulated kubelets take bound pods to Running through the
// in-process API server (status writes + Pulling/Pulled/Created/Started events).
// Pods are created with spec.nodeName (no scheduler), round-robin over the nodes.
// Run: node --import tsx bench/nodes-pods.ts [nodes] [pods] [runs]
// Prints CPU per pod started (whole process: API server, informers and kubelets) and medians.
//
// The kubelet's own share: node --import tsx bench/nodes-pods.ts kubelet [pods] [runs]
// Kubelets (30 pods each, as 150,000 on 5,000 nodes) with the real event recorder but an API
// stub that answers at once: CPU per pod of the pod worker, status builds, the status writer
// and the recorder, without the API server's work. The image is present (as for all but the
// first pods of a node at scale): Pulled "already present", Created, Started, one status write.
// BENCH_PULL=1: the image is not present; the first pod of a node pulls it, the others join
// that pull or find it present (the mix depends on timing).
// For a before/after, copy this file into another checkout's bench/ and run it there.
import { loadavg } from 'node:os';
import { RealClock } from '../src/kube/clock';
import type { KubeObject } from '../src/kube/object';
import { ApiServer } from '../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../src/emulator/apiserver/system-objects';
import { defaultModules } from '../src/emulator/cluster';
import { LoopbackClient } from '../src/emulator/client/loopback-client';
import { R } from '../src/emulator/client/paths';
import { SharedInformers } from '../src/emulator/client/shared-informers';
import type { ControlLoopContext } from '../src/emulator/control-loop';
import { ApiEventRecorder } from '../src/emulator/controllers/events';
import { createSimulatedNodes } from '../src/emulator/nodes/index';
import { Kubelet } from '../src/emulator/nodes/kubelet';
import { defaultAddresses } from '../src/emulator/nodes/node-object';
import { openStore } from '../src/emulator/store/index';

const KUBELET_ONLY = process.argv[2] === 'kubelet';
const NODES = Number(process.argv[2] ?? 500);
const PODS = Number(process.argv[3] ?? 10_000);
const RUNS = Number(process.argv[4] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function once(run: number): Promise<{ seconds: number; cpu: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const clock = new RealClock();
  const store = await openStore({ clock, log: () => undefined });
  const api = new ApiServer({ store, clock, modules: defaultModules() });
  await bootstrapClusterObjects(api);
  const ctx: ControlLoopContext = {
    client: (c) => new LoopbackClient(api, c),
    informers: new SharedInformers(new LoopbackClient(api, 'shared-informers'), { clock }),
    clock,
    log: (c, m) => {
      if (process.env.BENCH_VERBOSE) console.log(`${c}: ${m}`);
    },
  };
  const nodes = createSimulatedNodes(ctx, Array.from({ length: NODES }, (_, i) => ({ name: `node-${i}`, capacity: { pods: '250', cpu: '64', memory: '256Gi' } })));
  await nodes.start();
  let running = 0;
  let done: () => void = () => undefined;
  const allRunning = new Promise<void>((r) => (done = r));
  ctx.informers.for(R.pods).on({
    update: (p, old) => {
      if (p.status?.phase === 'Running' && old.status?.phase !== 'Running' && ++running === PODS) done();
    },
  });
  await ctx.informers.start();
  const client = new LoopbackClient(api, 'bench');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const BATCH = 200;
  for (let i = 0; i < PODS; i += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, PODS - i) }, (_, j) =>
        client.create({ ...R.pods, namespace: 'default' }, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `p-${i + j}` },
          spec: { nodeName: `node-${(i + j) % NODES}`, containers: [{ name: 'app', image: 'nginx:1.29', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
        }),
      ),
    );
  }
  const progress = setInterval(() => process.env.BENCH_VERBOSE && console.log(`${((performance.now() - t0) / 1000).toFixed(0)}s: ${running} running`), 2000);
  await allRunning;
  clearInterval(progress);
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  const cpu = (c.user + c.system) / 1e6;
  console.log(`run ${run}: ${PODS} pods on ${NODES} nodes Running in ${seconds.toFixed(1)} s (${(PODS / seconds).toFixed(0)} pods/s), cpu ${cpu.toFixed(2)} s = ${((cpu * 1000) / PODS).toFixed(3)} ms per pod`);
  nodes.stop();
  ctx.informers.stop();
  api.stop();
  await store.close();
  return { seconds, cpu };
}

/** An API that accepts every write at once, counting them; enough for a kubelet to run pods. */
function stubClient(writes: { n: number }): LoopbackClient {
  const ok = (body?: unknown): Promise<any> => {
    writes.n++;
    return Promise.resolve(body);
  };
  const uid = (body: any) => ({ ...body, metadata: { ...body.metadata, uid: `uid-${body.metadata.name}`, resourceVersion: '1' } });
  const noResult = { create: () => ok(), update: () => ok(), patch: () => ok(), delete: () => ok() };
  return { create: (_ref: unknown, body: unknown) => ok(uid(body)), update: (_ref: unknown, body: unknown) => ok(body), patch: () => ok(), get: () => ok(), delete: () => ok(), noResult } as unknown as LoopbackClient;
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

async function kubeletOnce(run: number): Promise<number> {
  const perNode = 30;
  const nodes = Math.ceil(PODS_KUBELET / perNode);
  // Real timers (a FakeClock's linear timer scan would dominate with thousands of pulls waiting).
  const clock = new RealClock();
  const writes = { n: 0 };
  const client = stubClient(writes);
  const events = new ApiEventRecorder(client, 'kubelet', clock);
  const kubelets: Kubelet[] = [];
  for (let i = 0; i < nodes; i++) {
    const k = new Kubelet({ spec: { name: `node-${i}` }, addresses: defaultAddresses(i), client, clock, log: () => undefined, preloadedImages: process.env.BENCH_PULL ? [] : ['nginx:1.29'], podsOnNode: () => [], events });
    await k.start();
    kubelets.push(k);
  }
  const pods: KubeObject[] = Array.from({ length: PODS_KUBELET }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${i}`, namespace: 'default', uid: `0000-pod-${i}`, resourceVersion: String(1000 + i), creationTimestamp: '2026-01-01T12:00:00Z' },
    spec: { nodeName: `node-${i % nodes}`, restartPolicy: 'Always', containers: [{ name: 'app', image: 'nginx:1.29', imagePullPolicy: 'IfNotPresent', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T12:00:00Z' }], qosClass: 'Burstable' },
  }));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  writes.n = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < pods.length; i++) {
    kubelets[i % nodes].syncPod(pods[i]);
    if (i % 1000 === 999) await settle();
  }
  const countRunning = () => kubelets.reduce((n, k) => n + [...k.workers.values()].filter((w) => w.phase === 'Running').length, 0);
  // The pulls end (~1.6 s for nginx) and the pods that waited start. The polling costs a few ms.
  const deadline = Date.now() + 30_000;
  while (countRunning() < PODS_KUBELET && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await settle();
  const c = process.cpuUsage(cpu0);
  const running = countRunning();
  const ms = (c.user + c.system) / 1000 / PODS_KUBELET;
  // What the kubelets keep per running pod (workers, container state, recorder entries); with --expose-gc.
  gc?.();
  const kept = gc ? `, ${((process.memoryUsage().heapUsed - heap0) / PODS_KUBELET).toFixed(0)} bytes kept per pod` : '';
  console.log(`run ${run}: ${running}/${PODS_KUBELET} pods Running on ${nodes} kubelets, ${(writes.n / PODS_KUBELET).toFixed(2)} API writes per pod, kubelet cpu ${(ms * 1000).toFixed(1)} us per pod${kept}`);
  for (const k of kubelets) k.stop();
  return ms;
}

const PODS_KUBELET = Number(process.argv[3] ?? 30_000);

async function main(): Promise<void> {
  if (KUBELET_ONLY) {
    const results = [];
    for (let r = 1; r <= Number(process.argv[4] ?? 5); r++) results.push(await kubeletOnce(r));
    console.log(`median: kubelet cpu ${(median(results) * 1000).toFixed(1)} us per pod started; load avg ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    return;
  }
  const results = [];
  for (let r = 1; r <= RUNS; r++) results.push(await once(r));
  const s = median(results.map((x) => x.seconds));
  const cpu = median(results.map((x) => x.cpu));
  console.log(`median: ${s.toFixed(1)} s to Running = ${(PODS / s).toFixed(0)} pods/s; cpu ${((cpu * 1000) / PODS).toFixed(3)} ms per pod; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB; load avg ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

void main();
