// Builders for nodes and pods in scheduler tests: only the fields a test cares about.
import type { AnyPlugin, Node, Pod, Taint, Toleration } from '../../../src/scheduler';
import { CycleState, inTreeRegistry, isStatus, newFramework, podInfoOf, Snapshot } from '../../../src/scheduler';
import { FakeClock } from '../../../src/kube/clock';

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: Array<{ names: string[]; sizeBytes: number }>;
  extended?: Record<string, string>;
}

export function makeNode(name: string, o: NodeOptions = {}): Node {
  const allocatable: Record<string, string> = { cpu: o.cpu ?? '4', memory: o.memory ?? '32Gi', pods: String(o.pods ?? 110), ...(o.extended ?? {}) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { capacity: allocatable, allocatable, images: o.images ?? [] },
  };
}

export interface PodOptions {
  namespace?: string;
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  priority?: number;
  tolerations?: Toleration[];
  image?: string;
  spec?: Partial<Pod['spec']>;
  extended?: Record<string, string>;
  hostPort?: number;
  startTime?: string;
}

let uid = 0;

export function makePod(name: string, o: PodOptions = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  Object.assign(requests, o.extended ?? {});
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', uid: `uid-${name}-${++uid}`, labels: o.labels ?? {} },
    spec: {
      containers: [
        {
          name: 'c',
          image: o.image ?? 'nginx',
          resources: Object.keys(requests).length ? { requests } : {},
          ...(o.hostPort ? { ports: [{ containerPort: 80, hostPort: o.hostPort }] } : {}),
        },
      ],
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.spec ?? {}),
    },
    status: { phase: o.nodeName ? 'Running' : 'Pending', ...(o.startTime ? { startTime: o.startTime } : {}) },
  };
}

export const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

/** The seed's cluster: whale1 (control plane, tainted), whale2, whale3. */
export function seedNodes(o: NodeOptions = {}): Node[] {
  return [
    makeNode('whale1', { ...o, taints: [CONTROL_PLANE_TAINT], labels: { 'node-role.kubernetes.io/control-plane': '' } }),
    makeNode('whale2', o),
    makeNode('whale3', o),
  ];
}

/** A framework with deterministic tie-breaking (always the first of equal nodes). */
export function testFramework(options: Parameters<typeof newFramework>[0] = {}) {
  return newFramework(options);
}

export const first = (): number => 0.99;
export const clock = () => new FakeClock(Date.UTC(2026, 0, 1));
export { Snapshot };

/** One in-tree plugin built on a framework whose snapshot is `snap`. */
export function pluginOn(name: string, snap: Snapshot, args?: unknown): AnyPlugin {
  const fw = newFramework({ trace: false });
  fw.useSnapshot(snap);
  return inTreeRegistry[name](fw, args);
}

/** Runs PreFilter then Filter on every node: node name -> "ok", "skip" or "Code: reasons". */
export function runFilter(plugin: AnyPlugin, snap: Snapshot, pod: Pod): Record<string, string> {
  const state = new CycleState();
  const pi = podInfoOf(pod);
  const out: Record<string, string> = {};
  if (plugin.preFilter) {
    const r = plugin.preFilter(state, pi, snap.nodeInfos());
    if (r && isStatus(r)) {
      if (r.code === 'Skip') {
        for (const ni of snap.nodeInfos()) out[ni.name] = 'skip';
        return out;
      }
      if (r.code !== 'Success') {
        for (const ni of snap.nodeInfos()) out[ni.name] = `PreFilter ${r.code}: ${r.reasons.join(', ')}`;
        return out;
      }
    }
  }
  for (const ni of snap.nodeInfos()) {
    const s = plugin.filter!(state, pi, ni);
    out[ni.name] = !s || s.code === 'Success' ? 'ok' : `${s.code}: ${s.reasons.join(', ')}`;
  }
  return out;
}

/** Runs PreScore, Score and NormalizeScore over every node: name -> score, or "skip". */
export function runScore(plugin: AnyPlugin, snap: Snapshot, pod: Pod): Record<string, number> | 'skip' {
  const state = new CycleState();
  const pi = podInfoOf(pod);
  const nodes = snap.nodeInfos();
  if (plugin.preScore) {
    const s = plugin.preScore(state, pi, nodes);
    if (s && s.code === 'Skip') return 'skip';
  }
  const scores = nodes.map((ni) => plugin.score!(state, pi, ni) as number);
  plugin.normalizeScore?.(state, pi, nodes, scores);
  return Object.fromEntries(nodes.map((ni, i) => [ni.name, scores[i]]));
}
