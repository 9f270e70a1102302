// The StatefulSet controller: pods `<sts>-0..N-1` with stable names and hostnames, their
// PersistentVolumeClaims `<claim>-<sts>-<i>` from volumeClaimTemplates, created in order and
// only after the previous pod is Running and Ready (OrderedReady) or all at once (Parallel),
// removed from the highest ordinal down, and rolling updates from the highest ordinal down.
import type { KubeObject } from '../../../kube/object';
import { objectKey } from '../../client/informer';
import { isAlreadyExists, isConflict, isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController, splitKey } from '../controller-base';
import { canonicalJson, controllerRefOf, isPodAvailable, isPodReady, isTerminating, podPhase } from '../controller-ref';
import { CONTROLLER_REVISION_HASH, ensureCurrentRevision } from '../daemonset/history';
import { OwnerIndex } from '../owner-index';
import { createPod, podFromTemplate } from '../pod-control';

const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export class StatefulSetController extends QueueController {
  private pods!: OwnerIndex;
  private revisions!: OwnerIndex;

  constructor(ctx: ControlLoopContext) {
    super('statefulset-controller', ctx, 3);
  }

  start(): void {
    this.ctx.informers.for(R.statefulSets).on({ add: (s) => this.queue.add(objectKey(s)), update: (s) => this.queue.add(objectKey(s)) });
    const requeue = (pod: KubeObject) => {
      const ref = controllerRefOf(pod);
      if (ref?.kind === 'StatefulSet') this.queue.add(`${pod.metadata.namespace}/${ref.name}`);
    };
    this.pods = new OwnerIndex(this.ctx.informers.for(R.pods), requeue, requeue);
    this.revisions = new OwnerIndex(this.ctx.informers.for(R.controllerRevisions));
  }

  protected async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.ctx.informers.for(R.statefulSets).get(namespace, name);
    if (!cached || cached.metadata.deletionTimestamp) return;
    const sts = structuredClone(cached);
    const { hash } = await ensureCurrentRevision(this.client, sts, this.revisions.owned(sts.metadata.uid));
    const replicas = (sts.spec?.replicas as number | undefined) ?? 1;
    const parallel = sts.spec?.podManagementPolicy === 'Parallel';
    const byOrdinal = new Map<number, KubeObject>();
    for (const pod of this.pods.owned(sts.metadata.uid)) {
      const ordinal = ordinalOf(sts, pod);
      if (ordinal !== undefined) byOrdinal.set(ordinal, pod);
    }
    const healthy = (p: KubeObject | undefined) => !!p && !isTerminating(p) && podPhase(p) === 'Running' && isPodReady(p);
    await this.manage(sts, hash, replicas, parallel, byOrdinal, healthy);
    await this.updateStatus(sts, hash, byOrdinal);
  }

  private async manage(sts: KubeObject, hash: string, replicas: number, parallel: boolean, byOrdinal: Map<number, KubeObject>, healthy: (p?: KubeObject) => boolean): Promise<void> {
    for (let i = 0; i < replicas; i++) {
      const pod = byOrdinal.get(i);
      if (pod && podPhase(pod) === 'Failed' && !isTerminating(pod)) {
        await this.deletePod(sts, pod);
        if (!parallel) return;
        continue;
      }
      if (!pod) {
        await this.createPod(sts, hash, i);
        if (!parallel) return;
        continue;
      }
      if (!parallel && !healthy(pod)) return;
    }
    // Scale down: highest ordinal first; OrderedReady waits for the rest to be healthy.
    const excess = [...byOrdinal.keys()].filter((i) => i >= replicas).sort((a, b) => b - a);
    for (const i of excess) {
      const pod = byOrdinal.get(i)!;
      if (isTerminating(pod)) {
        if (!parallel) return;
        continue;
      }
      if (!parallel && [...byOrdinal.entries()].some(([j, p]) => j < i && !healthy(p))) return;
      await this.deletePod(sts, pod);
      if (!parallel) return;
    }
    if ((sts.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
    const partition = (sts.spec?.updateStrategy?.rollingUpdate?.partition as number | undefined) ?? 0;
    if ([...byOrdinal.values()].some((p) => !healthy(p))) return;
    for (let i = replicas - 1; i >= partition; i--) {
      const pod = byOrdinal.get(i);
      if (pod && pod.metadata.labels?.[CONTROLLER_REVISION_HASH] !== hash) {
        await this.deletePod(sts, pod);
        return;
      }
    }
  }

  private async createPod(sts: KubeObject, hash: string, i: number): Promise<void> {
    const name = `${sts.metadata.name}-${i}`;
    const namespace = sts.metadata.namespace;
    const claims = (sts.spec?.volumeClaimTemplates as KubeObject[] | undefined) ?? [];
    const volumes = [...((sts.spec?.template?.spec?.volumes as { name: string }[] | undefined) ?? [])];
    for (const claim of claims) {
      const claimName = `${claim.metadata.name}-${name}`;
      const pvc = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: claimName, namespace, labels: { ...(claim.metadata.labels ?? {}), ...(sts.spec?.selector?.matchLabels ?? {}) } },
        spec: structuredClone(claim.spec ?? {}),
      };
      try {
        await this.client.create({ ...R.persistentVolumeClaims, namespace }, pvc);
        this.recorder.event(sts, 'Normal', 'SuccessfulCreate', `create Claim ${claimName} Pod ${name} in StatefulSet ${sts.metadata.name} success`);
      } catch (e) {
        if (!isAlreadyExists(e)) {
          this.recorder.event(sts, 'Warning', 'FailedCreate', `create Claim ${claimName} for Pod ${name} in StatefulSet ${sts.metadata.name} failed error: ${String(e)}`);
          throw e;
        }
      }
      const v = { name: claim.metadata.name ?? '', persistentVolumeClaim: { claimName } };
      const at = volumes.findIndex((x) => x.name === v.name);
      if (at >= 0) volumes[at] = v;
      else volumes.push(v);
    }
    const pod = podFromTemplate(sts.spec?.template ?? {}, sts, '', { name, labels: { [CONTROLLER_REVISION_HASH]: hash, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(i) } });
    pod.spec = { ...pod.spec, hostname: name, ...(sts.spec?.serviceName ? { subdomain: sts.spec.serviceName } : {}), ...(volumes.length > 0 ? { volumes } : {}) };
    try {
      await createPod(this.client, pod);
      this.recorder.event(sts, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} successful`);
    } catch (e) {
      if (isAlreadyExists(e)) return;
      this.recorder.event(sts, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} failed error: ${String(e)}`);
      throw e;
    }
  }

  private async deletePod(sts: KubeObject, pod: KubeObject): Promise<void> {
    try {
      await this.client.delete({ ...R.pods, namespace: pod.metadata.namespace, name: pod.metadata.name }, { preconditions: { uid: pod.metadata.uid } });
      this.recorder.event(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`);
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }

  private async updateStatus(sts: KubeObject, hash: string, byOrdinal: Map<number, KubeObject>): Promise<void> {
    const pods = [...byOrdinal.values()].filter((p) => !isTerminating(p));
    const now = this.ctx.clock.now();
    const minReady = (sts.spec?.minReadySeconds as number | undefined) ?? 0;
    const updated = pods.filter((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash).length;
    const replicas = (sts.spec?.replicas as number | undefined) ?? 1;
    const currentRevision = updated === pods.length && pods.length >= replicas ? hash : ((sts.status?.currentRevision as string | undefined) ?? hash);
    const status: Record<string, unknown> = {
      ...(sts.status ?? {}),
      observedGeneration: sts.metadata.generation,
      replicas: pods.length,
      readyReplicas: pods.filter(isPodReady).length,
      availableReplicas: pods.filter((p) => isPodAvailable(p, minReady, now)).length,
      currentReplicas: pods.filter((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === currentRevision).length,
      updatedReplicas: updated,
      currentRevision,
      updateRevision: hash,
      collisionCount: (sts.status?.collisionCount as number | undefined) ?? 0,
    };
    for (const k of ['readyReplicas', 'availableReplicas', 'currentReplicas', 'updatedReplicas'] as const) if (status[k] === 0) delete status[k];
    if (canonicalJson(status) === canonicalJson(sts.status ?? {})) return;
    await this.client.update({ ...R.statefulSets, namespace: sts.metadata.namespace, name: sts.metadata.name, subresource: 'status' }, { ...sts, status }).catch((e) => {
      if (!isNotFound(e)) throw e;
    });
  }
}

function ordinalOf(sts: KubeObject, pod: KubeObject): number | undefined {
  const prefix = `${sts.metadata.name}-`;
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^\d+$/.test(rest) ? Number(rest) : undefined;
}
