// Reconstruction on a real cluster's model (issue 8): a 5,000-node / 150,000-pod cluster is
// projected into slim records and folded into ClusterModel as a connection does; then the
// SchedulingSnapshot is built from the records (once), one pod's decision is reconstructed
// over all nodes, changes are caught up incrementally, and a 100-replica what-if runs on
// the same shared snapshot. Prints the model's heap, the snapshot's, and medians.
//
//   node --expose-gc --import tsx bench/trace-reconstruct.ts [nodes=5000] [pods=150000] [runs=7]

import * as os from 'node:os';
import { ClusterModel } from '../src/cluster/model.js';
import { StringInterner, projectNode, projectPod } from '../src/cluster/projections.js';
import { SharedValues, projectPodScheduling } from '../src/cluster/scheduling-fields.js';
import type { KubeObject } from '../src/kube/object.js';
import type { Pod } from '../src/scheduler/index.js';
import { reconstructDecision, SchedulingSnapshot, whatIf } from '../src/trace/index.js';

const NODES = Number(process.argv[2] ?? 5000);
const PODS = Number(process.argv[3] ?? 150_000);
const RUNS = Number(process.argv[4] ?? 7);
const PAGE = 500;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc so heap figures are after a full GC');
  process.exit(1);
}
function heapMB(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let rv = 1;
const iso = '2026-01-01T12:00:00Z';
const IMAGES = Array.from({ length: 30 }, (_, k) => ({ names: [`registry.example.com/team/app-${k}@sha256:${String(k).padStart(64, '0')}`, `registry.example.com/team/app-${k}:v1`], sizeBytes: 20_000_000 + k * 15_000_000 }));

function rawNode(i: number): KubeObject {
  const name = `node-${String(i).padStart(5, '0')}`;
  const size = i % 3;
  const alloc = { cpu: ['4', '8', '16'][size], memory: ['16Gi', '32Gi', '64Gi'][size], pods: '110', 'ephemeral-storage': '95Gi', 'hugepages-2Mi': '0' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `0b1c2d3e-${i}`,
      resourceVersion: String(rv++),
      creationTimestamp: iso,
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'topology.kubernetes.io/zone': `zone-${i % 3}`, 'node.kubernetes.io/instance-type': ['m5.xlarge', 'm5.2xlarge', 'm5.4xlarge'][size], ...(i < 3 ? { 'node-role.kubernetes.io/control-plane': '' } : {}) },
    },
    spec: { podCIDR: `10.${i >> 8}.${i & 255}.0/24`, ...(i < 3 ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}) },
    status: {
      capacity: alloc,
      allocatable: alloc,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: iso, lastTransitionTime: iso }],
      addresses: [{ type: 'InternalIP', address: `10.0.${i >> 8}.${i & 255}` }],
      nodeInfo: { kubeletVersion: 'v1.34.1', containerRuntimeVersion: 'containerd://1.7.13', osImage: 'Ubuntu 24.04 LTS', kernelVersion: '6.8.0' },
      images: Array.from({ length: 10 }, (_, k) => IMAGES[(i + k * 7) % IMAGES.length]),
    },
  };
}

/** 150 Deployments of 1,000 replicas; every 20th Deployment spreads over zones, every 50th keeps replicas apart. */
function rawPod(i: number, nodeCount: number): Pod {
  const d = Math.floor(i / 1000);
  const ns = `team-${d % 50}`;
  const name = `web-${d}-7d9f8c6b5-${i.toString(36).padStart(5, '0')}`;
  const app = `web-${d}`;
  const affinity =
    d % 50 === 7
      ? { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' } }] } }
      : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      uid: `5f6e7d8c-9b0a-4c1d-8e2f-${String(i).padStart(12, '0')}`,
      resourceVersion: String(rv++),
      creationTimestamp: iso,
      labels: { app, 'pod-template-hash': '7d9f8c6b5' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `web-${d}-7d9f8c6b5`, uid: 'abc', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeName: `node-${String(3 + (i % (nodeCount - 3))).padStart(5, '0')}`,
      priority: 0,
      schedulerName: 'default-scheduler',
      containers: [{ name: 'web', image: `registry.example.com/team/app-${d % 30}:v1`, resources: { requests: { cpu: `${50 + (d % 4) * 25}m`, memory: `${64 + (d % 3) * 64}Mi` } } }],
      ...(affinity ? { affinity } : {}),
      ...(d % 20 === 3 ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app } } }] } : {}),
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    },
    status: { phase: 'Running', containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: { startedAt: iso } } }] },
  };
}

