// SchedulingBasic-style throughput of the pure scheduling library: N nodes, M pods with
// cpu/memory requests, each scheduled with scheduleOne and assumed, traces on and recorded
// in the emulator's SchedulingTraceRing (5,000 attempts, as the emulator keeps them), so the
// figure includes what retaining traces costs (recording, GC). Prints medians of several runs.
//   node --import tsx bench/scheduler-basic.ts [nodes=5000] [pods=10000] [runs=5] [shape=basic] [trace=on]
// BENCH_SCATTER_MB=<MB>: build the snapshot as the emulator's heap holds it, each node's objects
// (Node, NodeInfo, Resources, image Map) separated from the next by MB/nodes of live ballast, so
// per-node reads miss the cache as they do on the emulator's 1-3 GB heap (default 0: compact).
import { newFramework, scheduleOne, Snapshot, type Node } from '../src/scheduler';
import { SchedulingTraceRing } from '../src/emulator/scheduling/trace-ring';
import { benchNodes, benchPods, benchReplicaSets, median, type PodShape } from './scheduler-workloads';

const [nodesArg, podsArg, runsArg, shapeArg, traceArg] = process.argv.slice(2);
const numNodes = Number(nodesArg ?? 5000);
const numPods = Number(podsArg ?? 10000);
const runs = Number(runsArg ?? 5);
const shape = (shapeArg ?? 'basic') as PodShape;
const trace = (traceArg ?? 'on') !== 'off';
const scatterMB = Number(process.env.BENCH_SCATTER_MB ?? 0);

/** Nodes added one by one, each after a chunk of retained ballast (arrays of doubles: cheap for the GC to mark). */
function scatteredSnapshot(nodes: Node[], ballast: unknown[]): Snapshot {
  const s = new Snapshot();
  const doubles = Math.floor((scatterMB * 2 ** 20) / nodes.length / 8);
  for (const n of nodes) {
    ballast.push(new Array<number>(doubles).fill(0.5));
    s.addNode(structuredClone(n));
  }
  return s;
}

function once(): { podsPerSecond: number; podsPerCpuSecond: number; scheduled: number; p99ms: number; retainedMB: number } {
  const ballast: unknown[] = [];
  const nodes = benchNodes(numNodes);
  const snapshot = scatterMB > 0 ? scatteredSnapshot(nodes, ballast) : Snapshot.from({ nodes });
  if (shape === 'replicaset') snapshot.replicaSets = benchReplicaSets();
  const fw = newFramework({ trace });
  const pods = benchPods(numPods, shape);
  const ring = new SchedulingTraceRing(Number(process.env.RING ?? 5000));
  const durations: number[] = [];
  let scheduled = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < pods.length; i++) {
    const s = performance.now();
    const { result, trace: t } = scheduleOne(fw, snapshot, pods[i]);
    durations.push(performance.now() - s);
    ring.record(t);
    if (result.outcome === 'Scheduled') scheduled++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  durations.sort((a, b) => a - b);
  const retainedMB = process.memoryUsage().heapUsed / 2 ** 20;
  ballast.length = 0;
  return { podsPerSecond: numPods / seconds, podsPerCpuSecond: numPods / cpuSeconds, scheduled, p99ms: durations[Math.floor(durations.length * 0.99)], retainedMB };
}

const results = [];
for (let r = 0; r < runs; r++) {
  const x = once();
  results.push(x);
  console.log(
    `run ${r + 1}: ${x.podsPerSecond.toFixed(0)} pods/s (${x.podsPerCpuSecond.toFixed(0)} per cpu-second), scheduled ${x.scheduled}/${numPods}, p99 ${x.p99ms.toFixed(2)} ms, heap ${x.retainedMB.toFixed(0)} MB`,
  );
}
console.log(
  `median: ${median(results.map((x) => x.podsPerSecond)).toFixed(0)} pods/s, ${median(results.map((x) => x.podsPerCpuSecond)).toFixed(0)} pods per cpu-second (nodes=${numNodes} pods=${numPods} shape=${shape} trace=${trace ? 'on' : 'off'} runs=${runs}${scatterMB ? ` scatter=${scatterMB}MB` : ''}), p99 ${median(results.map((x) => x.p99ms)).toFixed(2)} ms`,
);
