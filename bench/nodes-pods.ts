// Benchmark: how fast the simulated kubelets take bound pods to Running through the
// in-process API server (status writes + Pulling/Pulled/Created/Started events).
// Pods are created with spec.nodeName (no scheduler), round-robin over the nodes.
// Run: node --import tsx bench/nodes-pods.ts [nodes] [pods] [runs]
import { RealClock } from '../src/kube/clock';
import { ApiServer } from '../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../src/emulator/apiserver/system-objects';
import { defaultModules } from '../src/emulator/cluster';
import { LoopbackClient } from '../src/emulator/client/loopback-client';
import { R } from '../src/emulator/client/paths';
import { SharedInformers } from '../src/emulator/client/shared-informers';
import type { ControlLoopContext } from '../src/emulator/control-loop';
import { createSimulatedNodes } from '../src/emulator/nodes/index';
import { openStore } from '../src/emulator/store/index';

const NODES = Number(process.argv[2] ?? 500);
const PODS = Number(process.argv[3] ?? 10_000);
const RUNS = Number(process.argv[4] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function once(run: number): Promise<{ seconds: number; cpu: number }> {
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
  console.log(`run ${run}: ${PODS} pods on ${NODES} nodes Running in ${seconds.toFixed(1)} s (${(PODS / seconds).toFixed(0)} pods/s), cpu ${((c.user + c.system) / 1e6).toFixed(1)} s`);
  nodes.stop();
  ctx.informers.stop();
  api.stop();
  await store.close();
  return { seconds, cpu: (c.user + c.system) / 1e6 };
}

async function main(): Promise<void> {
  const results = [];
  for (let r = 1; r <= RUNS; r++) results.push(await once(r));
  const s = median(results.map((x) => x.seconds));
  console.log(`median: ${s.toFixed(1)} s to Running = ${(PODS / s).toFixed(0)} pods/s; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}

void main();
