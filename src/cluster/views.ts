// What the model hands to views: change sets and derived views of nodes and components.

import type { AddOnName, ControlPlaneComponentName, ProxyClassification } from './control-plane.js';
import type { LeaseRecord, NodeRecord, PodRecord } from './projections.js';

/** What changed since the last flush; the tree refreshes exactly these elements. */
export interface ChangeSet {
  /** Nodes added, removed, or whose own fields, pod list or kube-proxy changed. */
  nodes: ReadonlySet<string>;
  /** True when nodes were added or removed (the node list itself must be refreshed). */
  nodeListChanged: boolean;
  /** Pods (namespace/name) added, modified or removed. */
  pods: ReadonlySet<string>;
  components: ReadonlySet<ControlPlaneComponentName>;
  addOns: ReadonlySet<AddOnName>;
  /** The list of pods without a node changed. */
  unscheduled: boolean;
  /** The stale flag flipped (reconnecting / recovered). */
  staleChanged: boolean;
  /** Every list of a kind has now arrived (e.g. pods after nodes: counts are final). */
  syncedChanged?: boolean;
}

export interface ProxyView extends ProxyClassification {
  pod: PodRecord;
}

export interface NodeView {
  name: string;
  record: NodeRecord;
  podCount: number;
  /** kube-proxy, or what replaces it, running on this node. */
  proxy?: ProxyView;
  /** renewTime of the node's Lease in kube-node-lease: the kubelet's heartbeat. */
  heartbeat?: number;
  nodeLease?: LeaseRecord;
}

export interface ComponentInstance {
  nodeName: string;
  pod: PodRecord;
  /** For leader-elected components when their Lease is known. */
  election?: 'leader' | 'standby';
}

export interface ControlPlaneComponentView {
  name: ControlPlaneComponentName;
  /** Sorted by node name. */
  instances: ComponentInstance[];
  lease?: LeaseRecord;
  /** Host part of the Lease holder identity (`whale1` from `whale1_<uuid>`). */
  leaderHost?: string;
}

export interface EtcdMembership {
  members: number;
  readyMembers: number;
  quorumSize: number;
  hasQuorum: boolean;
}

/** Byte order of namespace then name, as etcd keys /registry/pods/<ns>/<name> come back from a list. */
export function byNamespaceThenName(a: PodRecord, b: PodRecord): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function isPodReady(p: PodRecord): boolean {
  return p.phase === 'Running' && p.totalContainers > 0 && p.readyContainers === p.totalContainers && !p.deleting;
}
