// One scheduling attempt for one pod, as kube-scheduler's scheduleOne: PreFilter, Filter
// over a sample of nodes (round-robin start, percentageOfNodesToScore), PostFilter
// (preemption) when none fits, PreScore/Score, pick the best node (random among ties),
// then assume, Reserve, Permit, PreBind, Bind. Pure: no I/O; the caller sends the Binding.
import type { Clock } from '../kube/clock';
import { RealClock } from '../kube/clock';
import type { Binding, Pod } from './api/types';
import { podNamespace } from './api/types';
import type { CycleState } from './framework/cycle-state';
import { fitErrorMessage } from './framework/fit-error';
import type { Framework } from './framework/framework';
import { podInfoOf, type PodInfo } from './framework/pod-info';
import { Code, Status } from './framework/status';
import type { NodeInfo } from './snapshot/node-info';
import type { Snapshot } from './snapshot/snapshot';
import { nodeSlotsOf } from './trace/packed-arrays';
import type { SchedulingTrace, TraceSampling } from './trace/types';

export const ErrNoNodesAvailable = 'no nodes available to schedule pods';
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

export interface ScheduleOptions {
  /** 1 for the first attempt; the queue counts attempts. */
  attempt?: number;
  /** Gives the trace's start time; the wall clock when omitted. */
  clock?: Clock;
  /** Tie-breaking among equally scored nodes; Math.random when omitted. */
  random?: () => number;
  /** Count the pod on its node in the snapshot right away (default true). */
  assume?: boolean;
  /** Monotonic milliseconds for the trace's duration; performance.now when omitted. */
  elapsed?: () => number;
}

export interface ScheduleResult {
  outcome: 'Scheduled' | 'Unschedulable' | 'Error';
  nodeName?: string;
  /** The Binding to POST to pods/binding. */
  binding?: Binding;
  /** The FailedScheduling event message (or the error) when not Scheduled. */
  message?: string;
  /** Set when preemption chose a node: the pod waits there for `victims` to be deleted. */
  nominatedNodeName?: string;
  victims?: Pod[];
  /** Plugins that rejected the pod, so the queue requeues it on their events only. */
  unschedulablePlugins: string[];
  evaluatedNodes: number;
  feasibleNodes: number;
}

/** numFeasibleNodesToFind: all nodes below 100, else an adaptive or configured percentage. */
export function numFeasibleNodesToFind(percentage: number | undefined, numAllNodes: number): { numNodes: number; percentage: number } {
  let pct = percentage ?? 0;
  if (pct <= 0) pct = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(numAllNodes / 125));
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || pct >= 100) return { numNodes: numAllNodes, percentage: Math.min(pct, 100) };
  const n = Math.trunc((numAllNodes * pct) / 100);
  return { numNodes: Math.max(n, MIN_FEASIBLE_NODES_TO_FIND), percentage: pct };
}

interface Diagnosis {
  statuses: Map<string, Status>;
  absent?: Status;
  preFilterMsg?: string;
  unschedulablePlugins: Set<string>;
}

interface FindResult {
  feasible: NodeInfo[];
  diagnosis: Diagnosis;
  error?: Status;
  sampling?: TraceSampling;
  evaluated?: string[];
}

interface Scored {
  nodes: string[] | undefined;
  totals: number[] | undefined;
}

const defaultClock = new RealClock();
const defaultElapsed = (): number => performance.now();

export function scheduleOne(fw: Framework, snapshot: Snapshot, pod: Pod, options: ScheduleOptions = {}): { result: ScheduleResult; trace: SchedulingTrace } {
  const elapsed = options.elapsed ?? defaultElapsed;
  const t0 = elapsed();
  const clock = options.clock ?? defaultClock;
  fw.useSnapshot(snapshot);
  // Fields set one by one, in the same order: a spread built a temporary object per attempt.
  const ref: SchedulingTrace['pod'] = { namespace: podNamespace(pod), name: pod.metadata.name ?? '' };
  if (pod.metadata.uid) ref.uid = pod.metadata.uid;
  const trace: SchedulingTrace = {
    pod: ref,
    schedulerName: fw.schedulerName,
    attempt: options.attempt ?? 1,
    startTime: new Date(clock.now()).toISOString(),
    durationMs: 0,
    outcome: 'Unschedulable',
    detailed: !!fw.recorder,
  };
  const rec = fw.recorder;
  rec?.begin(trace, fw.scoreWeights);
  // Filled by attempt when it scored nodes (an object, not a callback: no closure per attempt).
  const scored: Scored = { nodes: undefined, totals: undefined };
  const result = attempt(fw, snapshot, pod, options, trace, scored);
  rec?.end(scored.nodes, scored.totals);
  trace.outcome = result.outcome;
  if (result.nodeName) trace.nodeName = result.nodeName;
  if (result.message) trace.message = result.message;
  if (result.nominatedNodeName !== undefined || result.victims) {
    trace.preemption = {
      ...(result.nominatedNodeName ? { nominatedNodeName: result.nominatedNodeName } : {}),
      ...(result.victims ? { victims: result.victims.map((v) => ({ namespace: podNamespace(v), name: v.metadata.name ?? '', ...(v.metadata.uid ? { uid: v.metadata.uid } : {}) })) } : {}),
    };
  }
  const pf = trace.postFilter?.find((p) => p.code !== Code.Success && p.reasons?.length);
  if (pf && trace.preemption === undefined) trace.preemption = { message: pf.reasons!.join(', ') };
  else if (pf && trace.preemption) trace.preemption.message = pf.reasons!.join(', ');
  trace.durationMs = Math.round((elapsed() - t0) * 1000) / 1000;
  return { result, trace };
}

