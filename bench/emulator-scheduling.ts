// End-to-end scheduling throughput of the emulator's kube-scheduler loop, in the style of
// scheduler_perf's SchedulingBasic: N nodes (created through the API, no kubelets, as
// scheduler_perf's fake nodes), M pods with cpu/memory requests created through the API
// while the scheduler runs; time from the first create to the last Binding written.
// Traces on, kept in the 5,000-entry SchedulingTrace ring. Prints medians of several runs.
// mode=precreated: the pods exist before the scheduler becomes active (scheduler_perf's
// measured phase: the scheduler's own throughput, Binding and event writes included).
//   node --import tsx bench/emulator-scheduling.ts [nodes=5000] [pods=10000] [runs=3] [shape=basic] [mode=e2e|precreated]
import { RealClock } from '../src/kube/clock';
import { ApiServer } from '../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../src/emulator/apiserver/system-objects';
import { defaultModules } from '../src/emulator/cluster';
import { LoopbackClient } from '../src/emulator/client/loopback-client';
import { R } from '../src/emulator/client/paths';
import { SharedInformers } from '../src/emulator/client/shared-informers';
import type { ControlLoopContext } from '../src/emulator/control-loop';
import { KubeScheduler } from '../src/emulator/scheduler';
import { SchedulingTraceRing } from '../src/emulator/scheduling/trace-ring';
import { openStore } from '../src/emulator/store/index';
import { benchNodes, benchPods, median, type PodShape } from './scheduler-workloads';

const [nodesArg, podsArg, runsArg, shapeArg, modeArg] = process.argv.slice(2);
const precreated = modeArg === 'precreated';
const numNodes = Number(nodesArg ?? 5000);
const numPods = Number(podsArg ?? 10000);
const runs = Number(runsArg ?? 3);
const shape = (shapeArg ?? 'basic') as PodShape;

async function inBatches<T>(items: T[], size: number, f: (x: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(f));
}

async function once(): Promise<{ podsPerSecond: number; cpuMsPerPod: number; scheduled: number; heapMB: number; traces: number }> {
  const clock = new RealClock();
  const store = await openStore({});
  const api = new ApiServer({ store, clock, modules: defaultModules() });
  await bootstrapClusterObjects(api);
  const client = new LoopbackClient(api, 'bench');
  await inBatches(benchNodes(numNodes), 500, async (n) => {
    await client.create(R.nodes, { apiVersion: 'v1', kind: 'Node', ...n });
    await client.patch({ ...R.nodes, name: n.metadata.name }, { status: n.status }, 'merge').catch(() => undefined);
  });
  const ctx: ControlLoopContext = {
    client: (c) => new LoopbackClient(api, c),
    informers: new SharedInformers(new LoopbackClient(api, 'shared-informers'), { clock }),
    clock,
    log: () => undefined,
  };
  const ring = new SchedulingTraceRing(5000, clock);
  const scheduler = new KubeScheduler(ctx, {
    onTrace: (t) => ring.record(t),
    onPodDeleted: (p) => ring.forgetPod(p.metadata.namespace ?? 'default', p.metadata.name ?? '', p.metadata.uid),
  });
  scheduler.start();
  await ctx.informers.start();
  const pods = benchPods(numPods, shape).map((p) => ({ apiVersion: 'v1', kind: 'Pod', ...p, metadata: { ...p.metadata, namespace: 'default' } }));
  if (precreated) {
    scheduler.setActive(false);
    await inBatches(pods, 200, (p) => client.create({ ...R.pods, namespace: 'default' }, p));
    while (scheduler.queue.pending().active < numPods) await new Promise((r) => setTimeout(r, 5));
  }
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  if (precreated) scheduler.setActive(true);
  else await inBatches(pods, 200, (p) => client.create({ ...R.pods, namespace: 'default' }, p));
  const deadline = Date.now() + 300_000;
  while (scheduler.counters.scheduled + scheduler.counters.unschedulable < numPods || !scheduler.idle()) {
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuMsPerPod = (cpu.user + cpu.system) / 1000 / numPods;
  const heapMB = process.memoryUsage().heapUsed / 2 ** 20;
  const scheduled = scheduler.counters.scheduled;
  scheduler.stop();
  ctx.informers.stop();
  api.stop();
  await store.close();
  return { podsPerSecond: scheduled / seconds, cpuMsPerPod, scheduled, heapMB, traces: ring.size };
}

async function main(): Promise<void> {
  const results = [];
  for (let r = 0; r < runs; r++) {
    const x = await once();
    results.push(x);
    console.log(`run ${r + 1}: ${x.podsPerSecond.toFixed(0)} pods/s end to end, ${x.cpuMsPerPod.toFixed(3)} ms CPU per pod, scheduled ${x.scheduled}/${numPods}, traces kept ${x.traces}, heap ${x.heapMB.toFixed(0)} MB`);
  }
  console.log(`median: ${median(results.map((x) => x.podsPerSecond)).toFixed(0)} pods/s, ${median(results.map((x) => x.cpuMsPerPod)).toFixed(3)} ms CPU per pod (nodes=${numNodes} pods=${numPods} shape=${shape} mode=${precreated ? 'precreated' : 'e2e'} traces=on runs=${runs})`);
}

void main();
