// Memory of retained SchedulingTrace records: N nodes, M SchedulingBasic pods scheduled
// with traces on, each attempt's trace (a) dropped, (b) kept as the full object as the ring
// kept it before (the last 5,000), (c) recorded in the SchedulingTraceRing (packed: the last
// 5,000 attempts plus each pod's latest within the byte budget). One process per mode; the
// live heap (plus array buffers) after a full GC minus mode (a)'s gives the bytes per kept record. Also prints
// the CPU of ring.record per attempt.
//   node --expose-gc --import tsx bench/scheduler-trace-memory.ts [nodes=5000] [pods=5000]
import { spawnSync } from 'node:child_process';
import { newFramework, scheduleOne, Snapshot, type SchedulingTrace } from '../src/scheduler';
import { SchedulingTraceRing } from '../src/emulator/scheduling/trace-ring';
import { benchNodes, benchPods } from './scheduler-workloads';

const [nodesArg, podsArg, modeArg] = process.argv.slice(2);
const numNodes = Number(nodesArg ?? 5000);
const numPods = Number(podsArg ?? 5000);

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  // Typed arrays keep their data outside the heap: count it too.
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function child(mode: string): void {
  const snapshot = Snapshot.from({ nodes: benchNodes(numNodes) });
  const fw = newFramework();
  const pods = benchPods(numPods, 'basic');
  const full: SchedulingTrace[] = [];
  const ring = new SchedulingTraceRing(5000);
  let recordMs = 0;
  for (let i = 0; i < pods.length; i++) {
    const { trace } = scheduleOne(fw, snapshot, pods[i]);
    if (mode === 'full') full[i % 5000] = trace;
    else if (mode === 'ring') {
      const t0 = performance.now();
      ring.record(trace);
      recordMs += performance.now() - t0;
    }
  }
  const kept = mode === 'full' ? full.length : mode === 'ring' ? ring.size : 0;
  const estimatedKB = ring.size > 5000 ? ring.retainedBytes / (ring.size - 5000) / 1024 : 0;
  console.log(JSON.stringify({ mode, heap: heapAfterGc(), kept, recordUs: (recordMs * 1000) / numPods, estimatedKB, keep: [full.length, ring.size] }));
}

if (modeArg) child(modeArg);
else {
  const run = (mode: string) => {
    const out = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', process.argv[1], String(numNodes), String(numPods), mode], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(out.stderr);
    return JSON.parse(out.stdout.trim().split('\n').pop()!) as { heap: number; kept: number; recordUs: number; estimatedKB: number };
  };
  const none = run('none');
  for (const mode of ['full', 'ring']) {
    const r = run(mode);
    const bytes = r.heap - none.heap;
    console.log(
      `${mode === 'full' ? 'full objects (before)' : 'packed ring (after) '}: ${r.kept} records, ${(bytes / 2 ** 20).toFixed(1)} MB, ${(bytes / r.kept / 1024).toFixed(2)} KB per record` +
        (mode === 'ring' ? `, ring.record ${r.recordUs.toFixed(1)} us per attempt, the ring's estimate for kept records ${r.estimatedKB.toFixed(2)} KB each` : '') +
        ` (nodes=${numNodes} pods=${numPods})`,
    );
  }
}
