// The cluster's components as the product explains them: what each does, who talks to
// it, how it is made highly available, its icon, and the edges of who talks to whom.
// Written in the product's own words from the seed post (../shared/seed/SUMMARY.md).

import type { ControlPlaneComponentName } from '../cluster/control-plane.js';

export type NodeComponentName = 'kubelet' | 'kube-proxy' | 'container-runtime';
export type ComponentName = ControlPlaneComponentName | NodeComponentName | 'coredns';

export type Placement = 'control-plane' | 'node' | 'add-on';

export interface ComponentEntry {
  name: ComponentName;
  /** As users see it: `kube-apiserver`, `container runtime`, `CoreDNS`. */
  title: string;
  placement: Placement;
  /** A VS Code codicon id (without `$()`). */
  codicon: string;
  /** One line for tree descriptions and diagram labels. */
  summary: string;
  /** What it does, a few sentences. */
  role: string[];
  /** Who talks to it, and whom it talks to. */
  talksTo: string;
  /** How it scales or survives a failure. */
  highAvailability?: string;
  /** Ordered steps worth showing (the scheduler's three). */
  steps?: string[];
}

export const CATALOGUE: Readonly<Record<ComponentName, ComponentEntry>> = {
  'kube-apiserver': {
    name: 'kube-apiserver',
    title: 'kube-apiserver',
    placement: 'control-plane',
    codicon: 'server-process',
    summary: "The cluster's front desk: the REST API every component reads and writes through",
    role: [
      'Serves the Kubernetes REST API. Every read or write of cluster state, by any component, kubectl or this extension, is a request to it.',
      'It is the only component that touches etcd, so it is where requests are authenticated, authorised, validated and defaulted before anything is stored.',
    ],
    talksTo:
      'Almost all traffic comes in: the scheduler, controllers, kubelets and kube-proxy watch and write through it. It starts only a few connections itself: to etcd, and to kubelets for `kubectl logs`, `exec`, `attach` and `port-forward`.',
    highAvailability: 'Stateless: run several instances behind a load balancer when one cannot absorb the request load; all of them serve at once.',
  },
  etcd: {
    name: 'etcd',
    title: 'etcd',
    placement: 'control-plane',
    codicon: 'database',
    summary: 'The key-value store that holds the whole cluster state',
    role: [
      'A consistent key-value database holding every object of the cluster: nodes, pods, secrets, leases, everything the API returns.',
      'Nothing but kube-apiserver talks to it; keeping one gatekeeper means every change is checked and every watcher sees changes in one order.',
    ],
    talksTo: 'Only kube-apiserver reads and writes it. Its members talk to each other to replicate every write.',
    highAvailability:
      'Several members replicate the data with the Raft consensus algorithm. A write needs a quorum, a strict majority of members, so an odd count is used: 3 members survive 1 failure, 5 survive 2.',
  },
  'kube-scheduler': {
    name: 'kube-scheduler',
    title: 'kube-scheduler',
    placement: 'control-plane',
    codicon: 'target',
    summary: 'Decides which node each new pod runs on',
    role: ['Picks a node for every pod that has none yet, filtering out nodes that cannot run it and scoring the rest.'],
    talksTo: 'Talks only to kube-apiserver: it watches pods and nodes through it and writes its decision back as a binding.',
    highAvailability: 'Several replicas may run, but only one is active: they elect a leader through a Lease (kube-system/kube-scheduler) and the others stand by.',
    steps: [
      'watches, through kube-apiserver, for pods that need a node;',
      'binds the pod to the chosen node through kube-apiserver;',
      "the kubelet on that node sees the pod and actually runs it.",
    ],
  },
  'kube-controller-manager': {
    name: 'kube-controller-manager',
    title: 'kube-controller-manager',
    placement: 'control-plane',
    codicon: 'sync',
    summary: 'Runs the controllers that keep actual state equal to desired state',
    role: [
      'The scheduler only places pods; the controllers make the rest of the cluster converge: each watches one kind of object and acts until reality matches the spec.',
      'Among them: the Node controller (notices nodes that stop reporting), the Job, ReplicaSet and Deployment controllers, the Endpoints controller, and the ServiceAccount and token controllers.',
    ],
    talksTo: 'Talks only to kube-apiserver: every controller watches and writes objects through it.',
    highAvailability: 'Several replicas may run, but only one is active: they elect a leader through a Lease (kube-system/kube-controller-manager).',
  },
  'cloud-controller-manager': {
    name: 'cloud-controller-manager',
    title: 'cloud-controller-manager',
    placement: 'control-plane',
    codicon: 'cloud',
    summary: "Links the cluster to its cloud provider's API",
    role: [
      "Runs the controllers that depend on a cloud: it labels nodes with their zone and instance type, removes nodes whose machine is gone, and creates cloud load balancers for Services of type LoadBalancer.",
      'Only clusters running on a cloud provider have one.',
    ],
    talksTo: "Watches and writes through kube-apiserver, and calls the cloud provider's API.",
    highAvailability: 'Like the controller-manager: several replicas, one leader elected through a Lease.',
  },
  kubelet: {
    name: 'kubelet',
    title: 'kubelet',
    placement: 'node',
    codicon: 'pulse',
    summary: "The node's agent: makes the pods bound to this node actually run",
    role: [
      'Runs on every node, directly on the host rather than in a pod, because it is what starts pods, including the static pods of the control plane from its manifest folder.',
      'Hands each pod\'s containers to the container runtime, runs their probes, and reports node and pod status back.',
    ],
    talksTo:
      'Watches the pods bound to its node and writes their status through kube-apiserver; renews its node Lease as a heartbeat. kube-apiserver calls it for logs, exec, attach and port-forward. It drives the container runtime through CRI.',
    highAvailability: 'One per node. If it stops renewing its Lease, the Node controller marks the node NotReady and eventually evicts its pods.',
  },
  'kube-proxy': {
    name: 'kube-proxy',
    title: 'kube-proxy',
    placement: 'node',
    codicon: 'arrow-swap',
    summary: 'Makes Services reachable: forwards traffic to the right pods',
    role: [
      "Programs the node's packet forwarding (iptables, IPVS or nftables) so that a Service's virtual IP reaches one of its ready pods, from inside and outside the cluster.",
      'Some network plugins (Cilium, kube-router) replace it; a service mesh such as Istio goes further, per request.',
    ],
    talksTo: 'Watches Services and EndpointSlices through kube-apiserver.',
    highAvailability: 'One per node, usually as a DaemonSet pod.',
  },
  'container-runtime': {
    name: 'container-runtime',
    title: 'container runtime',
    placement: 'node',
    codicon: 'package',
    summary: 'Pulls images and runs the containers',
    role: [
      'Pulls images and starts, stops and inspects containers for the kubelet.',
      'containerd and CRI-O speak the Container Runtime Interface (CRI) natively; others plug in through a shim, e.g. cri-dockerd for Docker Engine.',
    ],
    talksTo: 'Only the kubelet on the same node talks to it, through CRI over a local socket.',
  },
  coredns: {
    name: 'coredns',
    title: 'CoreDNS',
    placement: 'add-on',
    codicon: 'globe',
    summary: 'The cluster DNS add-on: resolves Service names to addresses',
    role: ['An add-on, not a core component: it answers DNS queries such as `my-svc.my-namespace.svc.cluster.local` so pods find Services by name.'],
    talksTo: 'Watches Services and EndpointSlices through kube-apiserver; pods query it on port 53.',
    highAvailability: 'A Deployment, usually of two replicas.',
  },
};