const baseline = heapMB();
const strings = new StringInterner();
const model = new ClusterModel();
let t = performance.now();
const nodeRecords = [];
for (let start = 0; start < NODES; start += PAGE) {
  const page = JSON.stringify({ items: Array.from({ length: Math.min(PAGE, NODES - start) }, (_, k) => rawNode(start + k)) });
  for (const o of JSON.parse(page).items) nodeRecords.push(projectNode(o, strings));
}
model.replaceNodes(nodeRecords);
nodeRecords.length = 0;
const podRecords = [];
for (let start = 0; start < PODS; start += PAGE) {
  const page = JSON.stringify({ items: Array.from({ length: Math.min(PAGE, PODS - start) }, (_, k) => rawPod(start + k, NODES)) });
  for (const o of JSON.parse(page).items) podRecords.push(projectPod(o, strings));
}
model.replacePods(podRecords);
podRecords.length = 0;
model.flush();
const foldMs = performance.now() - t;
const counts = `${model.nodeCount} nodes, ${model.podCount} pods`;
const modelHeap = heapMB() - baseline;

const shared = new SchedulingSnapshot(model);
t = performance.now();
shared.current();
const buildMs = performance.now() - t;
const snapshotHeap = heapMB() - baseline - modelHeap;

// Reconstruct pods of different Deployments (plain, spread over zones, preferred anti-affinity).
const subjects = [0, 3_500, 7_250, 23_100, 57_000, 99_999, 149_000].map((i) => rawPod(i % PODS, NODES));
const reconstructMs: number[] = [];
for (let r = 0; r < RUNS; r++) {
  for (const pod of subjects) {
    const s = performance.now();
    const rec = reconstructDecision(shared, pod, { random: () => 0.99 });
    reconstructMs.push(performance.now() - s);
    if (rec.allNodeNames.length !== NODES || rec.trace.evaluatedNodes?.length !== NODES) throw new Error('a reconstruction evaluates every node');
  }
}

// Catching up with watch events: 2,000 pods moved/added/deleted, then the next reconstruction.
const catchUpMs: number[] = [];
for (let r = 0; r < RUNS; r++) {
  for (let k = 0; k < 1000; k++) {
    const p = rawPod(PODS + r * 1000 + k, NODES);
    model.applyPod('ADDED', projectPod(p, strings));
    const old = rawPod((r * 7919 + k * 31) % PODS, NODES);
    model.applyPod('MODIFIED', projectPod({ ...old, status: { phase: 'Running', containerStatuses: [] } }, strings));
  }
  model.flush();
  const s = performance.now();
  shared.current();
  catchUpMs.push(performance.now() - s);
}

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'what-if', namespace: 'default' },
  spec: {
    replicas: 100,
    selector: { matchLabels: { app: 'what-if' } },
    template: {
      metadata: { labels: { app: 'what-if' } },
      spec: {
        containers: [{ name: 'app', image: 'registry.example.com/team/app-3:v1', resources: { requests: { cpu: '250m', memory: '256Mi' } } }],
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'what-if' } } }],
      },
    },
  },
};
const requestedTotal = () => shared.current().nodeInfos().reduce((sum, ni) => sum + ni.requested.milliCPU, 0);
const before = requestedTotal();
const whatIfMs: number[] = [];
let placed = 0;
for (let r = 0; r < Math.min(RUNS, 5); r++) {
  const s = performance.now();
  const result = whatIf(shared, [deployment], { defaultNamespace: 'default' });
  whatIfMs.push(performance.now() - s);
  placed = result.placements.filter((p) => p.nodeName).length;
}
if (requestedTotal() !== before) throw new Error('the what-if changed the shared snapshot');

// What the scheduling fields add to projecting one watched pod (same run, fresh interners).
const sample = Array.from({ length: 20_000 }, (_, i) => rawPod(i * 7, NODES));
const projectUs: number[] = [];
const schedulingUs: number[] = [];
for (let r = 0; r < 5; r++) {
  const interner = new StringInterner();
  let s = performance.now();
  for (const p of sample) projectPod(p, interner);
  projectUs.push(((performance.now() - s) * 1000) / sample.length);
  const values = new SharedValues();
  s = performance.now();
  for (const p of sample) projectPodScheduling(p, values);
  schedulingUs.push(((performance.now() - s) * 1000) / sample.length);
}

console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`cluster: ${counts}; generate + parse + project + fold ${foldMs.toFixed(0)} ms`);
console.log(`model heap retained after GC (records incl. scheduling fields): ${modelHeap.toFixed(1)} MB`);
console.log(`projectPod per pod: median ${median(projectUs).toFixed(2)} µs, of which the scheduling fields ${median(schedulingUs).toFixed(2)} µs`);
console.log(`SchedulingSnapshot first build: ${buildMs.toFixed(0)} ms, its heap ${snapshotHeap.toFixed(1)} MB`);
console.log(`reconstructDecision, all ${NODES} nodes evaluated and scored: median ${median(reconstructMs).toFixed(1)} ms, max ${Math.max(...reconstructMs).toFixed(1)} ms (${reconstructMs.length} runs over ${subjects.length} pods)`);
console.log(`catch-up of 2,000 pod changes before the next use: median ${median(catchUpMs).toFixed(1)} ms`);
console.log(`what-if, 100-replica Deployment on the shared snapshot: median ${median(whatIfMs).toFixed(0)} ms (${placed} placed; shared snapshot unchanged)`);
