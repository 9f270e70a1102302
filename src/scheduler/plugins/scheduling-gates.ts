// SchedulingGates: a pod with spec.schedulingGates stays out of the active queue.
import type { Pod } from '../api/types';
import type { ClusterEvent, EnqueueExtensions, PreEnqueuePlugin } from '../framework/interfaces';
import { type MaybeStatus, Status } from '../framework/status';
import { SchedulingGates as NAME } from './names';

export class SchedulingGatesPlugin implements PreEnqueuePlugin, EnqueueExtensions {
  readonly name = NAME;

  preEnqueue(pod: Pod): MaybeStatus {
    const gates = pod.spec.schedulingGates ?? [];
    if (gates.length === 0) return undefined;
    // Go prints a []string as [a b].
    return Status.unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
  }

  eventsToRegister(): ClusterEvent[] {
    return [{ resource: 'Pod', action: 'UpdatePodSchedulingGatesEliminated' }];
  }
}
