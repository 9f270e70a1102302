// NodeResourcesBalancedAllocation: prefers nodes where cpu and memory would be used in
// similar proportions: score = (1 - std of the requested fractions) * 100.
import type { CycleState } from '../framework/cycle-state';
import type { ClusterEvent, EnqueueExtensions, PreScorePlugin, ScorePlugin } from '../framework/interfaces';
import type { PodInfo } from '../framework/pod-info';
import { type MaybeStatus, Status } from '../framework/status';
import type { NodeInfo } from '../snapshot/node-info';
import { ROW } from '../snapshot/node-table';
import { NodeResourcesBalancedAllocation as NAME } from './names';

// Module-local copies of the row layout (see ROW: no getter per use under tsx).
const { ALLOC_CPU, ALLOC_MEMORY, REQ_CPU, REQ_MEMORY, STRIDE } = ROW;

const MAX_NODE_SCORE = 100;

export function balancedResourceScore(requested: readonly number[], allocatable: readonly number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(1, requested[i] / allocatable[i]);
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs((fractions[0] - fractions[1]) / 2);
  } else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export class BalancedAllocationPlugin implements PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;

  preScore(_state: CycleState, pod: PodInfo): MaybeStatus {
    // A best-effort pod would pile onto one node if scored; kube-scheduler skips it.
    if (pod.requests.milliCPU === 0 && pod.requests.memory === 0) return Status.skip();
    return undefined;
  }

  score(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    // Allocatable and requested from the node's row (node-table.ts), not NodeInfo's Resources.
    const r = nodeInfo.table.rows;
    const o = nodeInfo.slot * STRIDE;
    const allocCPU = r[o + ALLOC_CPU];
    const allocMemory = r[o + ALLOC_MEMORY];
    const cpu = r[o + REQ_CPU] + pod.requests.milliCPU;
    const mem = r[o + REQ_MEMORY] + pod.requests.memory;
    if (allocCPU === 0 || allocMemory === 0) return balancedResourceScore([cpu, mem], [allocCPU, allocMemory]);
    const fc = Math.min(1, cpu / allocCPU);
    const fm = Math.min(1, mem / allocMemory);
    return Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX_NODE_SCORE);
  }

  eventsToRegister(): ClusterEvent[] {
    return [];
  }
}
