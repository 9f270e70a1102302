// The Deployment controller: owns ReplicaSets (one per pod template, named
// `<deployment>-<pod-template-hash>`), rolls from old to new within maxSurge/maxUnavailable
// (or Recreate), scales proportionally, prunes history past revisionHistoryLimit and reports
// status and conditions. Undo is kubectl's: it copies an old ReplicaSet's template back.
import type { KubeObject } from '../../../kube/object';
import { labelSelectorFromSpec, matchesLabels, type LabelSelectorSpec } from '../../../kube/selectors';
import { objectKey } from '../../client/informer';
import { isAlreadyExists, isConflict, isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController, splitKey } from '../controller-base';
import { controllerRef, controllerRefOf, templateHash } from '../controller-ref';
import { OwnerIndex } from '../owner-index';
import { byCreation, findNewReplicaSet, maxRevision, POD_TEMPLATE_HASH, replicaSetAnnotations, REVISION_ANNOTATION, revisionOf, DESIRED_REPLICAS_ANNOTATION } from './revisions';
import { isRollingUpdate, newReplicaSetReplicas, replicasOf, specReplicas, surgeAndUnavailable } from './rolling';
import { calculateStatus, deploymentComplete, setCondition, updateProgressing, type DeploymentStatus } from './status';

const DEFAULT_HISTORY_LIMIT = 10;

export class DeploymentController extends QueueController {
  private sets!: OwnerIndex;
  private pods!: OwnerIndex;

  constructor(ctx: ControlLoopContext) {
    super('deployment-controller', ctx, 5);
  }

  start(): void {
    this.ctx.informers.for(R.deployments).on({
      add: (d) => this.queue.add(objectKey(d)),
      update: (d) => this.queue.add(objectKey(d)),
      delete: (d) => this.queue.add(objectKey(d)),
    });
    this.sets = new OwnerIndex(
      this.ctx.informers.for(R.replicaSets),
      (rs, old) => {
        this.enqueueOwner(rs);
        if (old) this.enqueueOwner(old);
      },
      (rs) => this.enqueueOwner(rs),
    );
    this.pods = new OwnerIndex(this.ctx.informers.for(R.pods), undefined, (pod) => {
      // Recreate waits for old pods to be gone.
      const ref = controllerRefOf(pod);
      if (ref?.kind !== 'ReplicaSet') return;
      const rs = this.ctx.informers.for(R.replicaSets).get(pod.metadata.namespace, ref.name);
      if (rs) this.enqueueOwner(rs);
    });
  }

  private enqueueOwner(rs: KubeObject): void {
    const ref = controllerRefOf(rs);
    const deployments = this.ctx.informers.for(R.deployments);
    if (ref) {
      if (ref.kind !== 'Deployment') return;
      const d = deployments.get(rs.metadata.namespace, ref.name);
      if (d && d.metadata.uid === ref.uid) this.queue.add(objectKey(d));
      return;
    }
    for (const d of deployments.list(rs.metadata.namespace)) {
      if (matchesLabels(labelSelectorFromSpec(d.spec?.selector as LabelSelectorSpec), rs.metadata.labels)) this.queue.add(objectKey(d));
    }
  }

