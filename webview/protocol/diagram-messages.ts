// The diagram's message protocol, declared once and imported by the host (src/vscode/diagram)
// and the webview (webview/diagram). Element ids are strings with a kind prefix so a click or
// a hover names exactly one thing: `cp:<component>`, `cp:<component>:<pod>`, `node:<name>`,
// `kubelet:<node>`, `proxy:<node>`, `runtime:<node>`, `pod:<namespace>/<name>`.

export type DiagramHealth = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';

export type ControlPlaneComponentId = 'kube-apiserver' | 'etcd' | 'kube-scheduler' | 'kube-controller-manager' | 'cloud-controller-manager';

export interface DiagramInstance {
  id: string;
  /** Pod name of this replica or member. */
  name: string;
  nodeName: string;
  health: DiagramHealth;
  election?: 'leader' | 'standby';
}

export interface DiagramComponent {
  id: string;
  component: ControlPlaneComponentId;
  title: string;
  /** One line: `1 of 3 members ready`, `leader whale1`, `managed by the provider`. */
  summary: string;
  health: DiagramHealth;
  instances: DiagramInstance[];
}

export interface DiagramNode {
  id: string;
  name: string;
  controlPlane: boolean;
  ready: boolean;
  health: DiagramHealth;
  kubelet: DiagramHealth;
  proxy: DiagramHealth;
  /** `kube-proxy`, or what replaces it (`cilium`), or '' when none is seen. */
  proxyName: string;
  runtime: DiagramHealth;
  /** `containerd`, `cri-o`... */
  runtimeName: string;
}

export type PodLook = 'pending' | 'ready' | 'notReady' | 'succeeded' | 'failed' | 'terminating';

export interface DiagramPod {
  id: string;
  namespace: string;
  name: string;
  /** '' while unscheduled. */
  nodeName: string;
  look: PodLook;
  /** `Running 1/1`, `CrashLoopBackOff 0/1`. */
  status: string;
  /** kube-system and other cluster plumbing; the toolbar can hide them. */
  system: boolean;
}

export type DiagramEdgePurpose = 'watch and write' | 'store state' | 'logs, exec, attach, port-forward' | 'run containers (CRI)';

export interface DiagramEdge {
  /** Component names (not element ids): edges are the anatomy's, drawn once per pair of kinds. */
  from: string;
  to: string;
  purpose: DiagramEdgePurpose;
}

export interface DiagramSnapshot {
  clusterName: string;
  components: DiagramComponent[];
  nodes: DiagramNode[];
  pods: DiagramPod[];
  edges: DiagramEdge[];
  /** Reconnecting: the picture is the last known state. */
  stale: boolean;
}

/** The seed's three steps, as the webview lights them up. */
export interface DiagramActivity {
  /** `bound`: kube-scheduler -> kube-apiserver (binding). `started`: kube-apiserver -> kubelet -> runtime. */
  kind: 'bound' | 'started';
  podId: string;
  nodeName: string;
}

export interface DiagramDelta {
  /** Control-plane components are few: a changed one is sent whole. */
  components: DiagramComponent[];
  nodesUpserted: DiagramNode[];
  nodesRemoved: string[];
  podsUpserted: DiagramPod[];
  podsRemoved: string[];
  activity: DiagramActivity[];
  stale?: boolean;
}

export interface TooltipContent {
  title: string;
  subtitle?: string;
  health: DiagramHealth;
  reasons: string[];
  notes: string[];
  role: string[];
  talksTo?: string;
  facts: { label: string; value: string }[];
}

// ---- host -> webview ----
export type HostMessage =
  /** `morePods`: the snapshot's pods continue in `snapshotPods` messages (a huge cluster is sent in slices). */
  | { type: 'snapshot'; snapshot: DiagramSnapshot; morePods?: boolean }
  /** The next slice of the last snapshot's pods; `last` ends the snapshot. */
  | { type: 'snapshotPods'; pods: DiagramPod[]; last: boolean }
  | { type: 'delta'; delta: DiagramDelta }
  /** Outline these elements; `reason` (e.g. `applied just now`) is said in the status line, so it is not colour alone. */
  | { type: 'highlight'; ids: string[]; reason?: string }
  | { type: 'tooltip'; requestId: number; id: string; content: TooltipContent | null }
  | { type: 'exported'; format: 'svg' | 'png'; path?: string };

// ---- webview -> host ----
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'reveal'; id: string }
  | { type: 'openPodYaml'; id: string }
  | { type: 'hover'; requestId: number; id: string }
  | { type: 'exportSvg'; svg: string }
  | { type: 'exportPng'; dataUrl: string };

/** What the webview keeps across reloads (vscode.setState), so the serializer can restore the view. */
export interface DiagramViewState {
  zoom: number;
  panX: number;
  panY: number;
  namespace: string;
  showSystemPods: boolean;
}

export function podId(namespace: string, name: string): string {
  return `pod:${namespace}/${name}`;
}
