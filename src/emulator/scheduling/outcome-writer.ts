// What kube-scheduler writes back after an attempt: the Binding and a Scheduled event, or
// a FailedScheduling event, the PodScheduled=False condition and status.nominatedNodeName,
// and the graceful deletion of preemption victims (with a Preempted event on each).
import type { Clock } from '../../kube/clock';
import type { KubeObject } from '../../kube/object';
import {
  EventReasonFailedScheduling,
  EventReasonPreempted,
  EventReasonScheduled,
  preemptedMessage,
  scheduledMessage,
  type Binding,
  type Pod,
} from '../../scheduler/index';
import { isNotFound, type LoopbackClient } from '../client/loopback-client';
import { R } from '../client/paths';
import { ApiEventRecorder } from '../controllers/events';
import type { Log } from '../log';

const asPod = (pod: Pod): KubeObject => ({ ...pod, apiVersion: 'v1', kind: 'Pod' });

export class SchedulingOutcomeWriter {
  private readonly events: ApiEventRecorder;

  constructor(
    private readonly client: LoopbackClient,
    private readonly clock: Clock,
    schedulerName: string,
    private readonly log: Log,
  ) {
    this.events = new ApiEventRecorder(client, schedulerName, clock, log);
  }

  /** POSTs pods/binding; resolves false when the API refused it (the pod is requeued). */
  async bind(pod: Pod, nodeName: string, binding: Binding | undefined): Promise<boolean> {
    const namespace = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    const body: Binding = binding ?? { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace, uid: pod.metadata.uid }, target: { apiVersion: 'v1', kind: 'Node', name: nodeName } };
    try {
      await this.client.noResult.create({ ...R.pods, namespace, name, subresource: 'binding' }, body);
    } catch (e) {
      if (!isNotFound(e)) this.log(`binding ${namespace}/${name} to ${nodeName} failed: ${e instanceof Error ? e.message : String(e)}`, 'W');
      return false;
    }
    this.events.event(asPod(pod), 'Normal', EventReasonScheduled, scheduledMessage(pod, nodeName));
    return true;
  }

  /** Records a failed attempt: event, PodScheduled=False (only when it changed) and the nomination. */
  async failed(pod: Pod, outcome: 'Unschedulable' | 'Error', message: string, nominatedNodeName: string | undefined): Promise<void> {
    this.events.event(asPod(pod), 'Warning', EventReasonFailedScheduling, message);
    const reason = outcome === 'Error' ? 'SchedulerError' : 'Unschedulable';
    const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const conditionChanged = !current || current.status !== 'False' || current.reason !== reason || current.message !== message;
    const nominationChanged = nominatedNodeName !== undefined && pod.status?.nominatedNodeName !== nominatedNodeName;
    if (!conditionChanged && !nominationChanged) return;
    const status: Record<string, unknown> = {};
    if (conditionChanged) {
      const lastTransitionTime = current?.status === 'False' ? (current as { lastTransitionTime?: string }).lastTransitionTime : undefined;
      status.conditions = [
        { type: 'PodScheduled', status: 'False', reason, message, lastProbeTime: null, lastTransitionTime: lastTransitionTime ?? this.now() },
      ];
    }
    if (nominationChanged) status.nominatedNodeName = nominatedNodeName;
    const ref = { ...R.pods, namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '', subresource: 'status' };
    await this.client.noResult.patch(ref, { status }, 'strategic').catch((e) => {
      if (!isNotFound(e)) this.log(`updating PodScheduled of ${ref.namespace}/${ref.name} failed: ${e instanceof Error ? e.message : String(e)}`, 'W');
    });
  }

  /** Deletes the victims gracefully (their kubelets finish the deletion). */
  async preempt(preemptor: Pod, nodeName: string, victims: Pod[]): Promise<void> {
    await Promise.all(
      victims.map(async (v) => {
        this.events.event(asPod(v), 'Normal', EventReasonPreempted, preemptedMessage(preemptor, nodeName));
        const ref = { ...R.pods, namespace: v.metadata.namespace ?? 'default', name: v.metadata.name ?? '' };
        await this.client.noResult.delete(ref, { preconditions: v.metadata.uid ? { uid: v.metadata.uid } : undefined }).catch((e) => {
          if (!isNotFound(e)) this.log(`preempting ${ref.namespace}/${ref.name} failed: ${e instanceof Error ? e.message : String(e)}`, 'W');
        });
      }),
    );
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  }
}