function attempt(
  fw: Framework,
  snapshot: Snapshot,
  pod: Pod,
  options: ScheduleOptions,
  trace: SchedulingTrace,
  scored: Scored,
): ScheduleResult {
  const base = { unschedulablePlugins: [] as string[], evaluatedNodes: 0, feasibleNodes: 0 };
  const gated = fw.runPreEnqueuePlugins(pod);
  if (gated) return { ...base, outcome: 'Unschedulable', message: gated.message, unschedulablePlugins: [gated.plugin] };
  const pi = podInfoOf(pod);
  const state = fw.newCycleState();
  const found = findNodesThatFitPod(fw, snapshot, state, pi);
  if (found.sampling) trace.sampling = found.sampling;
  if (pod.status?.nominatedNodeName && trace.filterRejections && trace.filterRejections.length > 1) {
    // The nominated node is tried first and, if it fails, again in the full pass: keep one record.
    const seen = new Set<string>();
    trace.filterRejections = trace.filterRejections.filter((r) => !seen.has(r.node) && !!seen.add(r.node));
  }
  if (found.evaluated && trace.detailed) {
    trace.evaluatedNodes = found.evaluated;
    trace.filterPlugins = fw.filterPluginNames;
  }
  const d = found.diagnosis;
  const evaluatedNodes = found.feasible.length + d.statuses.size;
  if (found.error) return { ...base, outcome: 'Error', message: found.error.message, evaluatedNodes };
  if (found.feasible.length === 0) {
    const numAllNodes = snapshot.numNodes;
    if (numAllNodes === 0) return { ...base, outcome: 'Unschedulable', message: ErrNoNodesAvailable };
    let postFilterMsg: string | undefined;
    let nominatedNodeName: string | undefined;
    let victims: Pod[] | undefined;
    if (fw.postFilter.length > 0) {
      const pf = fw.runPostFilterPlugins(state, pi, { statuses: d.statuses, absent: d.absent });
      if (pf.status.code === Code.Error) return { ...base, outcome: 'Error', message: pf.status.message, evaluatedNodes };
      if (pf.status.isSuccess()) {
        nominatedNodeName = pf.result?.nominatedNodeName || undefined;
        victims = pf.result?.victims;
        if (nominatedNodeName) snapshot.nominate(pod, nominatedNodeName);
      } else {
        postFilterMsg = pf.status.message || undefined;
      }
    }
    const message = fitErrorMessage({ numAllNodes, statuses: d.statuses, absent: d.absent, preFilterMsg: d.preFilterMsg, postFilterMsg });
    return { outcome: 'Unschedulable', message, nominatedNodeName, victims, unschedulablePlugins: [...d.unschedulablePlugins], evaluatedNodes, feasibleNodes: 0 };
  }
  let nodeName: string;
  if (found.feasible.length === 1) {
    nodeName = found.feasible[0].name;
  } else {
    const totals = prioritizeNodes(fw, state, pi, found.feasible);
    if (totals instanceof Status) return { ...base, outcome: 'Error', message: totals.message, evaluatedNodes };
    if (fw.recorder) {
      // When every evaluated node was feasible the two name lists are equal: share one.
      const ev = found.evaluated;
      const names = ev && ev.length === found.feasible.length ? ev : namesWithSlots(found.feasible);
      scored.nodes = names;
      scored.totals = totals;
    }
    nodeName = found.feasible[selectHost(totals, options.random ?? Math.random)].name;
    fw.releaseTotals(totals);
  }
  // Nothing holds the feasible list past this point (plugins see it during PreScore/Score only).
  fw.feasibleBuffer = found.feasible;
  return bindingCycle(fw, snapshot, state, pi, nodeName, options.assume !== false, { evaluatedNodes, feasibleNodes: found.feasible.length });
}

