// Folds a 5,000-node / 150,000-pod cluster into the ClusterModel, as a connection does:
// pages of 500 raw objects are JSON-parsed, projected into slim records and folded; then
// watch events are applied one by one. Prints the model's retained heap and the median
// per-event update time.
//
//   node --expose-gc --import tsx bench/model-fold.ts [nodes] [pods]

import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { ClusterModel } from '../src/cluster/model.js';
import type { KubeObject } from '../src/kube/object.js';
import { StringInterner, projectLease, projectNode, projectPod } from '../src/cluster/projections.js';

const NODES = Number(process.argv[2] ?? 5000);
const PODS = Number(process.argv[3] ?? 150_000);
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

let rv = 1;
const iso = '2026-01-01T12:00:00Z';

function rawNode(i: number) {
  const name = `node-${String(i).padStart(5, '0')}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `0b1c2d3e-${i}`,
      resourceVersion: String(rv++),
      creationTimestamp: iso,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/zone': `zone-${i % 3}`,
        ...(i < 3 ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
        'cluster-anatomy.dev/emulated': 'true',
      },
      annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock', 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { podCIDR: `10.${i >> 8}.${i & 255}.0/24` },
    status: {
      capacity: { cpu: '8', memory: '32Gi', pods: '110', 'ephemeral-storage': '100Gi' },
      allocatable: { cpu: '8', memory: '31Gi', pods: '110', 'ephemeral-storage': '95Gi' },
      conditions: ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => ({
        type,
        status: type === 'Ready' ? 'True' : 'False',
        reason: type === 'Ready' ? 'KubeletReady' : 'KubeletHasSufficient',
        message: 'kubelet is posting ready status',
        lastHeartbeatTime: iso,
        lastTransitionTime: iso,
      })),
      addresses: [{ type: 'InternalIP', address: `10.0.${i >> 8}.${i & 255}` }, { type: 'Hostname', address: name }],
      nodeInfo: { kubeletVersion: 'v1.34.1', kubeProxyVersion: 'v1.34.1', containerRuntimeVersion: 'containerd://1.7.13', osImage: 'Ubuntu 24.04 LTS', kernelVersion: '6.8.0', operatingSystem: 'linux', architecture: 'amd64' },
    },
  };
}

function rawPod(i: number, nodeCount: number, phase = 'Running'): KubeObject {
  const ns = `team-${i % 50}`;
  const name = `web-${Math.floor(i / 1000)}-7d9f8c6b5-${i.toString(36).padStart(5, '0')}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: name.slice(0, -5),
      namespace: ns,
      uid: `5f6e7d8c-9b0a-4c1d-8e2f-${String(i).padStart(12, '0')}`,
      resourceVersion: String(rv++),
      creationTimestamp: iso,
      labels: { app: `web-${Math.floor(i / 1000)}`, 'pod-template-hash': '7d9f8c6b5' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: name.slice(0, -6), uid: 'abc', controller: true, blockOwnerDeletion: true }],
      managedFields: [{ manager: 'kube-controller-manager', operation: 'Update' as const, apiVersion: 'v1', time: iso, fieldsType: 'FieldsV1' as const, fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:containers': {} } } }],
    },
    spec: {
      nodeName: `node-${String(i % nodeCount).padStart(5, '0')}`,
      priority: 0,
      schedulerName: 'default-scheduler',
      containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { requests: { cpu: '100m', memory: '128Mi' } }, env: [{ name: 'MODE', value: 'prod' }] }],
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    },
    status: {
      phase,
      conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({ type, status: 'True', lastTransitionTime: iso })),
      hostIP: '10.0.0.1',
      podIP: `10.244.${(i >> 8) & 255}.${i & 255}`,
      startTime: iso,
      containerStatuses: [{ name: 'web', ready: phase === 'Running', restartCount: 0, image: 'nginx:1.27', imageID: 'docker.io/library/nginx@sha256:0123', containerID: 'containerd://abc', started: true, state: { running: { startedAt: iso } } }],
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

const baseline = heapMB();
const strings = new StringInterner();
const model = new ClusterModel();

