// The trace view's decision table for one attempt at 5,000 nodes (issue 8, target <= 50 ms):
// a recorded SchedulingTrace -> DecisionTable (+ summary sentence), for a pod that fits
// everywhere (all 5,000 nodes scored) and for one that 3,997 nodes reject.
//   node --import tsx bench/trace-decision.ts [nodes=5000] [runs=21]
import { makeNode, makePod } from '../test/unit/scheduler/fixtures';
import { newFramework, scheduleOne, Snapshot, type SchedulingTrace } from '../src/scheduler';
import { decisionTable } from '../src/trace/decision';
import { podJourney } from '../src/trace/journey';

const [nodesArg, runsArg] = process.argv.slice(2);
const numNodes = Number(nodesArg ?? 5000);
const runs = Number(runsArg ?? 21);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function traceFor(rejected: number): SchedulingTrace {
  const nodes = Array.from({ length: numNodes }, (_, i) => makeNode(`node-${i}`, { cpu: i < rejected ? '1' : '8', labels: { 'topology.kubernetes.io/zone': `z${i % 3}` } }));
  const snap = Snapshot.from({ nodes });
  const { trace } = scheduleOne(newFramework({ percentageOfNodesToScore: 100 }), snap, makePod('web', { cpu: '2', memory: '1Gi' }), { assume: false });
  // As the view receives it: a record read back from the API.
  return JSON.parse(JSON.stringify(trace));
}

const allNodeNames = Array.from({ length: numNodes }, (_, i) => `node-${i}`);
for (const [label, rejected] of [['all feasible', 0], ['3,997 rejected', Math.min(3997, numNodes - 3)]] as const) {
  const trace = traceFor(rejected);
  const ms: number[] = [];
  // CPU time as well: on the shared machine wall time includes waiting for a core.
  const cpuMs: number[] = [];
  let rows = 0;
  let summary = '';
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    const table = decisionTable(trace, 'recorded', { allNodeNames });
    const used = process.cpuUsage(c);
    ms.push(performance.now() - t);
    cpuMs.push((used.user + used.system) / 1000);
    rows = table.rows.length;
    summary = table.summary;
  }
  const bytes = JSON.stringify(decisionTable(trace, 'recorded')).length;
  console.log(`${label}: decisionTable median ${median(ms).toFixed(1)} ms wall, ${median(cpuMs).toFixed(1)} ms CPU (wall min ${Math.min(...ms).toFixed(1)}, max ${Math.max(...ms).toFixed(1)}) over ${runs} runs; ${rows} rows; table JSON ${(bytes / 1e6).toFixed(2)} MB`);
  console.log(`  summary: ${summary}`);
}

// The journey is rebuilt on every live update: a pod with 30 failed attempts and 50 events.
const pod = { metadata: { name: 'web', uid: 'u', creationTimestamp: '2026-01-01T10:00:00Z' }, spec: {}, status: { phase: 'Pending' } };
const events = Array.from({ length: 50 }, (_, i) => ({ metadata: { name: `e${i}` }, reason: i % 2 ? 'FailedScheduling' : 'Pulling', message: `m${i}`, firstTimestamp: '2026-01-01T10:00:01Z', count: 3, source: { component: 'kubelet' } }));
const traces = Array.from({ length: 30 }, (_, i) => ({ attempt: i + 1, outcome: 'Unschedulable', startTime: new Date(Date.UTC(2026, 0, 1, 10, 0, i)).toISOString(), message: i % 5 ? 'same' : `other ${i}` }));
const jms: number[] = [];
for (let r = 0; r < runs; r++) {
  const t = performance.now();
  podJourney({ pod, events, traces, now: Date.UTC(2026, 0, 1, 10, 5) });
  jms.push(performance.now() - t);
}
console.log(`podJourney (30 attempts, 50 events): median ${median(jms).toFixed(2)} ms`);
