// NodeResourcesFit: the pod's requests must fit in allocatable minus what the node's
// pods request (and one more pod must be allowed); scores by LeastAllocated, cpu and
// memory weighted 1 each, on requests with kube-scheduler's non-zero defaults.
import type { CycleState, StateData } from '../framework/cycle-state';
import type { ClusterEvent, EnqueueExtensions, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../framework/interfaces';
import type { PodInfo } from '../framework/pod-info';
import { type MaybeStatus, Status } from '../framework/status';
import type { NodeInfo } from '../snapshot/node-info';
import { ROW } from '../snapshot/node-table';
import type { Resource } from '../snapshot/resource';
import { NodeResourcesFit as NAME } from './names';

// Module-local copies of the row layout (see ROW: no getter per use under tsx).
const { ALLOC_CPU, ALLOC_MEMORY, ALLOC_PODS, NONZERO_CPU, NONZERO_MEMORY, POD_COUNT, REQ_CPU, REQ_MEMORY, STRIDE } = ROW;

const MAX_NODE_SCORE = 100;

export const ErrReasonTooManyPods = 'Too many pods';
export const insufficient = (resource: string): string => `Insufficient ${resource}`;

export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

/** fitsRequest: every resource the pod asks for that the node cannot give, in kube-scheduler's order. */
export function fitsRequest(req: Resource, nodeInfo: NodeInfo, ignored?: ReadonlySet<string>): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  const podCount = nodeInfo.pods.length;
  if (podCount + 1 > alloc.allowedPodNumber) {
    out.push({ resourceName: 'pods', reason: ErrReasonTooManyPods, requested: 1, used: podCount, capacity: alloc.allowedPodNumber });
  }
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && (!req.scalar || req.scalar.size === 0)) return out;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) {
    out.push({ resourceName: 'cpu', reason: insufficient('cpu'), requested: req.milliCPU, used: used.milliCPU, capacity: alloc.milliCPU });
  }
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) {
    out.push({ resourceName: 'memory', reason: insufficient('memory'), requested: req.memory, used: used.memory, capacity: alloc.memory });
  }
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    out.push({ resourceName: 'ephemeral-storage', reason: insufficient('ephemeral-storage'), requested: req.ephemeralStorage, used: used.ephemeralStorage, capacity: alloc.ephemeralStorage });
  }
  if (req.scalar) {
    for (const [name, q] of req.scalar) {
      if (q === 0 || ignored?.has(name)) continue;
      if (q > alloc.getScalar(name) - used.getScalar(name)) {
        out.push({ resourceName: name, reason: insufficient(name), requested: q, used: used.getScalar(name), capacity: alloc.getScalar(name) });
      }
    }
  }
  return out;
}

/**
 * The common case without allocating: cpu, memory and pod count fit, nothing else asked.
 * Read from the node's row (node-table.ts), not from NodeInfo's Resource objects.
 */
function fitsQuickly(req: Resource, nodeInfo: NodeInfo): boolean {
  if (req.ephemeralStorage !== 0 || (req.scalar && req.scalar.size !== 0)) return false;
  const r = nodeInfo.table.rows;
  const o = nodeInfo.slot * STRIDE;
  return r[o + POD_COUNT] + 1 <= r[o + ALLOC_PODS] && req.milliCPU <= r[o + ALLOC_CPU] - r[o + REQ_CPU] && req.memory <= r[o + ALLOC_MEMORY] - r[o + REQ_MEMORY];
}

/** ((capacity - requested) * 100) / capacity, 0 when over-committed; integer as in Go. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

class PreFilterState implements StateData {
  constructor(readonly requests: Resource) {}
  clone(): StateData {
    return this;
  }
}

const KEY = Symbol(`PreFilter${NAME}`);

export interface NodeResourcesFitArgs {
  /** Extended resources to leave unchecked. */
  ignoredResources?: string[];
  /** Scoring resources and weights; default cpu and memory, weight 1 each. */
  resources?: Array<{ name: 'cpu' | 'memory'; weight: number }>;
}

export class NodeResourcesFitPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;
  private readonly ignored: ReadonlySet<string>;
  private readonly cpuWeight: number;
  private readonly memoryWeight: number;

  constructor(args: NodeResourcesFitArgs = {}) {
    this.ignored = new Set(args.ignoredResources ?? []);
    const res = args.resources ?? [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }];
    this.cpuWeight = res.find((r) => r.name === 'cpu')?.weight ?? 0;
    this.memoryWeight = res.find((r) => r.name === 'memory')?.weight ?? 0;
  }

  preFilter(state: CycleState, pod: PodInfo): MaybeStatus {
    state.write(KEY, new PreFilterState(pod.requests));
    return undefined;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): MaybeStatus {
    const req = state.read<PreFilterState>(KEY)?.requests ?? pod.requests;
    if (fitsQuickly(req, nodeInfo)) return undefined;
    const missing = fitsRequest(req, nodeInfo, this.ignored);
    if (missing.length === 0) return undefined;
    return Status.unschedulable(...missing.map((m) => m.reason));
  }

  preScore(): MaybeStatus {
    return undefined;
  }

  score(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    // The node's row holds allocatable and non-zero requested (node-table.ts).
    const r = nodeInfo.table.rows;
    const o = nodeInfo.slot * STRIDE;
    const allocCPU = r[o + ALLOC_CPU];
    const allocMemory = r[o + ALLOC_MEMORY];
    let score = 0;
    let weights = 0;
    if (allocCPU > 0 && this.cpuWeight > 0) {
      score += leastRequestedScore(r[o + NONZERO_CPU] + pod.nonZeroMilliCPU, allocCPU) * this.cpuWeight;
      weights += this.cpuWeight;
    }
    if (allocMemory > 0 && this.memoryWeight > 0) {
      score += leastRequestedScore(r[o + NONZERO_MEMORY] + pod.nonZeroMemory, allocMemory) * this.memoryWeight;
      weights += this.memoryWeight;
    }
    return weights === 0 ? 0 : Math.trunc(score / weights);
  }

  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Pod', action: 'Delete' },
      { resource: 'Pod', action: 'UpdatePodScaleDown' },
      { resource: 'Node', action: 'Add' },
      { resource: 'Node', action: 'UpdateNodeAllocatable' },
    ];
  }
}
