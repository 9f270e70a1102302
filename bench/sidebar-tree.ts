// The "Architecture" tree's work on a large synthetic model (5,000 nodes, 150,000 pods by
// default), without VS Code: the pure elements and looks are what the TreeDataProvider
// hands over, one to one. Measures (medians of several runs):
// - first render: what VS Code asks for when the view opens: the root, its children, the
//   expanded Control Plane and Nodes levels (groups), and the look of each;
// - expanding one page of 100 nodes, and one node's pods;
// - one watch event (a pod's status changes) to the list of elements to refresh;
// - a burst of 1,000 pod events folded into one change set, to the elements to refresh;
// - a hover: the kube-scheduler and a kubelet tooltip.
//
//   node --import tsx bench/sidebar-tree.ts [nodes] [pods]

import { performance } from 'node:perf_hooks';
import type { ConnectionState } from '../src/cluster/connection.js';
import { ClusterModel } from '../src/cluster/model.js';
import { StringInterner, projectLease, projectNode, projectPod } from '../src/cluster/projections.js';
import { type ArchitectureElement, ArchitectureElements } from '../src/vscode/architecture-elements.js';
import { elementsToRefresh } from '../src/vscode/architecture-changes.js';
import { describeElement } from '../src/vscode/architecture-labels.js';
import { elementTooltip } from '../src/vscode/architecture-tooltips.js';

const NODES = Number(process.argv[2] ?? 5000);
const PODS = Number(process.argv[3] ?? 150_000);
const RUNS = 7;
const NOW = Date.UTC(2026, 0, 1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const iso = (ms: number) => new Date(ms).toISOString();

function nodeObject(name: string, controlPlane: boolean) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, resourceVersion: '1', labels: { 'kubernetes.io/hostname': name, ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}), 'topology.kubernetes.io/zone': `zone-${name.length % 3}` } },
    spec: controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: iso(NOW - 5000) }],
      nodeInfo: { kubeletVersion: 'v1.34.1', containerRuntimeVersion: 'containerd://1.7.24', osImage: 'Debian GNU/Linux 12', kernelVersion: '6.1.0' },
      allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
      addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
    },
  };
}

function podObject(namespace: string, name: string, nodeName: string | undefined, labels: Record<string, string> = {}, ready = true, rv = '1') {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace, name, resourceVersion: rv, labels, creationTimestamp: iso(NOW - 60_000) },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'main', image: 'nginx' }] },
    status: { phase: nodeName ? 'Running' : 'Pending', containerStatuses: nodeName ? [{ name: 'main', ready, restartCount: 0, state: { running: {} } }] : [] },
  };
}

function buildModel(): ClusterModel {
  const strings = new StringInterner();
  const m = new ClusterModel();
  const names: string[] = [];
  const nodes = [];
  for (let i = 0; i < NODES; i++) {
    const name = i < 3 ? `cp-${i}` : `node-${String(i).padStart(5, '0')}`;
    names.push(name);
    nodes.push(projectNode(nodeObject(name, i < 3), strings));
  }
  m.replaceNodes(nodes);
  const pods = [];
  for (let i = 0; i < 3; i++) {
    for (const c of ['etcd', 'kube-apiserver', 'kube-scheduler', 'kube-controller-manager']) pods.push(projectPod(podObject('kube-system', `${c}-cp-${i}`, `cp-${i}`, { component: c, tier: 'control-plane' }), strings));
  }
  for (let i = 0; i < NODES; i++) pods.push(projectPod(podObject('kube-system', `kube-proxy-${i}`, names[i], { 'k8s-app': 'kube-proxy' }), strings));
  for (let i = pods.length; i < PODS; i++) pods.push(projectPod(podObject(`ns-${i % 50}`, `web-${i}`, i % 100 === 0 ? undefined : names[i % NODES]), strings));
  m.replacePods(pods);
  m.replaceLeases('kube-system', ['kube-scheduler', 'kube-controller-manager'].map((n) => projectLease({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { namespace: 'kube-system', name: n, resourceVersion: '1' }, spec: { holderIdentity: 'cp-0_1', leaseDurationSeconds: 15, renewTime: iso(NOW - 2000) } }, strings)));
  m.flush();
  return m;
}

const CONNECTED: ConnectionState = { phase: 'connected', forbidden: [], unauthorized: false };

