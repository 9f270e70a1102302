// The Node object a kubelet registers and the status it reports, with kubeadm's labels and
// annotations and the kubelet's condition reasons and messages.
import type { KubeObject } from '../../kube/object';
import type { SimulatedNodeSpec } from '../control-plane/topology';
import { CRI_SOCKET, stableHex, type ContainerRuntime } from './container-runtime';

export const KUBELET_VERSION = 'v1.34.1';
export const KERNEL_VERSION = '6.1.0-28-amd64';
export const OS_IMAGE = 'Debian GNU/Linux 12 (bookworm)';
export const KUBELET_PORT = 10250;
/** kubelet's nodeStatusMaxImages: status.images lists at most this many (largest first). */
const MAX_IMAGES = 50;

const DEFAULT_CAPACITY = { cpu: '2', memory: '8148224Ki', pods: '110', 'ephemeral-storage': '61202244Ki' };
/** kubelet's default hard eviction thresholds, subtracted from capacity (memory.available<100Mi, nodefs.available<10%). */
const EVICTION_MEMORY_KI = 100 * 1024;

export interface NodeAddresses {
  internalIP: string;
  podCIDR: string;
}

/** Default addresses for the node at `index` in the topology (0-based). */
export function defaultAddresses(index: number): NodeAddresses {
  // Like kind's docker network: 172.18.0.2, 172.18.0.3, ...
  const host = index + 2;
  return {
    internalIP: `172.18.${Math.floor(host / 256) % 256}.${host % 256}`,
    podCIDR: `10.${244 + Math.floor(index / 256)}.${index % 256}.0/24`,
  };
}

export function nodeCapacity(spec: SimulatedNodeSpec): Record<string, string> {
  return { ...DEFAULT_CAPACITY, ...(spec.capacity ?? {}), 'hugepages-1Gi': '0', 'hugepages-2Mi': '0' };
}

export function nodeAllocatable(capacity: Record<string, string>): Record<string, string> {
  const memKi = kibibytes(capacity.memory);
  const diskKi = kibibytes(capacity['ephemeral-storage']);
  return {
    ...capacity,
    memory: `${Math.max(0, memKi - EVICTION_MEMORY_KI)}Ki`,
    'ephemeral-storage': String(Math.floor(diskKi * 1024 * 0.9)),
  };
}

function kibibytes(q: string): number {
  const m = /^(\d+)(Ki|Mi|Gi|Ti)?$/.exec(q);
  if (!m) return 0;
  return Number(m[1]) * ({ '': 1 / 1024, Ki: 1, Mi: 1024, Gi: 1024 ** 2, Ti: 1024 ** 3 }[m[2] ?? ''] ?? 1);
}

export function nodeLabels(spec: SimulatedNodeSpec): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': spec.name,
    'kubernetes.io/os': 'linux',
  };
  if (spec.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  return { ...labels, ...(spec.labels ?? {}) };
}

/** The Node as the kubelet registers it (kubeadm flags: taints, cri-socket annotation). */
export function registrationObject(spec: SimulatedNodeSpec, addr: NodeAddresses): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      labels: nodeLabels(spec),
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': CRI_SOCKET,
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: addr.podCIDR,
      podCIDRs: [addr.podCIDR],
      ...(spec.taints && spec.taints.length > 0 ? { taints: spec.taints.map((t) => ({ ...t })) } : {}),
    },
  };
}

export interface NodeConditionState {
  ready: boolean;
  /** When each condition last changed, by type. */
  transitions: Record<string, string>;
}

const CONDITIONS: { type: string; ok: [string, string] }[] = [
  { type: 'MemoryPressure', ok: ['KubeletHasSufficientMemory', 'kubelet has sufficient memory available'] },
  { type: 'DiskPressure', ok: ['KubeletHasNoDiskPressure', 'kubelet has no disk pressure'] },
  { type: 'PIDPressure', ok: ['KubeletHasSufficientPID', 'kubelet has sufficient PID available'] },
];

/** status.conditions as the kubelet posts them; `transitions` holds lastTransitionTime per type. */
export function nodeConditions(heartbeat: string, transitions: Record<string, string>): unknown[] {
  const list: unknown[] = CONDITIONS.map((c) => ({
    type: c.type,
    status: 'False',
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: transitions[c.type] ?? heartbeat,
    reason: c.ok[0],
    message: c.ok[1],
  }));
  list.push({
    type: 'Ready',
    status: 'True',
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: transitions.Ready ?? heartbeat,
    reason: 'KubeletReady',
    message: 'kubelet is posting ready status',
  });
  return list;
}

/** The full status a kubelet reports (capacity, conditions, nodeInfo, images). */
export function nodeStatus(spec: SimulatedNodeSpec, addr: NodeAddresses, runtime: ContainerRuntime, heartbeat: string, transitions: Record<string, string>): Record<string, unknown> {
  const capacity = nodeCapacity(spec);
  return {
    capacity,
    allocatable: nodeAllocatable(capacity),
    conditions: nodeConditions(heartbeat, transitions),
    addresses: [
      { type: 'InternalIP', address: addr.internalIP },
      { type: 'Hostname', address: spec.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo: {
      machineID: stableHex(`machine/${spec.name}`),
      systemUUID: uuid(stableHex(`system/${spec.name}`)),
      bootID: uuid(stableHex(`boot/${spec.name}`)),
      kernelVersion: KERNEL_VERSION,
      osImage: OS_IMAGE,
      containerRuntimeVersion: spec.containerRuntimeVersion ?? runtime.version,
      kubeletVersion: spec.kubeletVersion ?? KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
    images: runtime.listImages().slice(0, MAX_IMAGES).map((i) => ({ names: [i.digestRef, i.ref], sizeBytes: i.sizeBytes })),
  };
}

function uuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
