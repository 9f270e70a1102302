// The simulated cluster's shape: which nodes exist and what each runs. Default: the seed's
// cluster (whale1 control plane, whale2 and whale3 workers); --nodes, --control-planes and
// --profile change it. The kubelets (src/emulator/nodes) read SimulatedNodeSpec.
import type { KubeObject } from '../../kube/object';
import { controlPlaneStaticPods } from './static-pod-manifests';

export interface SimulatedNodeSpec {
  /** The node's name, e.g. "whale1". */
  name: string;
  /** A control-plane node: labelled node-role.kubernetes.io/control-plane. */
  controlPlane?: boolean;
  /** Extra labels on the Node (cluster-anatomy.dev/emulated, zone, profile-specific roles). */
  labels?: Record<string, string>;
  /** Taints registered with the Node (kubeadm: control-plane NoSchedule). */
  taints?: { key: string; value?: string; effect: string }[];
  /** Node capacity; defaults: cpu 2, memory 8Gi, pods 110, ephemeral-storage 60Gi. */
  capacity?: { cpu?: string; memory?: string; pods?: string; 'ephemeral-storage'?: string };
  /** The node's InternalIP; default derived from its position. */
  internalIP?: string;
  /** The node's pod CIDR, e.g. "10.244.1.0/24"; default derived from its position. */
  podCIDR?: string;
  /** Static pod manifests (as in /etc/kubernetes/manifests); the kubelet creates mirror pods. */
  staticPods?: KubeObject[];
  /** status.nodeInfo.kubeletVersion when it differs from the default (k3s: "v1.34.1+k3s1"). */
  kubeletVersion?: string;
  /** status.nodeInfo.containerRuntimeVersion when it differs from the default. */
  containerRuntimeVersion?: string;
}

export type ClusterProfile = 'kubeadm' | 'k3s' | 'managed';
export const CLUSTER_PROFILES: readonly ClusterProfile[] = ['kubeadm', 'k3s', 'managed'];

export const EMULATED_LABEL = 'cluster-anatomy.dev/emulated';
export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface TopologyOptions {
  /** All nodes, control planes included (default 3: whale1..whale3). */
  nodes?: number;
  /** Control-plane nodes among them (default 1). */
  controlPlanes?: number;
  profile?: ClusterProfile;
  /** Spread nodes over this many zones (default 1: no zone label). */
  zones?: number;
  /** Node name prefix (default "whale", as in the seed). */
  namePrefix?: string;
}

export interface ClusterTopology {
  profile: ClusterProfile;
  /** Nodes that get a kubelet and a Node object, control planes first. */
  nodes: SimulatedNodeSpec[];
  /** Control-plane node names visible in the API (none for managed clusters). */
  controlPlaneNodes: string[];
  /** The control-plane members that run etcd/apiserver/scheduler/controller-manager (named even when hidden). */
  controlPlaneMembers: string[];
  /** Things the user should hear about (e.g. an even number of etcd members). */
  warnings: string[];
}

export const K3S_VERSION_SUFFIX = '+k3s1';

