import { newFramework, scheduleOne, Snapshot, compactTrace, NodeNameTable } from '../src/scheduler';
import { benchNodes, benchPods } from './scheduler-workloads';
const snapshot = Snapshot.from({ nodes: benchNodes(5000) });
const fw = newFramework();
const all = benchPods(5000, 'basic').map((p) => scheduleOne(fw, snapshot, p).trace);
for (let r = 0; r < 4; r++) {
  const table = new NodeNameTable();
  const c0 = process.cpuUsage();
  for (const t of all) compactTrace(t, table);
  const c = process.cpuUsage(c0);
  console.log('compact', ((c.user + c.system) / all.length).toFixed(1), 'us cpu');
}