  protected async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.ctx.informers.for(R.deployments).get(namespace, name);
    if (!cached) return;
    // A copy: this sync updates it as it writes, and the informer's cache must stay as served.
    const d = structuredClone(cached);
    const sets = await this.ownedReplicaSets(d);
    if (d.metadata.deletionTimestamp) {
      await this.writeStatus(d, calculateStatus(d, sets, findNewReplicaSet(d, sets), this.ctx.clock.now()));
      return;
    }
    const selector = d.spec?.selector as LabelSelectorSpec | undefined;
    if (!selector || labelSelectorFromSpec(selector).length === 0) return; // upstream: "selects nothing"
    if (d.spec?.paused) return this.syncScaling(d, sets, true);
    if (this.isScalingEvent(d, sets)) return this.syncScaling(d, sets, false);
    return isRollingUpdate(d) ? this.rolloutRolling(d, sets) : this.rolloutRecreate(d, sets);
  }

  private async ownedReplicaSets(d: KubeObject): Promise<KubeObject[]> {
    const owned = this.sets.owned(d.metadata.uid);
    if (d.metadata.deletionTimestamp) return owned;
    const selector = labelSelectorFromSpec(d.spec?.selector as LabelSelectorSpec);
    if (selector.length === 0) return owned;
    for (const rs of this.sets.orphansIn(d.metadata.namespace)) {
      if (!matchesLabels(selector, rs.metadata.labels)) continue;
      try {
        const adopted = await this.client.patch<KubeObject>({ ...R.replicaSets, namespace: rs.metadata.namespace, name: rs.metadata.name }, { metadata: { ownerReferences: [...(rs.metadata.ownerReferences ?? []), controllerRef(d)], uid: rs.metadata.uid } }, 'strategic');
        owned.push(adopted);
      } catch (e) {
        if (!isNotFound(e) && !isConflict(e)) throw e;
      }
    }
    return owned;
  }

  /** Any active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
  private isScalingEvent(d: KubeObject, sets: KubeObject[]): boolean {
    const replicas = replicasOf(d);
    return sets.some((rs) => (rs.spec?.replicas ?? 0) > 0 && rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION] !== undefined && Number(rs.metadata.annotations[DESIRED_REPLICAS_ANNOTATION]) !== replicas);
  }

  /** getAllReplicaSetsAndSyncRevision: finds (or creates) the new ReplicaSet and keeps revisions current. */
  private async newAndOld(d: KubeObject, sets: KubeObject[], create: boolean): Promise<{ newRS?: KubeObject; old: KubeObject[] }> {
    const existing = findNewReplicaSet(d, sets);
    const old = sets.filter((rs) => rs !== existing);
    const revision = maxRevision(old) + 1;
    const [surge] = surgeAndUnavailable(d);
    const replicas = replicasOf(d);
    if (existing) {
      const annotations = replicaSetAnnotations(existing, d, revision, replicas, replicas + surge);
      let newRS = existing;
      if (JSON.stringify(annotations) !== JSON.stringify(existing.metadata.annotations ?? {})) {
        newRS = await this.client.update<KubeObject>({ ...R.replicaSets, namespace: existing.metadata.namespace, name: existing.metadata.name }, { ...existing, metadata: { ...existing.metadata, annotations } });
      }
      await this.syncDeploymentRevision(d, newRS, 'FoundNewReplicaSet', `Found new replica set "${newRS.metadata.name}"`);
      return { newRS, old };
    }
    if (!create) return { old };
    const collisionCount = (d.status?.collisionCount as number | undefined) ?? 0;
    const hash = templateHash(d.spec?.template, collisionCount);
    const template = structuredClone(d.spec?.template ?? {});
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };
    const selector = structuredClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const count = newReplicaSetReplicas(d, old, undefined);
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: template.metadata.labels,
        annotations: replicaSetAnnotations(undefined, d, revision, replicas, replicas + surge),
        ownerReferences: [controllerRef(d)],
      },
      spec: { replicas: count, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    let created: KubeObject;
    try {
      created = await this.client.create<KubeObject>({ ...R.replicaSets, namespace: d.metadata.namespace }, rs);
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      const clash = await this.client.get<KubeObject>({ ...R.replicaSets, namespace: d.metadata.namespace, name: rs.metadata.name });
      if (controllerRefOf(clash)?.uid === d.metadata.uid && findNewReplicaSet(d, [clash])) return { newRS: clash, old };
      // A hash collision: bump collisionCount so the next attempt hashes differently.
      await this.client.update({ ...R.deployments, namespace: d.metadata.namespace, name: d.metadata.name, subresource: 'status' }, { ...d, status: { ...(d.status ?? {}), collisionCount: collisionCount + 1 } });
      throw e;
    }
    if (count > 0) this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${count}`);
    await this.syncDeploymentRevision(d, created, 'NewReplicaSetCreated', `Created new replica set "${created.metadata.name}"`);
    return { newRS: created, old };
  }

  /** The Deployment carries its new ReplicaSet's revision; Progressing says which one it found or created. */
  private async syncDeploymentRevision(d: KubeObject, newRS: KubeObject, reason: string, message: string): Promise<void> {
    const revision = newRS.metadata.annotations?.[REVISION_ANNOTATION];
    const status = structuredClone((d.status ?? {}) as DeploymentStatus);
    const progressing = status.conditions?.find((c) => c.type === 'Progressing');
    const needsCondition = !progressing && d.spec?.progressDeadlineSeconds !== 2147483647;
    if (needsCondition) {
      setCondition(status, { type: 'Progressing', status: 'True', reason, message }, this.ctx.clock.now());
      d.status = status;
      await this.writeStatus(d, status, true);
    }
    if (revision !== undefined && d.metadata.annotations?.[REVISION_ANNOTATION] !== revision) {
      const updated = await this.client.patch<KubeObject>({ ...R.deployments, namespace: d.metadata.namespace, name: d.metadata.name }, { metadata: { annotations: { [REVISION_ANNOTATION]: revision } } }, 'merge');
      d.metadata = updated.metadata;
    }
  }

  private async scaleReplicaSet(d: KubeObject, rs: KubeObject, to: number): Promise<KubeObject> {
    const from = (rs.spec?.replicas as number | undefined) ?? 0;
    const [surge] = surgeAndUnavailable(d);
    const replicas = replicasOf(d);
    const annotations = { ...(rs.metadata.annotations ?? {}), [DESIRED_REPLICAS_ANNOTATION]: String(replicas), 'deployment.kubernetes.io/max-replicas': String(replicas + surge) };
    if (from === to && JSON.stringify(annotations) === JSON.stringify(rs.metadata.annotations ?? {})) return rs;
    const updated = await this.client.update<KubeObject>({ ...R.replicaSets, namespace: rs.metadata.namespace, name: rs.metadata.name }, { ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...rs.spec, replicas: to } });
    if (from !== to) this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`);
    return updated;
  }

  private async rolloutRolling(d: KubeObject, sets: KubeObject[]): Promise<void> {
    const { newRS, old } = await this.newAndOld(d, sets, true);
    const all = newRS ? [newRS, ...old] : old;
    if (newRS) {
      const target = replicasOf(d) < (newRS.spec?.replicas ?? 0) ? replicasOf(d) : newReplicaSetReplicas(d, all, newRS);
      if (target !== newRS.spec?.replicas) {
        const scaled = await this.scaleReplicaSet(d, newRS, target);
        return this.syncRolloutStatus(d, [scaled, ...old], scaled);
      }
    }
    if (await this.reconcileOld(d, old, newRS)) return this.syncRolloutStatus(d, all, newRS);
    if (deploymentComplete(d, (d.status ?? {}) as DeploymentStatus)) await this.cleanup(d, old);
    return this.syncRolloutStatus(d, all, newRS);
  }

  /** reconcileOldReplicaSets: scale old ReplicaSets down while keeping replicas - maxUnavailable available. */
  private async reconcileOld(d: KubeObject, old: KubeObject[], newRS: KubeObject | undefined): Promise<boolean> {
    const active = old.filter((rs) => (rs.spec?.replicas ?? 0) > 0);
    if (active.length === 0) return false;
    const all = newRS ? [newRS, ...old] : old;
    const [, maxUnavailable] = surgeAndUnavailable(d);
    const minAvailable = replicasOf(d) - maxUnavailable;
    const newUnavailable = newRS ? (newRS.spec?.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0) : 0;
    let maxScaleDown = specReplicas(all) - minAvailable - newUnavailable;
    if (maxScaleDown <= 0) return false;
    let scaled = false;
    // First the old ReplicaSets' unhealthy pods, which cost no availability.
    for (const rs of [...active].sort(byCreation)) {
      if (maxScaleDown <= 0) break;
      const replicas = rs.spec?.replicas ?? 0;
      const unhealthy = replicas - (rs.status?.availableReplicas ?? 0);
      if (unhealthy <= 0) continue;
      const down = Math.min(maxScaleDown, unhealthy);
      const i = old.indexOf(rs);
      old[i] = await this.scaleReplicaSet(d, rs, replicas - down);
      maxScaleDown -= down;
      scaled = true;
    }
    const allNow = newRS ? [newRS, ...old] : old;
    let budget = allNow.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0) - minAvailable;
    for (const rs of old.filter((x) => (x.spec?.replicas ?? 0) > 0).sort(byCreation)) {
      if (budget <= 0) break;
      const replicas = rs.spec?.replicas ?? 0;
      const down = Math.min(replicas, budget);
      const i = old.indexOf(rs);
      old[i] = await this.scaleReplicaSet(d, rs, replicas - down);
      budget -= down;
      scaled = true;
    }
    return scaled;
  }

  private async rolloutRecreate(d: KubeObject, sets: KubeObject[]): Promise<void> {
    let { newRS, old } = await this.newAndOld(d, sets, false);
    let scaledDown = false;
    for (let i = 0; i < old.length; i++) {
      if ((old[i]!.spec?.replicas ?? 0) === 0) continue;
      old[i] = await this.scaleReplicaSet(d, old[i]!, 0);
      scaledDown = true;
    }
    const all = () => (newRS ? [newRS, ...old] : old);
    if (scaledDown) return this.syncRolloutStatus(d, all(), newRS);
    const oldPodsRunning = old.some((rs) => (rs.status?.replicas ?? 0) > 0 || this.pods.owned(rs.metadata.uid).some((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed'));
    if (oldPodsRunning) return this.syncRolloutStatus(d, all(), newRS);
    if (!newRS) ({ newRS, old } = await this.newAndOld(d, sets, true));
    if (newRS) newRS = await this.scaleReplicaSet(d, newRS, replicasOf(d));
    if (deploymentComplete(d, (d.status ?? {}) as DeploymentStatus)) await this.cleanup(d, old);
    return this.syncRolloutStatus(d, all(), newRS);
  }

  /** Scaling (or a paused Deployment): resize without rolling. */
  private async syncScaling(d: KubeObject, sets: KubeObject[], paused: boolean): Promise<void> {
    const { newRS, old } = await this.newAndOld(d, sets, false);
    const all = newRS ? [newRS, ...old] : [...old];
    await this.scale(d, all, newRS);
    const fresh = all.map((rs) => this.ctx.informers.for(R.replicaSets).get(rs.metadata.namespace, rs.metadata.name ?? '') ?? rs);
    if (paused) await this.cleanup(d, old);
    const status = calculateStatus(d, fresh, newRS, this.ctx.clock.now());
    if (paused) setCondition(status, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }, this.ctx.clock.now());
    else if (status.conditions?.find((c) => c.type === 'Progressing')?.reason === 'DeploymentPaused') {
      setCondition(status, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed' }, this.ctx.clock.now());
    }
    await this.writeStatus(d, status);
  }

  private async scale(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined): Promise<void> {
    const replicas = replicasOf(d);
    const active = all.filter((rs) => (rs.spec?.replicas ?? 0) > 0);
    const target = active.length === 1 ? active[0] : active.length === 0 ? (newRS ?? [...all].sort(byRevisionDesc)[0]) : undefined;
    if (target) {
      const i = all.indexOf(target);
      all[i] = await this.scaleReplicaSet(d, target, replicas);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const [surge] = surgeAndUnavailable(d);
    const allowed = replicas > 0 ? replicas + surge : 0;
    const current = specReplicas(active);
    let toAdd = allowed - current;
    if (toAdd === 0) return;
    // Proportional scaling: every active ReplicaSet grows or shrinks in proportion to its size.
    const ordered = [...active].sort((a, b) => (toAdd > 0 ? (b.spec?.replicas ?? 0) - (a.spec?.replicas ?? 0) : (a.spec?.replicas ?? 0) - (b.spec?.replicas ?? 0)));
    const shares = ordered.map((rs) => Math.trunc(((rs.spec?.replicas ?? 0) * toAdd) / current));
    let left = toAdd - shares.reduce((a, b) => a + b, 0);
    shares[0]! += left;
    left = 0;
    for (let k = 0; k < ordered.length; k++) {
      const rs = ordered[k]!;
      const next = Math.max(0, (rs.spec?.replicas ?? 0) + shares[k]!);
      all[all.indexOf(rs)] = await this.scaleReplicaSet(d, rs, next);
    }
    toAdd = left;
  }

  /** Deletes the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit. */
  private async cleanup(d: KubeObject, old: KubeObject[]): Promise<void> {
    const limit = (d.spec?.revisionHistoryLimit as number | undefined) ?? DEFAULT_HISTORY_LIMIT;
    const alive = old.filter((rs) => !rs.metadata.deletionTimestamp);
    const excess = alive.length - limit;
    if (excess <= 0) return;
    const sorted = [...alive].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (let i = 0; i < excess; i++) {
      const rs = sorted[i]!;
      if ((rs.status?.replicas ?? 0) !== 0 || (rs.spec?.replicas ?? 0) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      await this.client.delete({ ...R.replicaSets, namespace: rs.metadata.namespace, name: rs.metadata.name }).catch((e) => {
        if (!isNotFound(e)) throw e;
      });
    }
  }

  private async syncRolloutStatus(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined): Promise<void> {
    const now = this.ctx.clock.now();
    const status = calculateStatus(d, all, newRS, now);
    const recheck = updateProgressing(d, status, newRS, now);
    await this.writeStatus(d, status);
    if (recheck !== undefined) this.queue.addAfter(`${d.metadata.namespace}/${d.metadata.name}`, recheck + 1);
  }

  private async writeStatus(d: KubeObject, status: DeploymentStatus, force = false): Promise<void> {
    for (const k of ['readyReplicas', 'availableReplicas', 'unavailableReplicas', 'updatedReplicas', 'replicas'] as const) if (status[k] === 0) delete status[k];
    if (!force && JSON.stringify(status) === JSON.stringify(d.status ?? {})) return;
    try {
      const updated = await this.client.update<KubeObject>({ ...R.deployments, namespace: d.metadata.namespace, name: d.metadata.name, subresource: 'status' }, { ...d, status });
      d.metadata = updated.metadata;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

function byRevisionDesc(a: KubeObject, b: KubeObject): number {
  return revisionOf(b) - revisionOf(a);
}
