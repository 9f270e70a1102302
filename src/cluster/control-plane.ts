// How a pod or Lease is recognised as part of the cluster's anatomy: control-plane
// components (kubeadm static pods labelled component=..., tier=control-plane), kube-proxy
// or what replaces it, and leader-election Leases.

import type { LeaseRecord, PodRecord } from './projections.js';

export const CONTROL_PLANE_COMPONENTS = [
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'cloud-controller-manager',
] as const;

export type ControlPlaneComponentName = (typeof CONTROL_PLANE_COMPONENTS)[number];

/** Components with one active replica, elected through a Lease of the same name in kube-system. */
export const LEADER_ELECTED: readonly ControlPlaneComponentName[] = ['kube-scheduler', 'kube-controller-manager', 'cloud-controller-manager'];

const COMPONENT_SET: ReadonlySet<string> = new Set(CONTROL_PLANE_COMPONENTS);

/** Which control-plane component a pod runs, if any. */
export function controlPlaneComponentOf(pod: PodRecord): ControlPlaneComponentName | undefined {
  if (pod.namespace !== 'kube-system') return undefined;
  // kubeadm labels static pods component=<name>, tier=control-plane; some installers use k8s-app.
  if (pod.component && COMPONENT_SET.has(pod.component)) return pod.component as ControlPlaneComponentName;
  if (pod.k8sApp && COMPONENT_SET.has(pod.k8sApp)) return pod.k8sApp as ControlPlaneComponentName;
  // An unlabelled static pod is still named <component>-<node>.
  if (pod.mirror) {
    for (const c of CONTROL_PLANE_COMPONENTS) if (pod.name.startsWith(`${c}-`)) return c;
  }
  return undefined;
}

/** Network proxies that take kube-proxy's place on a node (eBPF or IPVS based). */
export const KUBE_PROXY_REPLACEMENTS = ['cilium', 'kube-router', 'antrea-agent'] as const;

export interface ProxyClassification {
  kind: 'kube-proxy' | 'replacement';
  name: string;
}

/** Whether a pod is the node's kube-proxy (DaemonSet pod) or a replacement for it. */
export function proxyOf(pod: PodRecord): ProxyClassification | undefined {
  if (pod.k8sApp === 'kube-proxy' || pod.component === 'kube-proxy') return { kind: 'kube-proxy', name: 'kube-proxy' };
  if (pod.namespace === 'kube-system' && pod.name.startsWith('kube-proxy-') && (pod.ownerKind === 'DaemonSet' || pod.mirror)) {
    return { kind: 'kube-proxy', name: 'kube-proxy' };
  }
  const app = pod.k8sApp;
  if (app) for (const r of KUBE_PROXY_REPLACEMENTS) if (app === r) return { kind: 'replacement', name: r === 'antrea-agent' ? 'antrea' : r };
  return undefined;
}

/** Cluster add-ons the anatomy shows: CoreDNS (its pods keep the historical k8s-app=kube-dns). */
export type AddOnName = 'coredns';

export function addOnOf(pod: PodRecord): AddOnName | undefined {
  if (pod.namespace === 'kube-system' && (pod.k8sApp === 'kube-dns' || pod.k8sApp === 'coredns')) return 'coredns';
  return undefined;
}

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** `whale1_4f7c...` -> `whale1`: leader election identities are `<hostname>_<uuid>`. */
export function leaseHolderHost(identity: string | undefined): string | undefined {
  if (!identity) return undefined;
  const cut = identity.indexOf('_');
  return cut > 0 ? identity.slice(0, cut) : identity;
}

/** The leader-election Lease a component uses, if it is leader-elected. */
export function leaderLeaseKey(component: ControlPlaneComponentName): string | undefined {
  return LEADER_ELECTED.includes(component) ? `kube-system/${component}` : undefined;
}

export function componentOfLeaderLease(lease: LeaseRecord): ControlPlaneComponentName | undefined {
  if (lease.namespace !== 'kube-system') return undefined;
  return (LEADER_ELECTED as readonly string[]).includes(lease.name) ? (lease.name as ControlPlaneComponentName) : undefined;
}

/** Raft needs a strict majority of members: floor(n/2)+1. */
export function quorumSize(members: number): number {
  return Math.floor(members / 2) + 1;
}