/** The cluster to simulate for the given flags. */
export function clusterTopology(options: TopologyOptions = {}): ClusterTopology {
  const profile = options.profile ?? 'kubeadm';
  const controlPlanes = Math.max(1, options.controlPlanes ?? 1);
  const prefix = options.namePrefix ?? 'whale';
  const warnings: string[] = [];
  if (controlPlanes % 2 === 0) {
    warnings.push(
      `${controlPlanes} control planes: an even number of etcd members tolerates no more failures than ${controlPlanes - 1} (quorum is ${Math.floor(controlPlanes / 2) + 1})`,
    );
  }
  const zones = Math.max(1, options.zones ?? 1);
  const withZone = (i: number, labels: Record<string, string>): Record<string, string> =>
    zones > 1 ? { ...labels, [ZONE_LABEL]: `zone-${String.fromCharCode(97 + (i % zones))}` } : labels;
  const members = Array.from({ length: controlPlanes }, (_, i) => `${prefix}${i + 1}`);
  if (profile === 'managed') {
    // Managed clusters (EKS, GKE, AKS) hide the control plane: only workers are nodes.
    const total = Math.max(1, options.nodes ?? 3);
    const nodes = Array.from({ length: total }, (_, i) => ({ ...workerSpec(`${prefix}-worker${i + 1}`, withZone(i, {})), ...nodeAddresses(i) }));
    return { profile, nodes, controlPlaneNodes: [], controlPlaneMembers: members.map((m) => `${m}-hidden`), warnings };
  }
  const total = Math.max(controlPlanes, options.nodes ?? 3);
  if (options.nodes !== undefined && options.nodes < controlPlanes) warnings.push(`--nodes ${options.nodes} is below --control-planes ${controlPlanes}: using ${controlPlanes} nodes`);
  const nodes: SimulatedNodeSpec[] = [];
  for (let i = 0; i < total; i++) {
    const name = `${prefix}${i + 1}`;
    const labels = withZone(i, {});
    if (i < controlPlanes) nodes.push(profile === 'k3s' ? k3sServerSpec(name, labels) : kubeadmControlPlaneSpec(name, labels, members));
    else nodes.push(profile === 'k3s' ? k3sAgentSpec(name, labels) : workerSpec(name, labels));
    Object.assign(nodes[i], nodeAddresses(i));
  }
  return { profile, nodes, controlPlaneNodes: members, controlPlaneMembers: members, warnings };
}

/** Addresses by position in the whole cluster (kind-like 172.18.0.2, ...; pod CIDR 10.244.<i>.0/24). */
export function nodeAddresses(index: number): { internalIP: string; podCIDR: string } {
  const host = index + 2;
  return {
    internalIP: `172.18.${Math.floor(host / 256) % 256}.${host % 256}`,
    podCIDR: `10.${244 + Math.floor(index / 256)}.${index % 256}.0/24`,
  };
}

function workerSpec(name: string, labels: Record<string, string>): SimulatedNodeSpec {
  return { name, labels: { ...labels, [EMULATED_LABEL]: 'true' } };
}

/** kubeadm: control-plane label and NoSchedule taint, the four static pods. */
function kubeadmControlPlaneSpec(name: string, labels: Record<string, string>, members: string[]): SimulatedNodeSpec {
  return {
    name,
    controlPlane: true,
    labels: { ...labels, [EMULATED_LABEL]: 'true', [CONTROL_PLANE_LABEL]: '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' },
    taints: [{ key: CONTROL_PLANE_LABEL, effect: 'NoSchedule' }],
    staticPods: controlPlaneStaticPods(name, members),
  };
}

/** k3s: the server runs the control plane embedded in one process (no pods), untainted. */
function k3sServerSpec(name: string, labels: Record<string, string>): SimulatedNodeSpec {
  return {
    name,
    controlPlane: true,
    labels: {
      ...labels,
      [EMULATED_LABEL]: 'true',
      [CONTROL_PLANE_LABEL]: 'true',
      'node-role.kubernetes.io/master': 'true',
      'node.kubernetes.io/instance-type': 'k3s',
      'beta.kubernetes.io/instance-type': 'k3s',
    },
    kubeletVersion: `v1.34.1${K3S_VERSION_SUFFIX}`,
    containerRuntimeVersion: 'containerd://1.7.23-k3s2',
  };
}

function k3sAgentSpec(name: string, labels: Record<string, string>): SimulatedNodeSpec {
  return {
    name,
    labels: { ...labels, [EMULATED_LABEL]: 'true', 'node.kubernetes.io/instance-type': 'k3s', 'beta.kubernetes.io/instance-type': 'k3s' },
    kubeletVersion: `v1.34.1${K3S_VERSION_SUFFIX}`,
    containerRuntimeVersion: 'containerd://1.7.23-k3s2',
  };
}
