// The ReplicaSet controller: keeps spec.replicas active pods, adopting orphans that match
// the selector, creating pods `<rs>-xxxxx` with a controller ownerReference, deleting the
// least valuable ones on scale-down, and reporting replicas/ready/available in status.
import type { KubeObject } from '../../../kube/object';
import { labelSelectorFromSpec, matchesLabels, type LabelSelectorSpec } from '../../../kube/selectors';
import { objectKey } from '../../client/informer';
import { isConflict, isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController, splitKey } from '../controller-base';
import { availableAt, controllerRef, controllerRefOf, errorText, isPodActive, isPodAvailable, isPodReady } from '../controller-ref';
import { Expectations } from '../expectations';
import { OwnerIndex } from '../owner-index';
import { createPod, podFromTemplate, slowStartBatch } from '../pod-control';
import { compareForDeletion } from './pod-ranking';

/** At most this many pods are created or deleted per sync (upstream's burstReplicas). */
const BURST_REPLICAS = 500;

export class ReplicaSetController extends QueueController {
  private readonly expectations: Expectations;
  private pods!: OwnerIndex;

  constructor(ctx: ControlLoopContext) {
    super('replicaset-controller', ctx, 5);
    this.expectations = new Expectations(ctx.clock);
  }

  start(): void {
    const sets = this.ctx.informers.for(R.replicaSets);
    sets.on({
      add: (rs) => this.queue.add(objectKey(rs)),
      update: (rs) => this.queue.add(objectKey(rs)),
      delete: (rs) => {
        this.expectations.forget(objectKey(rs));
        this.queue.add(objectKey(rs));
      },
    });
    this.pods = new OwnerIndex(
      this.ctx.informers.for(R.pods),
      (pod, old) => this.podChanged(pod, old),
      (pod) => {
        const key = this.ownerKey(pod);
        if (!key) return;
        this.expectations.deletionObserved(key);
        this.queue.add(key);
      },
    );
  }

  private ownerKey(pod: KubeObject): string | undefined {
    const ref = controllerRefOf(pod);
    if (ref?.kind !== 'ReplicaSet') return undefined;
    const rs = this.ctx.informers.for(R.replicaSets).get(pod.metadata.namespace, ref.name);
    return rs && rs.metadata.uid === ref.uid ? objectKey(rs) : undefined;
  }

  private podChanged(pod: KubeObject, old?: KubeObject): void {
    const key = this.ownerKey(pod);
    if (!old) {
      if (key) {
        this.expectations.creationObserved(key);
        this.queue.add(key);
      } else if (!controllerRefOf(pod)) this.enqueueMatching(pod);
      return;
    }
    if (pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp && key) this.expectations.deletionObserved(key);
    const oldKey = this.ownerKey(old);
    if (oldKey && oldKey !== key) this.queue.add(oldKey);
    if (key) {
      this.queue.add(key);
      const rs = this.ctx.informers.for(R.replicaSets).get(pod.metadata.namespace, splitKey(key).name);
      const minReady = (rs?.spec?.minReadySeconds as number | undefined) ?? 0;
      const at = availableAt(pod, minReady);
      if (at !== undefined) this.queue.addAfter(key, at - this.ctx.clock.now() + 1);
    } else if (!controllerRefOf(pod)) this.enqueueMatching(pod);
  }

  /** An orphan pod: the ReplicaSets whose selector matches it may adopt it. */
  private enqueueMatching(pod: KubeObject): void {
    if (pod.metadata.deletionTimestamp) return;
    for (const rs of this.ctx.informers.for(R.replicaSets).list(pod.metadata.namespace)) {
      if (matchesLabels(labelSelectorFromSpec(rs.spec?.selector as LabelSelectorSpec), pod.metadata.labels)) this.queue.add(objectKey(rs));
    }
  }

