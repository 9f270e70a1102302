// The extension's uses of the library (issue 8): reconstructing one pod's decision from a
// fresh snapshot of 5,000 nodes / 10,000 pods, and a what-if of a 100-replica Deployment.
//   node --import tsx bench/scheduler-whatif.ts [nodes=5000] [pods=10000] [runs=5]
import { newFramework, scheduleOne, simulate, Snapshot } from '../src/scheduler';
import { benchNodes, benchPods, median } from './scheduler-workloads';

const [nodesArg, podsArg, runsArg] = process.argv.slice(2);
const numNodes = Number(nodesArg ?? 5000);
const numPods = Number(podsArg ?? 10000);
const runs = Number(runsArg ?? 5);

const nodes = benchNodes(numNodes);
// Existing pods already bound round-robin, as a model of a running cluster would hold them.
const existing = benchPods(numPods, 'basic', 'running').map((p, i) => ({ ...p, spec: { ...p.spec, nodeName: `node-${i % numNodes}` } }));

const snapshotMs: number[] = [];
const reconstructMs: number[] = [];
const whatIfMs: number[] = [];
for (let r = 0; r < runs; r++) {
  let t = performance.now();
  const snap = Snapshot.from({ nodes, pods: existing });
  snapshotMs.push(performance.now() - t);

  t = performance.now();
  const fresh = Snapshot.from({ nodes, pods: existing });
  const { trace } = scheduleOne(newFramework({ percentageOfNodesToScore: 100 }), fresh, benchPods(1, 'basic', 'traced')[0], { assume: false });
  reconstructMs.push(performance.now() - t);
  if (trace.scores?.nodes.length !== numNodes) throw new Error('reconstruction should score every node');

  t = performance.now();
  const replicas = benchPods(100, 'topology-spread', 'whatif');
  const placed = simulate(snap, replicas);
  whatIfMs.push(performance.now() - t);
  const pending = placed.filter((p) => p.result.outcome !== 'Scheduled').length;
  console.log(
    `run ${r + 1}: snapshot ${snapshotMs[r].toFixed(0)} ms, reconstruction (snapshot + all ${numNodes} nodes scored) ${reconstructMs[r].toFixed(0)} ms, what-if 100 replicas ${whatIfMs[r].toFixed(0)} ms (${pending} pending)`,
  );
}
console.log(
  `median (nodes=${numNodes} pods=${numPods} runs=${runs}): snapshot ${median(snapshotMs).toFixed(0)} ms, reconstruction ${median(reconstructMs).toFixed(0)} ms, what-if 100 replicas ${median(whatIfMs).toFixed(0)} ms`,
);
