// The SchedulingTrace record: one per scheduling attempt, plain JSON, served by the
// emulator as a custom kind and rendered by the extension's trace view. Per-node data
// is kept in arrays parallel to a node-name list so a 5,000-node attempt stays compact.

export interface TracePodRef {
  namespace: string;
  name: string;
  uid?: string;
}

/** A plugin's result at a per-pod extension point (PreFilter, PreScore, PostFilter, ...). */
export interface TracePluginResult {
  plugin: string;
  /** Success, Skip, Unschedulable, UnschedulableAndUnresolvable, Error, Wait. */
  code: string;
  reasons?: string[];
}

/** A node a Filter plugin rejected; evaluated nodes absent from this list passed every filter. */
export interface TraceFilterRejection {
  node: string;
  plugin: string;
  code: string;
  reasons: string[];
  /** True when the rejection happened only with nominated pods counted on the node. */
  withNominatedPods?: boolean;
}

export interface TraceSampling {
  numAllNodes: number;
  /** percentageOfNodesToScore in force (the adaptive value when not configured). */
  percentageOfNodesToScore: number;
  /** How many feasible nodes kube-scheduler stops searching at. */
  numNodesToFind: number;
  /** Index in the node list where this attempt started (round-robin across attempts). */
  startIndex: number;
  /** Nodes whose filters ran; the others were not evaluated because enough feasible nodes were found. */
  numEvaluated: number;
  numNotEvaluated: number;
}

export interface TraceScorePlugin {
  plugin: string;
  weight: number;
  /** True when PreScore returned Skip: the plugin did not score this pod. */
  skipped?: boolean;
  /** Parallel to TraceScores.nodes. */
  raw?: number[];
  normalized?: number[];
  weighted?: number[];
}

export interface TraceScores {
  /** The feasible nodes that were scored, in evaluation order. */
  nodes: string[];
  plugins: TraceScorePlugin[];
  /** Sum of weighted scores per node, parallel to `nodes`. */
  totals: number[];
}

export interface TracePreemption {
  nominatedNodeName?: string;
  victims?: TracePodRef[];
  /** The "preemption: ..." message when preemption could not help. */
  message?: string;
}

export type TraceOutcome = 'Scheduled' | 'Unschedulable' | 'Error';

export interface SchedulingTrace {
  pod: TracePodRef;
  schedulerName: string;
  attempt: number;
  /** RFC 3339 time the attempt started, from the scheduler's Clock. */
  startTime: string;
  durationMs: number;
  outcome: TraceOutcome;
  /** The chosen node when Scheduled. */
  nodeName?: string;
  /** The FailedScheduling event message when not Scheduled. */
  message?: string;
  /** False when per-plugin recording was switched off: only the outcome is known. */
  detailed: boolean;
  preEnqueue?: TracePluginResult[];
  preFilter?: TracePluginResult[];
  /** Nodes PreFilter narrowed the search to, when a plugin did. */
  preFilterNodeNames?: string[];
  sampling?: TraceSampling;
  /** Names of the nodes whose filters ran, in evaluation order. */
  evaluatedNodes?: string[];
  /** Filter plugins in the order they run. */
  filterPlugins?: string[];
  filterRejections?: TraceFilterRejection[];
  postFilter?: TracePluginResult[];
  preemption?: TracePreemption;
  preScore?: TracePluginResult[];
  scores?: TraceScores;
  reserve?: TracePluginResult[];
  permit?: TracePluginResult[];
  preBind?: TracePluginResult[];
  bind?: TracePluginResult[];
}
