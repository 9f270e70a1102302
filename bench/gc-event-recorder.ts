// What the event recorder keeps per involved object (its LRU of 4,096 objects lives for
// seconds at scale: medium-lived data every scavenge copies and then promotes), and its CPU per
// event. A kubelet's pod gets Pulled, Created and Started; the client is a stub that answers at once.
// Memory: an LRU sized to hold all objects; CPU: the default LRU (4,096), so most inserts evict.
//   node --expose-gc --import tsx bench/gc-event-recorder.ts [objects=20000] [runs=5]
import { loadavg } from 'node:os';
import { RealClock } from '../src/kube/clock';
import type { KubeObject } from '../src/kube/object';
import type { LoopbackClient } from '../src/emulator/client/loopback-client';
import { ApiEventRecorder, recorderForHost, type EventRecorder } from '../src/emulator/controllers/events';

const OBJECTS = Number(process.argv[2] ?? 20_000);
const RUNS = Number(process.argv[3] ?? 5);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const answered = Promise.resolve(undefined);
const write = (): Promise<undefined> => answered;
const client = { noResult: { create: write, patch: write } } as unknown as LoopbackClient;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function once(): Promise<{ bytesPerObject: number; usPerEvent: number }> {
  const recorder = new ApiEventRecorder(client, 'kubelet', new RealClock(), undefined, { cacheSize: OBJECTS });
  const pods: KubeObject[] = [];
  for (let i = 0; i < OBJECTS; i++) pods.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${i}`, namespace: 'scale', uid: `uid-${String(i).padStart(8, '0')}`, resourceVersion: String(i) } });
  await new Promise((r) => setImmediate(r));
  gc!();
  const before = process.memoryUsage().heapUsed;
  record(recorderForHost(recorder, 'node-1'), pods);
  await new Promise((r) => setImmediate(r));
  gc!();
  const after = process.memoryUsage().heapUsed;
  // The recorder must still be reachable here, or its memory would not be counted.
  if (!recorder) throw new Error('unreachable');
  const evicting = recorderForHost(new ApiEventRecorder(client, 'kubelet', new RealClock()), 'node-1');
  const c0 = process.cpuUsage();
  record(evicting, pods);
  const c = process.cpuUsage(c0);
  return { bytesPerObject: (after - before) / OBJECTS, usPerEvent: (c.user + c.system) / OBJECTS / 3 };
}

function record(kubelet: EventRecorder, pods: KubeObject[]): void {
  for (const pod of pods) {
    kubelet.event(pod, 'Normal', 'Pulled', 'Container image "nginx:1.29" already present on machine', { fieldPath: 'spec.containers{app}' });
    kubelet.event(pod, 'Normal', 'Created', 'Created container: app', { fieldPath: 'spec.containers{app}' });
    kubelet.event(pod, 'Normal', 'Started', 'Started container app', { fieldPath: 'spec.containers{app}' });
  }
}

async function main(): Promise<void> {
  const rs = [];
  for (let r = 0; r < RUNS; r++) rs.push(await once());
  console.log(`recorder keeps ${median(rs.map((r) => r.bytesPerObject)).toFixed(0)} bytes per object (3 events), ${median(rs.map((r) => r.usPerEvent)).toFixed(2)} us CPU per event; load ${loadavg()[0]!.toFixed(2)}`);
}

void main();