export const COMPONENT_ORDER: readonly ComponentName[] = [
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'cloud-controller-manager',
  'kubelet',
  'kube-proxy',
  'container-runtime',
  'coredns',
];

export type EdgePurpose = 'watch and write' | 'store state' | 'logs, exec, attach, port-forward' | 'run containers (CRI)';

export interface ComponentEdge {
  /** The side that opens the connection. */
  from: ComponentName;
  to: ComponentName;
  purpose: EdgePurpose;
}

const API_CLIENTS: readonly ComponentName[] = ['kube-scheduler', 'kube-controller-manager', 'cloud-controller-manager', 'kubelet', 'kube-proxy', 'coredns'];

/** Who talks to whom: every client through kube-apiserver, only kube-apiserver to etcd. */
export const EDGES: readonly ComponentEdge[] = [
  ...API_CLIENTS.map<ComponentEdge>((from) => ({ from, to: 'kube-apiserver', purpose: 'watch and write' })),
  { from: 'kube-apiserver', to: 'etcd', purpose: 'store state' },
  { from: 'kube-apiserver', to: 'kubelet', purpose: 'logs, exec, attach, port-forward' },
  { from: 'kubelet', to: 'container-runtime', purpose: 'run containers (CRI)' },
];

export function component(name: ComponentName): ComponentEntry {
  return CATALOGUE[name];
}

/** Codicons for the structural items of the tree (not components). */
export const STRUCTURE_CODICONS = {
  cluster: 'server-environment',
  controlPlane: 'organization',
  nodes: 'vm',
  node: 'vm',
  pods: 'layers',
  pod: 'symbol-namespace',
  unscheduled: 'question',
} as const;
