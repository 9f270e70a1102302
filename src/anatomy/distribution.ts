// Which kind of cluster this is, from what nodes and pods reveal, and what that means for
// where the control plane lives: in pods we can see (kubeadm, the bundled emulator),
// inside the k3s server process, or hidden by a cloud provider (EKS, GKE, AKS).

import { CONTROL_PLANE_COMPONENTS, type ControlPlaneComponentName } from '../cluster/control-plane.js';
import type { ClusterModel, ControlPlaneComponentView } from '../cluster/model.js';
import type { NodeRecord } from '../cluster/projections.js';

export type DistributionKind = 'emulator' | 'eks' | 'gke' | 'aks' | 'k3s' | 'kubeadm' | 'unknown';

/** Where the control-plane components run, as far as the API can tell. */
export type ControlPlaneHosting = 'pods' | 'managed' | 'embedded' | 'unknown';

export interface Distribution {
  kind: DistributionKind;
  /** For the tree's root: `kubeadm`, `k3s`, `Amazon EKS`... */
  title: string;
  controlPlane: ControlPlaneHosting;
  /** What gave it away, for the hover. */
  evidence: string;
}

/** The label the bundled emulator puts on its nodes. */
export const EMULATED_NODE_LABEL = 'cluster-anatomy.dev/emulated';

export interface DistributionInput {
  nodes: Iterable<NodeRecord>;
  /** Control-plane pods seen (static/mirror pods with component labels). */
  controlPlanePods: number;
  /** `/version` gitVersion, when known. */
  serverVersion?: string;
}

function labelWithPrefix(n: NodeRecord, prefix: string): string | undefined {
  return Object.keys(n.labels).find((k) => k.startsWith(prefix));
}

function detectOnNode(n: NodeRecord): Distribution | undefined {
  if (n.labels[EMULATED_NODE_LABEL] === 'true') {
    return { kind: 'emulator', title: 'Cluster Anatomy emulator', controlPlane: 'pods', evidence: `node ${n.name} has label ${EMULATED_NODE_LABEL}=true` };
  }
  const v = n.kubeletVersion ?? '';
  const eks = labelWithPrefix(n, 'eks.amazonaws.com/');
  if (eks || v.includes('-eks-')) {
    return { kind: 'eks', title: 'Amazon EKS', controlPlane: 'managed', evidence: eks ? `node ${n.name} has label ${eks}` : `kubelet ${v} is an EKS build` };
  }
  const gke = labelWithPrefix(n, 'cloud.google.com/gke-');
  if (gke || /-gke\./.test(v)) {
    return { kind: 'gke', title: 'Google GKE', controlPlane: 'managed', evidence: gke ? `node ${n.name} has label ${gke}` : `kubelet ${v} is a GKE build` };
  }
  const aks = labelWithPrefix(n, 'kubernetes.azure.com/');
  if (aks) return { kind: 'aks', title: 'Azure AKS', controlPlane: 'managed', evidence: `node ${n.name} has label ${aks}` };
  if (n.labels['node.kubernetes.io/instance-type'] === 'k3s' || v.includes('+k3s')) {
    return { kind: 'k3s', title: 'k3s', controlPlane: 'embedded', evidence: v.includes('+k3s') ? `kubelet ${v} is a k3s build` : `node ${n.name} has label node.kubernetes.io/instance-type=k3s` };
  }
  return undefined;
}

export function detectDistribution(input: DistributionInput): Distribution {
  let kubeadmNode: NodeRecord | undefined;
  for (const n of input.nodes) {
    const found = detectOnNode(n);
    if (found) return found;
    if (!kubeadmNode && n.annotationKeys.some((k) => k.startsWith('kubeadm.alpha.kubernetes.io/'))) kubeadmNode = n;
  }
  const v = input.serverVersion ?? '';
  if (v.includes('-eks-')) return { kind: 'eks', title: 'Amazon EKS', controlPlane: 'managed', evidence: `server ${v} is an EKS build` };
  if (/-gke\./.test(v)) return { kind: 'gke', title: 'Google GKE', controlPlane: 'managed', evidence: `server ${v} is a GKE build` };
  if (v.includes('+k3s')) return { kind: 'k3s', title: 'k3s', controlPlane: 'embedded', evidence: `server ${v} is a k3s build` };
  if (kubeadmNode) {
    return { kind: 'kubeadm', title: 'kubeadm', controlPlane: input.controlPlanePods > 0 ? 'pods' : 'unknown', evidence: `node ${kubeadmNode.name} has kubeadm annotations` };
  }
  if (input.controlPlanePods > 0) {
    return { kind: 'kubeadm', title: 'kubeadm', controlPlane: 'pods', evidence: 'the control plane runs as static pods labelled component=..., tier=control-plane' };
  }
  return { kind: 'unknown', title: 'Kubernetes', controlPlane: 'unknown', evidence: 'no control-plane pods and no known distribution labels' };
}

/** How a control-plane component is present in this cluster, for the tree and hovers. */
export type ComponentPresence =
  | { kind: 'pods'; count: number }
  | { kind: 'managed'; note: string }
  | { kind: 'embedded'; note: string }
  | { kind: 'absent'; note: string };

export function componentPresence(component: ControlPlaneComponentName, distribution: Distribution, podCount: number): ComponentPresence {
  if (podCount > 0) return { kind: 'pods', count: podCount };
  if (distribution.controlPlane === 'managed') return { kind: 'managed', note: `managed by the provider (${distribution.title}); health observable through /readyz` };
  if (distribution.controlPlane === 'embedded') {
    const where = component === 'etcd' ? 'embedded in the k3s server (etcd or SQLite through kine)' : 'embedded in the k3s server';
    return { kind: 'embedded', note: `${where}; health observable through /readyz` };
  }
  if (component === 'cloud-controller-manager') return { kind: 'absent', note: 'not running: this cluster is not integrated with a cloud provider' };
  return { kind: 'absent', note: 'no pod found: it may run outside Kubernetes (e.g. a systemd service); health observable through /readyz' };
}

/** Shown in the tree: cloud-controller-manager only when present (or managed). */
export function isComponentListed(component: ControlPlaneComponentName, presence: ComponentPresence): boolean {
  return component !== 'cloud-controller-manager' || presence.kind !== 'absent';
}

function* nodeRecords(model: ClusterModel): Iterable<NodeRecord> {
  for (const name of model.nodeNames()) yield model.node(name)!.record;
}

/** Detects the distribution of what a connection's model holds (stops at the first telling node). */
export function detectClusterDistribution(model: ClusterModel, serverVersion?: string): Distribution {
  const controlPlanePods = model.controlPlane().reduce((n, c) => n + c.instances.length, 0);
  return detectDistribution({ nodes: nodeRecords(model), controlPlanePods, serverVersion });
}

export interface ControlPlaneEntry {
  view: ControlPlaneComponentView;
  presence: ComponentPresence;
}

/** The tree's "Control Plane" children: each listed component with its instances or why it has none. */
export function controlPlaneEntries(model: ClusterModel, distribution: Distribution): ControlPlaneEntry[] {
  const out: ControlPlaneEntry[] = [];
  for (const name of CONTROL_PLANE_COMPONENTS) {
    const view = model.controlPlaneComponent(name);
    const presence = componentPresence(name, distribution, view.instances.length);
    if (isComponentListed(name, presence)) out.push({ view, presence });
  }
  return out;
}
