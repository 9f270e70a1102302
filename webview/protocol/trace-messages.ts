// The trace view's message protocol, declared once and imported by the host (src/vscode/trace),
// the pure builders (src/trace) and the webview (webview/trace). A trace view shows ONE subject:
// a pod (live, from the emulator's records or reconstructed on a real cluster) or a what-if of a
// manifest's pods (nothing applied). Per-node data travels as rows so the webview can sort,
// filter and virtualize 5,000 of them without knowing the scheduler's record format.

/** Where the decision came from; the view labels anything but `recorded` clearly. */
export type DecisionSource =
  /** The exact SchedulingTrace the emulator's scheduler wrote. */
  | 'recorded'
  /** The plugin library run on the model's snapshot of a real cluster, after the fact. */
  | 'reconstructed'
  /** A manifest's pods placed one after another against the current cluster; nothing written. */
  | 'what-if';

/** One step of the journey, across components (the seed's three steps and what follows). */
export interface JourneyStep {
  /** Stable within a subject, so live updates replace steps instead of duplicating them. */
  id: string;
  /** The component that acted: kube-apiserver, etcd, kube-scheduler, kubelet, container runtime. */
  component: string;
  /** `Submitted`, `FailedScheduling`, `Scheduled`, `Bound`, `Pulling`, `Pulled`, `Created`, `Started`, `Ready`... */
  title: string;
  /** The event message or what happened, e.g. `Successfully assigned default/web-1 to whale2`. */
  detail?: string;
  /** RFC 3339; absent when not known (e.g. a step seen only as a condition without a time). */
  time?: string;
  /** ms since the previous step with a time, when both are known. */
  sincePreviousMs?: number;
  status: 'done' | 'failed' | 'waiting' | 'in-progress';
  /** Node the step happened on (kubelet, runtime) or was chosen (Scheduled). */
  nodeName?: string;
  /** Attempt number for scheduler steps, to select that attempt's decision. */
  attempt?: number;
  /** How many times the same step repeated (events with count > 1, or repeated FailedScheduling). */
  count?: number;
}

/** One Filter plugin's verdict for a node. */
export interface FilterCell {
  plugin: string;
  /** Absent when the plugin did not run on this node (an earlier one rejected it, or not evaluated). */
  result?: 'passed' | 'rejected';
  /** The plugin's reason strings when rejected, exactly as kube-scheduler words them. */
  reasons?: string[];
}

/** One Score plugin's numbers for a node (absent when the node was not scored). */
export interface ScoreCell {
  plugin: string;
  raw?: number;
  /** 0-100 after NormalizeScore. */
  normalized?: number;
  /** normalized x weight. */
  weighted?: number;
}

export type NodeVerdict =
  /** Picked by the scheduler (or in the what-if). */
  | 'chosen'
  /** Passed every filter and was scored, not picked. */
  | 'feasible'
  /** A Filter plugin rejected it. */
  | 'filtered'
  /** Not evaluated: kube-scheduler stopped searching after enough feasible nodes (percentageOfNodesToScore). */
  | 'not-evaluated'
  /** PreFilter narrowed the search to other nodes. */
  | 'excluded-by-prefilter';

export interface DecisionRow {
  node: string;
  verdict: NodeVerdict;
  /** The first rejecting plugin, when filtered. */
  rejectedBy?: string;
  /** Its reasons, when filtered. */
  reasons?: string[];
  /** Parallel to DecisionTable.filterPlugins. */
  filters: FilterCell[];
  /** Parallel to DecisionTable.scorePlugins. */
  scores: ScoreCell[];
  /** Sum of weighted scores when scored. */
  total?: number;
  /** True when this node tied with the chosen one on total score. */
  tiedWithChosen?: boolean;
}

export interface DecisionTable {
  source: DecisionSource;
  /** The attempt this table shows (1-based) when recorded or reconstructed. */
  attempt?: number;
  /** RFC 3339 start of the attempt. */
  startTime?: string;
  durationMs?: number;
  outcome: 'Scheduled' | 'Unschedulable' | 'Error';
  nodeName?: string;
  /** The FailedScheduling message when not scheduled (kube-scheduler's exact wording). */
  message?: string;
  /** "whale2 won on NodeResourcesFit and ImageLocality; whale1 excluded by TaintToleration". */
  summary: string;
  filterPlugins: string[];
  scorePlugins: { plugin: string; weight: number; skipped?: boolean }[];
  rows: DecisionRow[];
  sampling?: { numAllNodes: number; numEvaluated: number; numNotEvaluated: number; percentageOfNodesToScore: number };
  /**
   * Nodes of the cluster that have no row: the record names only the nodes it evaluated, and
   * the names of the others were not known when the table was built. The view says "N more
   * nodes not evaluated" instead of listing them.
   */
  unlistedNodes?: number;
  preemption?: { nominatedNodeName?: string; victims?: string[]; message?: string };
  /** For reconstructions: the pod is on another node than the reconstruction picked, and why that may be. */
  warnings: string[];
  /** False when the emulator recorded only the outcome (tracing was off for this attempt). */
  detailed: boolean;
}

/** A pod of a what-if, in manifest order: where it would land, or why it would stay Pending. */
export interface WhatIfPlacement {
  /** `web-7c9f...-0`, a generated name like the controller would give. */
  podName: string;
  /** The manifest document (kind/name) the pod comes from. */
  from: string;
  outcome: 'Scheduled' | 'Unschedulable' | 'Error';
  nodeName?: string;
  message?: string;
}

export interface TraceSubject {
  /** `pod` for a live pod, `manifest` for a what-if. */
  kind: 'pod' | 'manifest';
  /** `default/web-1`, or the manifest's file name and document. */
  title: string;
  namespace?: string;
  podName?: string;
  clusterName: string;
}

/** Everything the view shows; sent whole first, then again (whole) when something changed. */
export interface TraceState {
  subject: TraceSubject;
  journey: JourneyStep[];
  /** Every attempt known for the subject pod (recorded) or one per what-if pod. */
  attempts: { attempt: number; outcome: string; nodeName?: string; time?: string }[];
  /** The decision currently shown (the latest attempt by default). */
  decision?: DecisionTable;
  /** What-if only: one entry per simulated pod. */
  placements?: WhatIfPlacement[];
  /** Still happening: the view shows a live badge and keeps receiving updates. */
  live: boolean;
  /** A clear, user-facing reason when there is nothing to show (no such pod, no permission...). */
  error?: string;
  /** Info lines: "Reconstruction: kube-scheduler's own record is not available on this cluster." */
  notes: string[];
}

// ---- host -> webview ----
export type TraceHostMessage =
  | { type: 'state'; state: TraceState }
  /** The decision of another attempt or what-if pod, answering `selectAttempt` / `selectPlacement`. */
  | { type: 'decision'; decision: DecisionTable | null; attempt?: number; placementIndex?: number };

// ---- webview -> host ----
export type TraceWebviewMessage =
  | { type: 'ready' }
  | { type: 'selectAttempt'; attempt: number }
  | { type: 'selectPlacement'; index: number }
  /** Reveal a node or the pod in the Architecture tree. */
  | { type: 'revealNode'; node: string }
  | { type: 'revealPod' }
  | { type: 'refresh' };

/** What the webview keeps across reloads (vscode.setState) so the serializer can restore the view. */
export interface TraceViewState {
  subject: TraceSubject;
  sortColumn?: string;
  sortDescending?: boolean;
  filter?: string;
  /** The verdict toggle above the decision table. */
  verdict?: 'all' | 'feasible' | 'filtered';
}
