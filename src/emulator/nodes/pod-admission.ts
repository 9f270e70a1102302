// The kubelet's own admission of a pod bound to its node: does it fit in what is left of
// the node's allocatable? Upstream rejects with reason OutOf<resource> and phase Failed.
import { toInteger, toMilli } from '../../kube/quantity';

export interface Rejection {
  reason: string;
  message: string;
}

export interface PodRequests {
  milliCPU: number;
  memory: number;
}

/** The node's allocatable pods, cpu (milli) and memory (bytes), parsed once per kubelet. */
export interface AdmissionCapacity {
  pods: number;
  milliCPU: number;
  memory: number;
}

export function admissionCapacity(allocatable: Record<string, string>): AdmissionCapacity {
  return { pods: toInteger(allocatable.pods ?? '110'), milliCPU: toMilli(allocatable.cpu ?? '0'), memory: toInteger(allocatable.memory ?? '0') };
}

/** What the admitted pods use: their count and summed requests. */
export interface AdmittedUsage {
  pods: number;
  milliCPU: number;
  memory: number;
}

/**
 * Admits a pod requesting `want` next to what the admitted pods use. Takes sums and parsed
 * capacity rather than the pods and quantity strings: it runs for every pod bound to the node.
 */
export function admitPod(want: PodRequests, used: AdmittedUsage, capacity: AdmissionCapacity): Rejection | undefined {
  if (used.pods + 1 > capacity.pods) return rejection('pods', 1, used.pods, capacity.pods);
  if (want.milliCPU > 0 && want.milliCPU + used.milliCPU > capacity.milliCPU) return rejection('cpu', want.milliCPU, used.milliCPU, capacity.milliCPU);
  if (want.memory > 0 && want.memory + used.memory > capacity.memory) return rejection('memory', want.memory, used.memory, capacity.memory);
  return undefined;
}

function rejection(name: string, requested: number, inUse: number, capacity: number): Rejection {
  return {
    reason: `OutOf${name}`,
    message: `Pod was rejected: Node didn't have enough resource: ${name}, requested: ${requested}, used: ${inUse}, capacity: ${capacity}`,
  };
}
