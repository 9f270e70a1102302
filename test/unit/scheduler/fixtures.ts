// Builders for nodes and pods in scheduler tests: only the fields a test cares about.
import type { Node, Pod, Taint, Toleration } from '../../../src/scheduler';
import { newFramework, Snapshot } from '../../../src/scheduler';
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