function newTree(m: ClusterModel): ArchitectureElements {
  return new ArchitectureElements({ contextName: 'bench', model: m, state: CONNECTED, serverVersion: 'v1.34.1', now: () => NOW });
}

/** What VS Code asks for when the view opens: expanded levels and the look of every item. */
function firstRender(t: ArchitectureElements): number {
  let items = 0;
  const visit = (e: ArchitectureElement) => {
    const look = describeElement(t, e);
    items++;
    if (look.collapsible === 'expanded') for (const c of t.children(e)) visit(c);
  };
  for (const r of t.children(undefined)) visit(r);
  return items;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

const built = time(buildModel);
const model = built.value;
console.log(`model: ${NODES} nodes, ${model.podCount} pods (${model.unscheduledCount} unscheduled), built in ${built.ms.toFixed(0)} ms`);

const first: number[] = [];
const page: number[] = [];
const podsOfNode: number[] = [];
const oneEvent: number[] = [];
const burst: number[] = [];
const hover: number[] = [];
let renderedItems = 0;
let refreshed1 = 0;
let refreshedBurst = 0;
for (let run = 0; run < RUNS; run++) {
  const t = newTree(model);
  const r = time(() => firstRender(t));
  first.push(r.ms);
  renderedItems = r.value;
  const nodesEl = t.children(t.root()).find((e) => e.kind === 'nodes')!;
  const worker = t.children(nodesEl).find((e) => describeElement(t, e).label === 'worker')!;
  const pages = t.children(worker);
  const p = time(() => t.children(pages[3]).map((n) => describeElement(t, n)));
  page.push(p.ms);
  const aNode = t.children(pages[3])[0];
  const podsEl = t.children(aNode)[3];
  podsOfNode.push(time(() => t.children(podsEl).map((e) => describeElement(t, e))).ms);

  // One pod's readiness flips: fold, flush, find the elements to refresh.
  const nodeName = aNode.kind === 'node' ? aNode.nodeName : '';
  const victim = model.podsOnNode(nodeName)[1];
  const e1 = time(() => {
    model.applyPod('MODIFIED', projectPod(podObject(victim.namespace, victim.name, nodeName, {}, run % 2 === 0, `rv-${run}`)));
    return elementsToRefresh(t, model.flush()!);
  });
  oneEvent.push(e1.ms);
  refreshed1 = e1.value === 'all' ? -1 : e1.value.length;

  // 1,000 pods spread over ~1,000 nodes, as a rollout or a node outage produces.
  const victims = [...Array(1000).keys()].map((i) => model.pod(`ns-${(10_000 + i) % 50}/web-${10_000 + i}`)).filter((x) => x !== undefined);
  const eb = time(() => {
    for (const v of victims) model.applyPod('MODIFIED', projectPod(podObject(v!.namespace, v!.name, v!.nodeName || undefined, {}, run % 2 === 0, `rvb-${run}`)));
    return elementsToRefresh(t, model.flush()!);
  });
  burst.push(eb.ms);
  refreshedBurst = eb.value === 'all' ? -1 : eb.value.length;

  const cp = t.children(t.root()).find((e) => e.kind === 'controlPlane')!;
  const scheduler = t.children(cp).find((e) => e.kind === 'component' && e.component === 'kube-scheduler')!;
  const kubelet = t.children(aNode)[0];
  hover.push(time(() => [elementTooltip(t, scheduler), elementTooltip(t, kubelet)]).ms);
}

const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
console.log(`first render (root, Control Plane, Nodes groups; ${renderedItems} items): median ${median(first).toFixed(1)} ms`);
console.log(`expand a page of 100 nodes: median ${median(page).toFixed(2)} ms`);
console.log(`expand a node's pods: median ${median(podsOfNode).toFixed(2)} ms`);
console.log(`one pod event -> elements to refresh (${refreshed1}): median ${median(oneEvent).toFixed(2)} ms`);
console.log(`1,000 pod events -> elements to refresh (${refreshedBurst}): median ${median(burst).toFixed(1)} ms`);
console.log(`hover (kube-scheduler + kubelet tooltips): median ${median(hover).toFixed(2)} ms`);
console.log(`heap used after the runs: ${heapMb.toFixed(0)} MB`);