// Initial lists, page by page, as JSON text from the wire.
let bytes = 0;
const t0 = performance.now();
const nodes = [];
for (let start = 0; start < NODES; start += PAGE) {
  const page = JSON.stringify({ items: Array.from({ length: Math.min(PAGE, NODES - start) }, (_, k) => rawNode(start + k)) });
  bytes += page.length;
  for (const o of JSON.parse(page).items) nodes.push(projectNode(o, strings));
}
model.replaceNodes(nodes);
const pods = [];
let parseMs = 0;
for (let start = 0; start < PODS; start += PAGE) {
  const page = JSON.stringify({ items: Array.from({ length: Math.min(PAGE, PODS - start) }, (_, k) => rawPod(start + k, NODES)) });
  bytes += page.length;
  const p0 = performance.now();
  for (const o of JSON.parse(page).items) pods.push(projectPod(o, strings));
  parseMs += performance.now() - p0;
}
const f0 = performance.now();
model.replacePods(pods);
const foldMs = performance.now() - f0;
model.replaceLeases('kube-node-lease', nodes.map((n) => projectLease({ metadata: { name: n.name, namespace: 'kube-node-lease', resourceVersion: String(rv++) }, spec: { holderIdentity: n.name, leaseDurationSeconds: 40, renewTime: iso } })));
model.flush();
const totalMs = performance.now() - t0;
pods.length = 0;
nodes.length = 0;
const heap = heapMB() - baseline;

// Per-event updates: pods changing phase, pods added and deleted, node heartbeats.
const modify: number[] = [];
const addDelete: number[] = [];
const heartbeat: number[] = [];
const EVENTS = 20_000;
const modifiedRaw = Array.from({ length: EVENTS }, (_, k) => rawPod((k * 7919) % PODS, NODES, k % 2 ? 'Running' : 'Failed'));
for (const raw of modifiedRaw) {
  const s = performance.now();
  model.applyPod('MODIFIED', projectPod(raw, strings));
  modify.push(performance.now() - s);
}
for (let k = 0; k < EVENTS; k++) {
  const raw = rawPod(PODS + k, NODES);
  const s = performance.now();
  const r = projectPod(raw, strings);
  model.applyPod('ADDED', r);
  model.applyPod('DELETED', r);
  addDelete.push((performance.now() - s) / 2);
}
for (let k = 0; k < EVENTS; k++) {
  const name = `node-${String(k % NODES).padStart(5, '0')}`;
  const raw = { metadata: { name, namespace: 'kube-node-lease', resourceVersion: String(rv++) }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: iso } };
  const s = performance.now();
  model.applyLease('MODIFIED', projectLease(raw, strings));
  heartbeat.push(performance.now() - s);
}
const fl0 = performance.now();
const cs = model.flush();
const flushMs = performance.now() - fl0;

// Reading what an expanded node shows, and the node list.
const reads: number[] = [];
for (let k = 0; k < 1000; k++) {
  const s = performance.now();
  model.podsOnNode(`node-${String((k * 31) % NODES).padStart(5, '0')}`);
  reads.push(performance.now() - s);
}
const nl0 = performance.now();
model.nodeNames();
model.controlPlane();
const listMs = performance.now() - nl0;

const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
console.log(`cluster: ${model.nodeCount} nodes, ${model.podCount} pods (${(bytes / 1024 / 1024).toFixed(0)} MB of list JSON)`);
console.log(`initial lists (generate + JSON.parse + project + fold): ${totalMs.toFixed(0)} ms; pods parse+project ${parseMs.toFixed(0)} ms; replacePods fold ${foldMs.toFixed(0)} ms`);
console.log(`model heap retained after GC: ${heap.toFixed(1)} MB (${((heap * 1024 * 1024) / model.podCount).toFixed(0)} B per pod incl. nodes)`);
console.log(`pod MODIFIED (project + fold): median ${us(median(modify))}, p99 ${us(percentile(modify, 0.99))}`);
console.log(`pod ADDED/DELETED (per event):  median ${us(median(addDelete))}, p99 ${us(percentile(addDelete, 0.99))}`);
console.log(`node heartbeat Lease MODIFIED:  median ${us(median(heartbeat))}, p99 ${us(percentile(heartbeat, 0.99))}`);
console.log(`flush of ${EVENTS * 3} events: ${flushMs.toFixed(2)} ms, ${cs?.pods.size ?? 0} pods / ${cs?.nodes.size ?? 0} nodes changed`);
console.log(`podsOnNode (30 pods, cached sort): median ${us(median(reads))}; nodeNames + controlPlane: ${listMs.toFixed(1)} ms`);
