// What-if from the editor: where would a manifest's pods land if it were applied now, and
// why would any stay Pending? The pods its controllers would create are scheduled one after
// another with the default profile (each assumed on its node, so resources and spreading
// accumulate as in the cluster) against the cluster's scheduler Snapshot, which is put back
// exactly as it was before returning: nothing is written anywhere.
import { seededRandom } from '../kube/seeded-random';
import type { Clock } from '../kube/clock';
import type { KubeObject } from '../kube/object';
import type { Framework, Node, SchedulingTrace } from '../scheduler';
import { newFramework, scheduleOne, Snapshot } from '../scheduler';
import type { WhatIfPlacement } from '../../webview/protocol/trace-messages';
import { podsFromManifest, type ManifestDocumentNote, type ManifestPod, type PodsFromManifestContext } from './pods-from-manifest';
import { WhatIfScope, type ReplacedPod } from './what-if-scope';

/**
 * A snapshot the what-if may use for one synchronous call. A plain Snapshot is changed and
 * restored in a finally block; a holder with `withAssumed` (T2's SchedulingSnapshot) lends one.
 */
export type WhatIfSnapshot = Snapshot | { withAssumed<T>(fn: (snapshot: Snapshot) => T): T };

export interface WhatIfContext extends Omit<PodsFromManifestContext, 'nodes'> {
  /** For DaemonSets; the snapshot's nodes when omitted. */
  nodes?: readonly Node[];
}

export interface WhatIfOptions {
  /** The profile; the default profile with traces when omitted. */
  framework?: Framework;
  /** percentageOfNodesToScore of the default profile (adaptive, as kube-scheduler, when omitted). */
  percentageOfNodesToScore?: number;
  /** Tie-breaking among equal best nodes; a fixed-seed generator, so a what-if gives the same answer twice. */
  random?: () => number;
  /** Start times of the traces. */
  clock?: Clock;
  /** At most this many pods are simulated (default 1,000); the rest are named in a note. */
  maxPods?: number;
}

export interface WhatIfResult {
  /** One per simulated pod, in manifest order. */
  placements: WhatIfPlacement[];
  /** Parallel to `placements`: the decision of each pod. */
  traces: SchedulingTrace[];
  /** Documents that make no pods the scheduler would see (bad fields, refused by admission). */
  problems: ManifestDocumentNote[];
  /** Info lines for the view: documents without pods, replaced pods, assumptions made. */
  notes: string[];
  /** Current pods of the manifest's workloads, left out of the simulation because the manifest's pods replace them. */
  replaced: ReplacedPod[];
}

export const DEFAULT_MAX_WHAT_IF_PODS = 1000;

export function whatIf(snapshot: WhatIfSnapshot, objects: readonly (KubeObject | null | undefined)[], context: WhatIfContext, options: WhatIfOptions = {}): WhatIfResult {
  if (snapshot instanceof Snapshot) return whatIfOn(snapshot, objects, context, options);
  return snapshot.withAssumed((s) => whatIfOn(s, objects, context, options));
}

