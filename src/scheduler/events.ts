// The wording of the events kube-scheduler records, for the loop that emits them.
import type { Pod } from './api/types';
import { podNamespace } from './api/types';

/** Reason "Scheduled", type Normal. */
export function scheduledMessage(pod: Pod, nodeName: string): string {
  return `Successfully assigned ${podNamespace(pod)}/${pod.metadata.name ?? ''} to ${nodeName}`;
}

/** Reason "Preempted" on each victim, type Normal. */
export function preemptedMessage(preemptor: Pod, nodeName: string): string {
  return `Preempted by pod ${preemptor.metadata.uid ?? ''} on node ${nodeName}`;
}

export const EventReasonScheduled = 'Scheduled';
export const EventReasonFailedScheduling = 'FailedScheduling';
export const EventReasonPreempted = 'Preempted';
