// TaintToleration: NoSchedule/NoExecute taints a pod does not tolerate exclude the
// node; untolerated PreferNoSchedule taints lower its score (counted, then reversed).
import { findUntoleratedTaint, tolerationsTolerateTaint } from '../api/tolerations';
import type { Toleration } from '../api/types';
import type { CycleState, StateData } from '../framework/cycle-state';
import type { ClusterEvent, EnqueueExtensions, FilterPlugin, PreScorePlugin, ScorePlugin } from '../framework/interfaces';
import type { PodInfo } from '../framework/pod-info';
import { type MaybeStatus, Status } from '../framework/status';
import type { NodeInfo } from '../snapshot/node-info';
import { ROW } from '../snapshot/node-table';
import { TaintToleration as NAME } from './names';
import { defaultNormalizeScore } from './normalize';

// Module-local copies of the row layout (see ROW: no getter per use under tsx).
const { FILTER_TAINTS, FLAGS, PREFER_TAINTS, STRIDE } = ROW;

const FILTER_EFFECTS = ['NoSchedule', 'NoExecute'];
const STATE_KEY = Symbol(`PreScore${NAME}`);

export function untoleratedTaintReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ''}}`;
}

class PreScoreState implements StateData {
  constructor(readonly tolerations: Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

export class TaintTolerationPlugin implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): MaybeStatus {
    // Untainted nodes (most) are answered from the row's flags without touching the Node.
    if ((nodeInfo.table.rows[nodeInfo.slot * STRIDE + FLAGS] & FILTER_TAINTS) === 0) return undefined;
    const taints = nodeInfo.node.spec?.taints;
    if (!taints || taints.length === 0) return undefined;
    const taint = findUntoleratedTaint(taints, pod.pod.spec.tolerations, FILTER_EFFECTS);
    if (!taint) return undefined;
    return Status.unresolvable(untoleratedTaintReason(taint.key, taint.value));
  }

  preScore(state: CycleState, pod: PodInfo): MaybeStatus {
    const prefer = (pod.pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(STATE_KEY, new PreScoreState(prefer));
    return undefined;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    if ((nodeInfo.table.rows[nodeInfo.slot * STRIDE + FLAGS] & PREFER_TAINTS) === 0) return 0;
    const taints = nodeInfo.node.spec?.taints;
    if (!taints || taints.length === 0) return 0;
    const tolerations = state.read<PreScoreState>(STATE_KEY)?.tolerations ?? [];
    let count = 0;
    for (const taint of taints) {
      if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) count++;
    }
    return count;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: number[]): MaybeStatus {
    defaultNormalizeScore(scores, true);
    return undefined;
  }

  eventsToRegister(): ClusterEvent[] {
    return [{ resource: 'Node', action: 'Add' }, { resource: 'Node', action: 'UpdateNodeTaint' }, { resource: 'Pod', action: 'UpdatePodToleration' }];
  }
}