function whatIfOn(snapshot: Snapshot, objects: readonly (KubeObject | null | undefined)[], context: WhatIfContext, options: WhatIfOptions): WhatIfResult {
  const nodes = context.nodes ?? snapshot.nodeInfos().map((ni) => ni.node);
  const manifest = podsFromManifest(objects, { ...context, nodes });
  const notes = manifest.notes.map((n) => n.message);
  const max = options.maxPods ?? DEFAULT_MAX_WHAT_IF_PODS;
  let pods = manifest.pods;
  if (pods.length > max) {
    notes.push(`${pods.length} pods: only the first ${max} are simulated`);
    pods = pods.slice(0, max);
  }
  const otherSchedulers = new Set<string>();
  for (const p of pods) if (p.pod.spec.schedulerName !== 'default-scheduler') otherSchedulers.add(`${p.from}: its pods name the scheduler "${p.pod.spec.schedulerName}"; the what-if places them as kube-scheduler's default profile would`);
  notes.push(...otherSchedulers);

  const fw = options.framework ?? newFramework({ trace: true, ...(options.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: options.percentageOfNodesToScore } : {}) });
  const random = options.random ?? seededRandom(0x5eed);
  const scope = new WhatIfScope(snapshot, manifest);
  const results = new Map<ManifestPod, { placement: WhatIfPlacement; trace: SchedulingTrace }>();
  try {
    scope.enter();
    // The scheduling queue pops higher priorities first (PrioritySort); equal ones in creation order.
    const order = pods.map((p, i) => ({ p, i })).sort((a, b) => (b.p.pod.spec.priority ?? 0) - (a.p.pod.spec.priority ?? 0) || a.i - b.i);
    for (const { p } of order) {
      if (p.pod.spec.nodeName) {
        results.set(p, boundByManifest(snapshot, p, options.clock));
        continue;
      }
      const { result, trace } = scheduleOne(fw, snapshot, p.pod, { attempt: 1, assume: true, random, ...(options.clock ? { clock: options.clock } : {}) });
      results.set(p, { placement: placementOf(p, result, trace), trace });
    }
  } finally {
    scope.restore(pods.map((p) => p.pod));
  }
  notes.push(...scope.notes);
  const placements: WhatIfPlacement[] = [];
  const traces: SchedulingTrace[] = [];
  for (const p of pods) {
    const r = results.get(p)!;
    placements.push(r.placement);
    traces.push(r.trace);
  }
  return { placements, traces, problems: manifest.problems, notes, replaced: scope.replaced };
}

function placementOf(p: ManifestPod, result: ReturnType<typeof scheduleOne>['result'], trace: SchedulingTrace): WhatIfPlacement {
  const placement: WhatIfPlacement = { podName: p.pod.metadata.name ?? '', from: p.from, outcome: result.outcome };
  if (result.nodeName) placement.nodeName = result.nodeName;
  let message = result.message;
  if (result.nominatedNodeName) {
    const victims = trace.preemption?.victims ?? [];
    const named = victims.slice(0, 3).map((v) => `${v.namespace}/${v.name}`).join(', ');
    message = `${message ?? ''} Preemption: ${victims.length} lower-priority pod(s) would be evicted from ${result.nominatedNodeName} (${named}${victims.length > 3 ? ', ...' : ''}); the pod would then wait for that node.`.trim();
  }
  if (message) placement.message = message;
  return placement;
}

/**
 * A pod that names its node is never seen by kube-scheduler: the kubelet there admits it
 * (or rejects it for resources or ports) without any Filter or Score. It still takes its
 * node's resources, so later pods of the what-if see it there; its trace has no plugin detail.
 */
function boundByManifest(snapshot: Snapshot, p: ManifestPod, clock: Clock | undefined): { placement: WhatIfPlacement; trace: SchedulingTrace } {
  const nodeName = p.pod.spec.nodeName!;
  const known = snapshot.get(nodeName) !== undefined;
  if (known) snapshot.assume(p.pod, nodeName);
  const message = known
    ? `spec.nodeName is set: kube-scheduler skips this pod; it is bound to ${nodeName} as written and the kubelet there admits it if its resources and host ports fit`
    : `spec.nodeName is set to ${nodeName}, which is not a node of this cluster: the pod would stay Pending`;
  const outcome = known ? 'Scheduled' : 'Unschedulable';
  const trace: SchedulingTrace = {
    pod: { namespace: p.pod.metadata.namespace || 'default', name: p.pod.metadata.name ?? '' },
    schedulerName: p.pod.spec.schedulerName ?? 'default-scheduler',
    attempt: 1,
    startTime: new Date(clock ? clock.now() : Date.now()).toISOString(),
    durationMs: 0,
    outcome,
    ...(known ? { nodeName } : { message }),
    detailed: false,
  };
  return { placement: { podName: trace.pod.name, from: p.from, outcome, ...(known ? { nodeName } : {}), message }, trace };
}
