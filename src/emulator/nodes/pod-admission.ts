// The kubelet's own admission of a pod bound to its node: does it fit in what is left of
// the node's allocatable? Upstream rejects with reason OutOf<resource> and phase Failed.
import type { KubeObject } from '../../kube/object';
import { toInteger, toMilli } from '../../kube/quantity';
import type { Pod } from '../../scheduler/api/types';
import { podRequests } from '../../scheduler/snapshot/resource';

export interface Rejection {
  reason: string;
  message: string;
}

export function admitPod(pod: KubeObject, running: KubeObject[], allocatable: Record<string, string>): Rejection | undefined {
  const want = podRequests(pod as unknown as Pod);
  const used = { cpu: 0, memory: 0 };
  for (const p of running) {
    const r = podRequests(p as unknown as Pod);
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
