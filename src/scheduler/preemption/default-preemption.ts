// DefaultPreemption (PostFilter): when no node fits, find nodes where evicting
// lower-priority pods would let the pod fit, keep the fewest victims (reprieving
// PDB-protected and higher-priority pods first), pick one node as kube-scheduler does,
// and return it as the nominated node with its victims. Deleting them is the caller's job.
import { compileLabelSelector } from '../api/selectors';
import type { Pod, PodDisruptionBudget } from '../api/types';
import { podNamespace } from '../api/types';
import type { CycleState } from '../framework/cycle-state';
import { fitErrorMessage } from '../framework/fit-error';
import type { FrameworkHandle, NodeToStatus, PostFilterPlugin, PostFilterResult } from '../framework/interfaces';
import type { PodInfo } from '../framework/pod-info';
import { Code, Status } from '../framework/status';
import type { NodeInfo } from '../snapshot/node-info';
import { DefaultPreemption as NAME } from '../plugins/names';
import { pickOneNodeForPreemption, type Candidate } from './pick-node';

export const ReasonNotHelpful = 'Preemption is not helpful for scheduling';
export const ReasonNoVictims = 'No preemption victims found for incoming pod';

export interface DefaultPreemptionArgs {
  /** At least this percentage of nodes is dry-run (default 10). */
  minCandidateNodesPercentage?: number;
  /** ...and at least this many (default 100). */
  minCandidateNodesAbsolute?: number;
}

function startTime(p: Pod): number {
  const t = p.status?.startTime ?? p.metadata.creationTimestamp;
  return t ? Date.parse(t) : Number.MAX_SAFE_INTEGER;
}

/** util.MoreImportantPod: higher priority, then the one that started earlier. */
export function moreImportant(a: PodInfo, b: PodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return startTime(a.pod) < startTime(b.pod);
}

export class DefaultPreemptionPlugin implements PostFilterPlugin {
  readonly name = NAME;
  private readonly minPercentage: number;
  private readonly minAbsolute: number;

  constructor(
    private readonly handle: FrameworkHandle,
    args: DefaultPreemptionArgs = {},
  ) {
    this.minPercentage = args.minCandidateNodesPercentage ?? 10;
    this.minAbsolute = args.minCandidateNodesAbsolute ?? 100;
  }

  postFilter(state: CycleState, pod: PodInfo, filtered: NodeToStatus): { result?: PostFilterResult; status: Status } {
    const eligible = this.eligible(pod);
    if (eligible) return { status: Status.unschedulable(`preemption: ${eligible}`) };
    const all = this.handle.snapshot.nodeInfos();
    if (all.length === 0) return { status: Status.error('preemption: no nodes available') };
    const statuses = new Map<string, Status>();
    const potential: NodeInfo[] = [];
    for (const ni of all) {
      const s = filtered.statuses.get(ni.name) ?? filtered.absent;
      if (s && s.code === Code.Unschedulable) potential.push(ni);
      else statuses.set(ni.name, Status.unresolvable(ReasonNotHelpful));
    }
    const candidates: Candidate[] = [];
    if (potential.length > 0) {
      const wanted = Math.min(potential.length, Math.max(Math.trunc((potential.length * this.minPercentage) / 100), this.minAbsolute));
      let nonViolating = 0;
      for (const ni of potential) {
        const r = this.selectVictimsOnNode(state, pod, ni);
        if (r.status) {
          statuses.set(ni.name, r.status);
          continue;
        }
        candidates.push({ nodeName: ni.name, victims: r.victims!, numPDBViolations: r.numViolating! });
        if (r.numViolating === 0) nonViolating++;
        if (nonViolating >= wanted) break;
      }
    }
    if (candidates.length === 0) {
      const msg = fitErrorMessage({ numAllNodes: all.length, statuses, absent: Status.unresolvable(ReasonNotHelpful) });
      return { result: { nominatedNodeName: '' }, status: Status.unschedulable(`preemption: ${msg}`) };
    }
    const best = pickOneNodeForPreemption(candidates);
    return {
      result: { nominatedNodeName: best.nodeName, victims: best.victims.map((v) => v.pod) },
      status: Status.success(),
    };
  }