function bindingCycle(
  fw: Framework,
  snapshot: Snapshot,
  state: CycleState,
  pi: PodInfo,
  nodeName: string,
  assume: boolean,
  counts: { evaluatedNodes: number; feasibleNodes: number },
): ScheduleResult {
  // (The failure path is a function of its own: a closure here was allocated on every attempt.)
  if (assume) snapshot.assume(pi.pod, nodeName);
  const r = fw.runReservePluginsReserve(state, pi, nodeName);
  if (r) return bindingFailed(fw, snapshot, state, pi, nodeName, assume, counts, 'Error', r);
  const p = fw.runPermitPlugins(state, pi, nodeName);
  if (p) return bindingFailed(fw, snapshot, state, pi, nodeName, assume, counts, p.isRejected() ? 'Unschedulable' : 'Error', p, p.plugin ? [p.plugin] : []);
  const pb = fw.runPreBindPlugins(state, pi, nodeName);
  if (pb) return bindingFailed(fw, snapshot, state, pi, nodeName, assume, counts, 'Error', pb);
  const b = fw.runBindPlugins(state, pi, nodeName);
  if (b.status && b.status.code !== Code.Success) return bindingFailed(fw, snapshot, state, pi, nodeName, assume, counts, 'Error', b.status);
  return { outcome: 'Scheduled', nodeName, binding: b.binding, unschedulablePlugins: [], evaluatedNodes: counts.evaluatedNodes, feasibleNodes: counts.feasibleNodes };
}

/** Unreserves, forgets the assumed pod and reports the binding cycle's failure. */
function bindingFailed(
  fw: Framework,
  snapshot: Snapshot,
  state: CycleState,
  pi: PodInfo,
  nodeName: string,
  assume: boolean,
  counts: { evaluatedNodes: number; feasibleNodes: number },
  outcome: 'Unschedulable' | 'Error',
  s: Status,
  plugins: string[] = [],
): ScheduleResult {
  fw.runReservePluginsUnreserve(state, pi, nodeName);
  if (assume) snapshot.forget(pi.pod);
  return { outcome, message: s.message, unschedulablePlugins: plugins, ...counts };
}

function findNodesThatFitPod(fw: Framework, snapshot: Snapshot, state: CycleState, pi: PodInfo): FindResult {
  const diagnosis: Diagnosis = { statuses: new Map(), unschedulablePlugins: new Set() };
  const all = snapshot.nodeInfos();
  const pre = fw.runPreFilterPlugins(state, pi, all);
  if (pre.status) {
    if (!pre.status.isRejected()) return { feasible: [], diagnosis, error: pre.status };
    // Every node gets the PreFilter status, so preemption sees why.
    diagnosis.absent = pre.status;
    diagnosis.preFilterMsg = pre.status.message;
    if (pre.status.plugin) diagnosis.unschedulablePlugins.add(pre.status.plugin);
    return { feasible: [], diagnosis };
  }
  // A node preemption nominated for this pod is tried first.
  const nominated = pi.pod.status?.nominatedNodeName;
  if (nominated) {
    const ni = snapshot.get(nominated);
    if (ni && (!pre.nodeNames || pre.nodeNames.has(nominated))) {
      const s = fw.runFilterPluginsWithNominatedPods(state, pi, ni);
      if (!s || s.code === Code.Success) return { feasible: [ni], diagnosis, evaluated: [ni.name] };
      if (!s.isRejected()) return { feasible: [], diagnosis, error: s };
    }
  }
  let nodes = all;
  if (pre.nodeNames) {
    nodes = all.filter((n) => pre.nodeNames!.has(n.name));
    diagnosis.absent = Status.unresolvable(`node(s) didn't satisfy plugin(s) [${[...(pre.narrowedBy ?? [])].sort().join(' ')}]`);
  }
  return findNodesThatPassFilters(fw, state, pi, nodes, diagnosis, all.length);
}

