// Bytes the scheduling library allocates per attempt (garbage: nearly all of it dies within
// the attempt), SchedulingBasic-style at N nodes, and the functions that allocate most. In the
// emulator every byte here is young-generation work for the control loops' thread: scavenges
// run once per ~32 MB allocated, and copy whatever is live then.
// Measured with V8's sampling heap profiler, counting objects already collected (so garbage
// shows), one sample per 4 KB on average: figures are estimates within a few percent.
//   node --import tsx bench/scheduler-garbage.ts [nodes=5000] [pods=20000] [trace=on] [ring=off]
// ring=on records every trace in a SchedulingTraceRing as the emulator does, so the packing
// (compact.ts, packed-arrays.ts) is counted too (off by default: figures stay comparable).
import { Session } from 'node:inspector';
import { newFramework, scheduleOne, Snapshot } from '../src/scheduler';
import { SchedulingTraceRing } from '../src/emulator/scheduling/trace-ring';
import { benchNodes, benchPods } from './scheduler-workloads';

interface ProfileNode {
  callFrame: { functionName: string; url: string };
  selfSize: number;
  children: ProfileNode[];
}

const numNodes = Number(process.argv[2] ?? 5000);
const numPods = Number(process.argv[3] ?? 20000);
const trace = (process.argv[4] ?? 'on') !== 'off';
const ring = (process.argv[5] ?? 'off') === 'on' ? new SchedulingTraceRing() : undefined;
const warmup = Math.min(5000, Math.floor(numPods / 4));

const snapshot = Snapshot.from({ nodes: benchNodes(numNodes) });
const fw = newFramework({ trace });
const pods = benchPods(numPods, 'basic');
const attempt = (i: number): void => {
  const { trace: t } = scheduleOne(fw, snapshot, pods[i]);
  ring?.record(t);
};
for (let i = 0; i < warmup; i++) attempt(i);

const session = new Session();
session.connect();
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => session.post(method, params, (err, r) => (err ? reject(err) : resolve(r))));

async function main(): Promise<void> {
  await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  for (let i = warmup; i < numPods; i++) attempt(i);
  const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
  const bySite = new Map<string, number>();
  let total = 0;
  const walk = (n: ProfileNode) => {
    total += n.selfSize;
    const site = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}`;
    if (n.selfSize) bySite.set(site, (bySite.get(site) ?? 0) + n.selfSize);
    n.children.forEach(walk);
  };
  walk(profile.head);
  const attempts = numPods - warmup;
  console.log(`${numNodes} nodes, ${attempts} attempts measured (traces ${trace ? 'on' : 'off'}${ring ? ', recorded in a ring' : ''}): ${(total / attempts / 1024).toFixed(1)} KB allocated per attempt`);
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${(bytes / attempts / 1024).toFixed(1).padStart(6)} KB  ${site}`);
}

void main();