  /** Why the pod may not preempt, or undefined when it may. */
  private eligible(pod: PodInfo): string | undefined {
    if (pod.pod.spec.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
    const nominated = pod.pod.status?.nominatedNodeName;
    if (nominated) {
      const ni = this.handle.snapshot.get(nominated);
      if (ni && ni.pods.some((p) => p.pod.metadata.deletionTimestamp && p.priority < pod.priority)) {
        return 'not eligible due to a terminating pod on the nominated node.';
      }
    }
    return undefined;
  }

  private selectVictimsOnNode(cycle: CycleState, pod: PodInfo, original: NodeInfo): { status?: Status; victims?: PodInfo[]; numViolating?: number } {
    const state = cycle.clone();
    const ni = original.clone();
    const potential: PodInfo[] = [];
    const remove = (p: PodInfo) => {
      ni.removePod(p.key);
      return this.handle.runPreFilterExtensionRemovePod(state, pod, p, ni);
    };
    const add = (p: PodInfo) => {
      ni.addPod(p);
      return this.handle.runPreFilterExtensionAddPod(state, pod, p, ni);
    };
    for (const p of original.pods) {
      if (p.priority < pod.priority) {
        potential.push(p);
        const s = remove(p);
        if (s) return { status: s };
      }
    }
    if (potential.length === 0) return { status: Status.unresolvable(ReasonNoVictims) };
    const fits = this.handle.runFilterPluginsWithNominatedPods(state, pod, ni);
    if (fits && fits.code !== Code.Success) return { status: fits };
    potential.sort((a, b) => (moreImportant(a, b) ? -1 : moreImportant(b, a) ? 1 : 0));
    const [violating, nonViolating] = splitByPDBViolation(potential, this.handle.snapshot.pdbs);
    const victims: PodInfo[] = [];
    const reprieve = (p: PodInfo): boolean => {
      add(p);
      const s = this.handle.runFilterPluginsWithNominatedPods(state, pod, ni);
      const ok = !s || s.code === Code.Success;
      if (!ok) {
        remove(p);
        victims.push(p);
      }
      return ok;
    };
    let numViolating = 0;
    for (const p of violating) if (!reprieve(p)) numViolating++;
    for (const p of nonViolating) reprieve(p);
    if (violating.length > 0 && nonViolating.length > 0) victims.sort((a, b) => (moreImportant(a, b) ? -1 : moreImportant(b, a) ? 1 : 0));
    return { victims, numViolating };
  }
}

/** Victims whose eviction would exceed a PodDisruptionBudget's disruptionsAllowed, and the rest. */
export function splitByPDBViolation(pods: readonly PodInfo[], pdbs: readonly PodDisruptionBudget[]): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((p) => {
    const sel = p.spec?.selector;
    // A PDB with a nil or empty selector matches nothing.
    if (!sel || (!sel.matchLabels && !sel.matchExpressions) || (Object.keys(sel.matchLabels ?? {}).length === 0 && !(sel.matchExpressions ?? []).length)) return undefined;
    return compileLabelSelector(sel);
  });
  const violating: PodInfo[] = [];
  const ok: PodInfo[] = [];
  for (const p of pods) {
    let violates = false;
    const labels = p.pod.metadata.labels;
    if (labels) {
      for (let i = 0; i < pdbs.length; i++) {
        const pdb = pdbs[i];
        if ((pdb.metadata.namespace ?? 'default') !== podNamespace(p.pod)) continue;
        if (!selectors[i] || !selectors[i]!.matches(labels)) continue;
        if (pdb.status?.disruptedPods && p.pod.metadata.name! in pdb.status.disruptedPods) continue;
        allowed[i]--;
        if (allowed[i] < 0) violates = true;
      }
    }
    (violates ? violating : ok).push(p);
  }
  return [violating, ok];
}
