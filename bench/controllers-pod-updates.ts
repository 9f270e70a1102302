// What every controller of the controller-manager spends on pod watch events it does not act
// on: all controllerManagerLoops subscribe to real shared informers (never started, with a
// client that never answers) and the bench feeds the pods informer the four versions a pod
// of the scale bench goes through (created with an owner, bound, Pending with an IP,
// Running), as fresh objects the way a watch decodes them. No Service selects the pods.
// Prints CPU per pod (all four events: the handlers and the queue syncs they cause).
//   node --import tsx bench/controllers-pod-updates.ts [pods=20000] [runs=5]
// For a before/after, copy this file into another checkout's bench/ and run it there.
import { loadavg } from 'node:os';
import { RealClock } from '../src/kube/clock';
import type { KubeObject } from '../src/kube/object';
import type { LoopbackClient } from '../src/emulator/client/loopback-client';
import { R } from '../src/emulator/client/paths';
import { SharedInformers } from '../src/emulator/client/shared-informers';
import type { ControlLoopContext } from '../src/emulator/control-loop';
import { controllerManagerLoops } from '../src/emulator/controllers/index';

const PODS = Number(process.argv[2] ?? 20_000);
const RUNS = Number(process.argv[3] ?? 5);
const BATCH = 500;

/** A client whose every call stays pending: handlers and syncs run, nothing is written. */
function silentClient(): LoopbackClient {
  const pending = (): Promise<never> => new Promise(() => undefined);
  const handler: ProxyHandler<object> = { get: (_t, p) => (p === 'then' ? undefined : p === 'noResult' ? new Proxy({}, handler) : pending) };
  return new Proxy({}, handler) as LoopbackClient;
}

interface Feeder {
  apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject): void;
}

const rsUid = '11111111-2222-3333-4444-555555555555';

/** The pod's JSON at each step, as the informer would decode it (managedFields stripped). */
function versions(i: number, rv: number): string[] {
  const meta = {
    name: `web-7d9f8b-${i}`,
    namespace: 'scale',
    uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    resourceVersion: String(rv),
    creationTimestamp: '2026-11-28T11:00:00Z',
    generateName: 'web-7d9f8b-',
    labels: { app: 'web', 'pod-template-hash': '7d9f8b' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f8b', uid: rsUid, controller: true, blockOwnerDeletion: true }],
  };
  const spec = {
    containers: [{ name: 'app', image: 'nginx:1.29', resources: { requests: { cpu: '10m', memory: '16Mi' } }, terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent' }],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    schedulerName: 'default-scheduler',
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    priority: 0,
  };
  const node = `node-${i % 500}`;
  const t = '2026-11-28T11:00:01Z';
  const v1 = { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec, status: { phase: 'Pending', qosClass: 'Burstable' } };
  const v2 = { ...v1, metadata: { ...meta, resourceVersion: String(rv + 1) }, spec: { ...spec, nodeName: node }, status: { phase: 'Pending', qosClass: 'Burstable', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: t }] } };
  const pending = { phase: 'Pending', hostIP: '10.0.0.1', podIP: `10.244.${i % 250}.${i % 200}`, startTime: t, qosClass: 'Burstable', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: t }, { type: 'Ready', status: 'False', lastTransitionTime: t }] };
  const v3 = { ...v2, metadata: { ...meta, resourceVersion: String(rv + 2) }, status: pending };
  const running = { ...pending, phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: t }, { type: 'Ready', status: 'True', lastTransitionTime: t }], containerStatuses: [{ name: 'app', ready: true, started: true, restartCount: 0, image: 'nginx:1.29', state: { running: { startedAt: t } } }] };
  const v4 = { ...v2, metadata: { ...meta, resourceVersion: String(rv + 3) }, status: running };
  return [v1, v2, v3, v4].map((v) => JSON.stringify(v));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function once(): Promise<{ usPerPod: number }> {
  const clock = new RealClock();
  const client = silentClient();
  const informers = new SharedInformers(client, { clock });
  const ctx: ControlLoopContext = { client: () => client, informers, clock, log: () => undefined };
  const loops = controllerManagerLoops(ctx);
  for (const l of loops) await l.start();
  const pods = informers.for(R.pods) as unknown as Feeder;
  // A Service in another namespace, as kube-dns is: the pods' namespace has none.
  (informers.for(R.services) as unknown as Feeder).apply('ADDED', JSON.parse(JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'dns', namespace: 'kube-system', uid: 'svc', resourceVersion: '1' }, spec: { selector: { k8s: 'dns' }, ports: [{ port: 53 }] } })));
  let cpuUs = 0;
  for (let start = 0; start < PODS; start += BATCH) {
    const texts = [];
    for (let i = start; i < Math.min(PODS, start + BATCH); i++) texts.push(versions(i, 10 + i * 4));
    // Decoding is the informer's cost, not the controllers': done before the clock starts.
    const objs = texts.map((vs) => vs.map((v) => JSON.parse(v) as KubeObject));
    const c0 = process.cpuUsage();
    for (let step = 0; step < 4; step++) {
      for (const o of objs) pods.apply(step === 0 ? 'ADDED' : 'MODIFIED', o[step]!);
      // Let the queues' syncs run, as they would between watch batches.
      await new Promise((r) => setImmediate(r));
    }
    const c = process.cpuUsage(c0);
    cpuUs += c.user + c.system;
  }
  for (const l of loops) l.stop();
  return { usPerPod: cpuUs / PODS };
}

async function main(): Promise<void> {
  const results = [];
  for (let r = 0; r < RUNS; r++) {
    const res = await once();
    results.push(res);
    console.log(`run ${r + 1}: ${res.usPerPod.toFixed(1)} us CPU per pod (4 events)`);
  }
  console.log(`median: ${median(results.map((r) => r.usPerPod)).toFixed(1)} us CPU per pod; load ${loadavg()[0]!.toFixed(2)}`);
  process.exit(0);
}

void main();
