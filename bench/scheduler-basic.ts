// SchedulingBasic-style throughput of the pure scheduling library: N nodes, M pods with
// cpu/memory requests, each scheduled with scheduleOne and assumed, traces on and recorded
// in the emulator's SchedulingTraceRing (5,000 attempts, as the emulator keeps them), so the
// figure includes what retaining traces costs (recording, GC). Prints medians of several runs.
//   node --import tsx bench/scheduler-basic.ts [nodes=5000] [pods=10000] [runs=5] [shape=basic] [trace=on]
import { newFramework, scheduleOne, Snapshot } from '../src/scheduler';
import { SchedulingTraceRing } from '../src/emulator/scheduling/trace-ring';
import { benchNodes, benchPods, benchReplicaSets, median, type PodShape } from './scheduler-workloads';

const [nodesArg, podsArg, runsArg, shapeArg, traceArg] = process.argv.slice(2);
const numNodes = Number(nodesArg ?? 5000);
const numPods = Number(podsArg ?? 10000);
const runs = Number(runsArg ?? 5);
const shape = (shapeArg ?? 'basic') as PodShape;
const trace = (traceArg ?? 'on') !== 'off';

function once(): { podsPerSecond: number; podsPerCpuSecond: number; scheduled: number; p99ms: number; retainedMB: number } {
  const snapshot = Snapshot.from({ nodes: benchNodes(numNodes), replicaSets: shape === 'replicaset' ? benchReplicaSets() : [] });
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
  `median: ${median(results.map((x) => x.podsPerSecond)).toFixed(0)} pods/s, ${median(results.map((x) => x.podsPerCpuSecond)).toFixed(0)} pods per cpu-second (nodes=${numNodes} pods=${numPods} shape=${shape} trace=${trace ? 'on' : 'off'} runs=${runs}), p99 ${median(results.map((x) => x.p99ms)).toFixed(2)} ms`,
);
