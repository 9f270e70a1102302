// NodeAffinity: spec.nodeSelector and required node affinity filter nodes; preferred
// terms add their weights to a node's score (normalized by the highest).
import { compileNodeSelectorTerm, nodeNamesFromSelector, NodeSelectorMatcher, type NodeTermMatcher } from '../api/selectors';
import type { Node, Pod } from '../api/types';
import type { CycleState, StateData } from '../framework/cycle-state';
import type { ClusterEvent, EnqueueExtensions, FilterPlugin, PreFilterPlugin, PreFilterResult, PreScorePlugin, ScorePlugin } from '../framework/interfaces';
import type { PodInfo } from '../framework/pod-info';
import { type MaybeStatus, Status } from '../framework/status';
import type { NodeInfo } from '../snapshot/node-info';
import { NodeAffinity as NAME } from './names';
import { defaultNormalizeScore } from './normalize';

export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";

/** The pod's hard node constraints (nodeSelector AND required affinity), compiled. */
export interface RequiredNodeAffinity {
  match(node: Node): boolean;
}

class PodNodeAffinity implements RequiredNodeAffinity {
  private readonly selector: Array<[string, string]>;
  private readonly required: NodeSelectorMatcher | undefined;

  constructor(pod: Pod) {
    this.selector = pod.spec.nodeSelector ? Object.entries(pod.spec.nodeSelector) : [];
    const req = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.required = req ? new NodeSelectorMatcher(req) : undefined;
  }

  match(node: Node): boolean {
    if (this.selector.length > 0) {
      const labels = node.metadata.labels ?? {};
      for (const [k, v] of this.selector) if (labels[k] !== v) return false;
    }
    return this.required ? this.required.match(node) : true;
  }
}

export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  return new PodNodeAffinity(pod);
}

class PreFilterState implements StateData {
  constructor(readonly required: RequiredNodeAffinity) {}
  clone(): StateData {
    return this;
  }
}

class PreScoreState implements StateData {
  constructor(readonly preferred: Array<{ weight: number; match: NodeTermMatcher }>) {}
  clone(): StateData {
    return this;
  }
}

const PRE_FILTER_KEY = Symbol(`PreFilter${NAME}`);
const PRE_SCORE_KEY = Symbol(`PreScore${NAME}`);

export class NodeAffinityPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;

  preFilter(state: CycleState, pod: PodInfo): PreFilterResult | MaybeStatus {
    const spec = pod.pod.spec;
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const hasSelector = !!spec.nodeSelector && Object.keys(spec.nodeSelector).length > 0;
    if (!hasSelector && !required) return Status.skip();
    state.write(PRE_FILTER_KEY, new PreFilterState(requiredNodeAffinity(pod.pod)));
    // Terms that all pin metadata.name narrow the search to those nodes.
    const names = required ? nodeNamesFromSelector(required) : undefined;
    if (names) return { nodeNames: names };
    return undefined;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): MaybeStatus {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    const required = s ? s.required : requiredNodeAffinity(pod.pod);
    if (required.match(nodeInfo.node)) return undefined;
    return Status.unresolvable(ErrReasonPod);
  }

  preScore(state: CycleState, pod: PodInfo): MaybeStatus {
    const preferred = pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (preferred.length === 0) return Status.skip();
    const terms = preferred.filter((t) => t.weight !== 0).map((t) => ({ weight: t.weight, match: compileNodeSelectorTerm(t.preference) }));
    state.write(PRE_SCORE_KEY, new PreScoreState(terms));
    return undefined;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s) return 0;
    let total = 0;
    for (const t of s.preferred) if (t.match.match(nodeInfo.node)) total += t.weight;
    return total;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: number[]): MaybeStatus {
    defaultNormalizeScore(scores, false);
    return undefined;
  }

  eventsToRegister(): ClusterEvent[] {
    return [{ resource: 'Node', action: 'Add' }, { resource: 'Node', action: 'UpdateNodeLabel' }];
  }
}
