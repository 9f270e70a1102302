// PrioritySort: higher priority first, then the pod that entered the queue first.
import type { QueuedPodInfo, QueueSortPlugin } from '../framework/interfaces';
import { PrioritySort as NAME } from './names';

export class PrioritySortPlugin implements QueueSortPlugin {
  readonly name = NAME;

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const pa = a.pod.spec.priority ?? 0;
    const pb = b.pod.spec.priority ?? 0;
    return pa > pb || (pa === pb && a.timestamp < b.timestamp);
  }
}
