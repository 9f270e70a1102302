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

/** Admits a pod requesting `want` next to the admitted pods' requests `running`. */
export function admitPod(want: PodRequests, running: PodRequests[], allocatable: Record<string, string>): Rejection | undefined {
  const used = { cpu: 0, memory: 0 };
  for (const r of running) {
    used.cpu += r.milliCPU;
    used.memory += r.memory;
  }
  const checks: [string, number, number, number][] = [
    ['pods', 1, running.length, toInteger(allocatable.pods ?? '110')],
    ['cpu', want.milliCPU, used.cpu, toMilli(allocatable.cpu ?? '0')],
    ['memory', want.memory, used.memory, toInteger(allocatable.memory ?? '0')],
  ];
  for (const [name, requested, inUse, capacity] of checks) {
    if (requested > 0 && requested + inUse > capacity) {
      return {
        reason: `OutOf${name}`,
        message: `Pod was rejected: Node didn't have enough resource: ${name}, requested: ${requested}, used: ${inUse}, capacity: ${capacity}`,
      };
    }
  }
  return undefined;
}