  protected async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const rs = this.ctx.informers.for(R.replicaSets).get(namespace, name);
    if (!rs) {
      this.expectations.forget(key);
      return;
    }
    const selector = labelSelectorFromSpec(rs.spec?.selector as LabelSelectorSpec);
    if (!rs.metadata.deletionTimestamp) await this.adoptOrphans(rs, selector);
    const active = this.pods.owned(rs.metadata.uid).filter(isPodActive);
    let failure: string | undefined;
    if (this.expectations.satisfied(key) && !rs.metadata.deletionTimestamp) failure = await this.manageReplicas(key, rs, active);
    await this.updateStatus(rs, this.pods.owned(rs.metadata.uid).filter(isPodActive), failure);
  }

  private async adoptOrphans(rs: KubeObject, selector: ReturnType<typeof labelSelectorFromSpec>): Promise<void> {
    if (selector.length === 0) return;
    for (const pod of this.pods.orphansIn(rs.metadata.namespace)) {
      if (!isPodActive(pod) || !matchesLabels(selector, pod.metadata.labels)) continue;
      const refs = [...(pod.metadata.ownerReferences ?? []), controllerRef(rs)];
      await this.client
        .patch({ ...R.pods, namespace: pod.metadata.namespace, name: pod.metadata.name }, { metadata: { ownerReferences: refs, uid: pod.metadata.uid } }, 'strategic')
        .catch((e) => {
          if (!isNotFound(e) && !isConflict(e)) throw e;
        });
    }
  }

  /** Returns a failure message for the ReplicaFailure condition, if creating pods failed. */
  private async manageReplicas(key: string, rs: KubeObject, active: KubeObject[]): Promise<string | undefined> {
    const wanted = (rs.spec?.replicas as number | undefined) ?? 1;
    const diff = active.length - wanted;
    if (diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expect(key, count, 0);
      const result = await slowStartBatch(count, async () => {
        const pod = await createPod(this.client, podFromTemplate(rs.spec?.template ?? {}, rs, `${rs.metadata.name}-`));
        this.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
      });
      for (let i = result.created; i < count; i++) this.expectations.creationObserved(key);
      if (result.error !== undefined) {
        const message = errorText(result.error);
        this.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${message}`);
        this.queue.addRateLimited(key);
        return message;
      }
      if (-diff > count) this.queue.add(key);
    } else if (diff > 0) {
      const count = Math.min(diff, BURST_REPLICAS);
      const victims = [...active].sort(compareForDeletion).slice(0, count);
      this.expectations.expect(key, 0, count);
      await Promise.all(
        victims.map(async (pod) => {
          try {
            await this.client.delete({ ...R.pods, namespace: pod.metadata.namespace, name: pod.metadata.name }, { preconditions: { uid: pod.metadata.uid } });
            this.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
          } catch (e) {
            this.expectations.deletionObserved(key);
            if (!isNotFound(e)) {
              this.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${errorText(e)}`);
              throw e;
            }
          }
        }),
      );
    }
    return undefined;
  }

  private async updateStatus(rs: KubeObject, active: KubeObject[], failure: string | undefined): Promise<void> {
    const now = this.ctx.clock.now();
    const minReady = (rs.spec?.minReadySeconds as number | undefined) ?? 0;
    const templateLabels = (rs.spec?.template?.metadata?.labels as Record<string, string> | undefined) ?? {};
    const old = rs.status ?? {};
    const status: Record<string, unknown> = {
      replicas: active.length,
      fullyLabeledReplicas: active.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v)).length,
      readyReplicas: active.filter(isPodReady).length,
      availableReplicas: active.filter((p) => isPodAvailable(p, minReady, now)).length,
      observedGeneration: rs.metadata.generation,
    };
    const conditions = ((old.conditions as { type: string }[] | undefined) ?? []).filter((c) => c.type !== 'ReplicaFailure');
    if (failure !== undefined) {
      conditions.push({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: failure, lastTransitionTime: new Date(now).toISOString().replace(/\.\d+Z$/, 'Z') } as { type: string });
    }
    if (conditions.length > 0) status.conditions = conditions;
    for (const k of ['readyReplicas', 'availableReplicas', 'fullyLabeledReplicas'] as const) if (status[k] === 0) delete status[k];
    const same = ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'].every((k) => (old[k] ?? 0) === (status[k] ?? 0)) && JSON.stringify(old.conditions ?? []) === JSON.stringify(status.conditions ?? []);
    if (same) return;
    try {
      await this.client.update({ ...R.replicaSets, namespace: rs.metadata.namespace, name: rs.metadata.name, subresource: 'status' }, { ...rs, status });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
  }
}