function findNodesThatPassFilters(fw: Framework, state: CycleState, pi: PodInfo, nodes: readonly NodeInfo[], diagnosis: Diagnosis, numAllNodes: number): FindResult {
  const n = nodes.length;
  const { numNodes: numToFind, percentage } = numFeasibleNodesToFind(fw.percentageOfNodesToScore, n);
  const start = n === 0 ? 0 : fw.nextStartNodeIndex % n;
  // (At most numToFind nodes are feasible: the loop stops there.) The framework's buffer when it
  // has the size (attempt gives it back): a fresh array was ~4 KB per attempt at 5,000 nodes.
  const want = Math.min(n, numToFind);
  let feasible = fw.feasibleBuffer;
  if (feasible === undefined || feasible.length !== want) feasible = new Array<NodeInfo>(want);
  fw.feasibleBuffer = undefined;
  let found = 0;
  const tracing = !!fw.recorder;
  // The evaluated names and their slots (so the trace store numbers them without hashing names)
  // go into the framework's lists, taken while in use, and are copied out at their final length:
  // pushing onto growing arrays cost ~20 KB of garbage per attempt at 5,000 nodes (500 evaluated),
  // lists sized up front kept unused room (~0.5 KB) and still grew when many nodes were rejected.
  const names = tracing ? (fw.evaluatedBuffer ?? []) : undefined;
  let slots = tracing ? (fw.slotsBuffer ?? new Int32Array(Math.min(n, numToFind + 64))) : undefined;
  fw.evaluatedBuffer = undefined;
  fw.slotsBuffer = undefined;
  const table = n > 0 ? nodes[0].table : undefined;
  let sameTable = true;
  let processed = 0;
  if (fw.filter.length === 0) {
    for (let i = 0; i < Math.min(numToFind, n); i++) feasible[found++] = nodes[(start + i) % n];
    processed = found;
    if (names) for (let i = 0; i < found; i++) names[i] = feasible[i].name;
    sameTable = false;
  } else {
    for (let i = 0; i < n; i++) {
      const ni = nodes[(start + i) % n];
      processed++;
      if (names) {
        if (processed > slots!.length) {
          const grown = new Int32Array(Math.min(n, Math.max(64, slots!.length * 2)));
          grown.set(slots!);
          slots = grown;
        }
        names[processed - 1] = ni.name;
        slots![processed - 1] = ni.slot;
        if (ni.table !== table) sameTable = false;
      }
      const s = fw.runFilterPluginsWithNominatedPods(state, pi, ni);
      if (!s || s.code === Code.Success) {
        feasible[found++] = ni;
        if (found >= numToFind) break;
        continue;
      }
      if (!s.isRejected()) {
        fw.evaluatedBuffer = names;
        fw.slotsBuffer = slots;
        return { feasible: [], diagnosis, error: s };
      }
      diagnosis.statuses.set(ni.name, s);
      if (s.plugin) diagnosis.unschedulablePlugins.add(s.plugin);
    }
  }
  if (found < want) feasible.length = found;
  const evaluated = names && names.slice(0, processed);
  if (n > 0) fw.nextStartNodeIndex = (start + processed) % n;
  if (evaluated && table && sameTable) nodeSlotsOf.set(evaluated, { table, epoch: table.epoch, slots: slots!.slice(0, processed) });
  fw.evaluatedBuffer = names;
  fw.slotsBuffer = slots;
  const sampling: TraceSampling = {
    numAllNodes,
    percentageOfNodesToScore: percentage,
    numNodesToFind: numToFind,
    startIndex: start,
    numEvaluated: processed,
    numNotEvaluated: numAllNodes - processed,
  };
  return { feasible, diagnosis, sampling, evaluated };
}

/** The nodes' names, registered with their slots when they share one table (see nodeSlotsOf). */
function namesWithSlots(nodes: readonly NodeInfo[]): string[] {
  const names = nodes.map((n) => n.name);
  const table = nodes[0].table;
  if (nodes.every((n) => n.table === table)) nodeSlotsOf.set(names, { table, epoch: table.epoch, slots: nodes.map((n) => n.slot) });
  return names;
}

function prioritizeNodes(fw: Framework, state: CycleState, pi: PodInfo, nodes: NodeInfo[]): number[] | Status {
  if (fw.score.length === 0) return nodes.map(() => 1);
  const pre = fw.runPreScorePlugins(state, pi, nodes);
  if (pre) return pre;
  return fw.runScorePlugins(state, pi, nodes);
}

/**
 * The index of the highest total; ties broken uniformly at random, as kube-scheduler's
 * reservoir sampling does, with one draw: the ties are counted, then the k-th is taken (a draw
 * per tie boxed a number each, ~500 per attempt at 5,000 nodes when scores are even).
 */
export function selectHost(totals: readonly number[], random: () => number): number {
  let best = 0;
  let count = 1;
  for (let i = 1; i < totals.length; i++) {
    if (totals[i] > totals[best]) {
      best = i;
      count = 1;
    } else if (totals[i] === totals[best]) count++;
  }
  if (count === 1) return best;
  // Counted from the last tie, so a fixed draw picks the tie reservoir sampling would (0.99: the first).
  let k = count - 1 - Math.min(count - 1, Math.floor(random() * count));
  const top = totals[best];
  for (let i = 0; i < totals.length; i++) {
    if (totals[i] === top && k-- === 0) return i;
  }
  return best;
}
