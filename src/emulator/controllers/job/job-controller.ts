// The Job controller: runs pods until `completions` succeed (parallelism at a time, with
// failure backoff), fails the Job after backoffLimit failures or activeDeadlineSeconds,
// and keeps succeeded/failed/active/ready counts and conditions in status. Indexed Jobs give
// every pod its completion index.
import type { KubeObject } from '../../../kube/object';
import { objectKey } from '../../client/informer';
import { isConflict, isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController, splitKey } from '../controller-base';
import { canonicalJson, controllerRefOf, errorText, isPodActive, isPodReady, podPhase, timestamp } from '../controller-ref';
import { Expectations } from '../expectations';
import { OwnerIndex } from '../owner-index';
import { createPod, podFromTemplate, slowStartBatch } from '../pod-control';
import { compareForDeletion } from '../replicaset/pod-ranking';
import { BACKOFF_LIMIT_EXCEEDED, COMPLETIONS_REACHED, DEADLINE_EXCEEDED, jobFinished, podFailureBackoffMs, withCondition, type JobCondition } from './job-status';

const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

export class JobController extends QueueController {
  private pods!: OwnerIndex;
  private readonly expectations: Expectations;

  constructor(ctx: ControlLoopContext) {
    super('job-controller', ctx, 5);
    this.expectations = new Expectations(ctx.clock);
  }

  start(): void {
    this.ctx.informers.for(R.jobs).on({ add: (j) => this.queue.add(objectKey(j)), update: (j) => this.queue.add(objectKey(j)), delete: (j) => this.expectations.forget(objectKey(j)) });
    this.pods = new OwnerIndex(
      this.ctx.informers.for(R.pods),
      (pod, old) => {
        const key = this.ownerKey(pod);
        if (!key) return;
        if (!old) this.expectations.creationObserved(key);
        else if (pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) this.expectations.deletionObserved(key);
        this.queue.add(key);
      },
      (pod) => {
        const key = this.ownerKey(pod);
        if (!key) return;
        if (!pod.metadata.deletionTimestamp) this.expectations.deletionObserved(key);
        this.queue.add(key);
      },
    );
  }

  private ownerKey(pod: KubeObject): string | undefined {
    const ref = controllerRefOf(pod);
    return ref?.kind === 'Job' ? `${pod.metadata.namespace}/${ref.name}` : undefined;
  }

  protected async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.ctx.informers.for(R.jobs).get(namespace, name);
    if (!cached) return;
    const job = structuredClone(cached);
    const pods = this.pods.owned(job.metadata.uid);
    const active = pods.filter(isPodActive);
    if (jobFinished(job)) {
      // A finished Job leaves no pod running (e.g. after activeDeadlineSeconds).
      await this.deletePods(job, active);
      return;
    }
    const now = this.ctx.clock.now();
    const spec = job.spec ?? {};
    const succeededPods = pods.filter((p) => podPhase(p) === 'Succeeded');
    const failedPods = pods.filter((p) => podPhase(p) === 'Failed');
    // Counts never go down when finished pods are deleted later.
    const succeeded = Math.max((job.status?.succeeded as number | undefined) ?? 0, succeededPods.length);
    const failed = Math.max((job.status?.failed as number | undefined) ?? 0, failedPods.length);
    const status: Record<string, unknown> = { ...(job.status ?? {}) };
    let conditions = [...((job.status?.conditions as JobCondition[] | undefined) ?? [])];
    const suspended = spec.suspend === true;
    if (!status.startTime && !suspended) status.startTime = timestamp(now);
    const indexed = spec.completionMode === 'Indexed';
    const completions = spec.completions as number | undefined | null;
    const parallelism = (spec.parallelism as number | undefined) ?? 1;
    const succeededIndexes = new Set(succeededPods.map((p) => Number(p.metadata.annotations?.[COMPLETION_INDEX])).filter((i) => Number.isInteger(i)));

    let failure: { reason: string; message: string } | undefined;
    if (failed > ((spec.backoffLimit as number | undefined) ?? 6)) failure = BACKOFF_LIMIT_EXCEEDED;
    const deadline = spec.activeDeadlineSeconds as number | undefined;
    if (!failure && deadline !== undefined && status.startTime && !suspended) {
      const due = Date.parse(status.startTime as string) + deadline * 1000;
      if (due <= now) failure = DEADLINE_EXCEEDED;
      else this.queue.addAfter(key, due - now);
    }
    const done = indexed ? succeededIndexes.size >= (completions ?? 0) : completions == null ? succeeded > 0 && active.length === 0 : succeeded >= completions;

    if (failure) {
      await this.deletePods(job, active);
      conditions = withCondition(conditions, 'FailureTarget', failure.reason, failure.message, now);
      conditions = withCondition(conditions, 'Failed', failure.reason, failure.message, now);
      this.recorder.event(job, 'Warning', failure.reason, failure.message);
    } else if (done) {
      conditions = withCondition(conditions, 'SuccessCriteriaMet', COMPLETIONS_REACHED.reason, COMPLETIONS_REACHED.message, now);
      conditions = withCondition(conditions, 'Complete', COMPLETIONS_REACHED.reason, COMPLETIONS_REACHED.message, now);
      status.completionTime = timestamp(now);
      this.recorder.event(job, 'Normal', 'Completed', 'Job completed');
    } else if (suspended) {
      await this.deletePods(job, active);
      conditions = withCondition(conditions, 'Suspended', 'JobSuspended', 'Job suspended', now);
    } else if (this.expectations.satisfied(key)) {
      conditions = conditions.filter((c) => c.type !== 'Suspended');
      await this.manage(key, job, active, { succeeded, failed, failedPods, completions, parallelism, indexed, succeededIndexes });
    }

    const stillActive = failure || done || suspended ? [] : this.pods.owned(job.metadata.uid).filter(isPodActive);
    Object.assign(status, { active: stillActive.length, ready: stillActive.filter(isPodReady).length, succeeded, failed, terminating: pods.filter((p) => p.metadata.deletionTimestamp && podPhase(p) !== 'Succeeded' && podPhase(p) !== 'Failed').length, uncountedTerminatedPods: {} });
    if (indexed && succeededIndexes.size > 0) status.completedIndexes = compressIndexes([...succeededIndexes]);
    for (const k of ['active', 'succeeded', 'failed', 'terminating'] as const) if (status[k] === 0) delete status[k];
    if (conditions.length > 0) status.conditions = conditions;
    if (canonicalJson(status) === canonicalJson(job.status ?? {})) return;
    try {
      await this.client.update({ ...R.jobs, namespace, name, subresource: 'status' }, { ...job, status });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  private async manage(
    key: string,
    job: KubeObject,
    active: KubeObject[],
    s: { succeeded: number; failed: number; failedPods: KubeObject[]; completions: number | null | undefined; parallelism: number; indexed: boolean; succeededIndexes: Set<number> },
  ): Promise<void> {
    let want: number;
    if (s.completions == null) want = s.succeeded > 0 ? Math.min(active.length, s.parallelism) : s.parallelism;
    else want = Math.max(0, Math.min(s.parallelism, s.completions - (s.indexed ? s.succeededIndexes.size : s.succeeded)));
    if (active.length > want) {
      await this.deletePods(job, [...active].sort(compareForDeletion).slice(0, active.length - want));
      return;
    }
    if (active.length === want) return;
    // Failure backoff: no new pod until 10 s * 2^(failures-1) after the last failure.
    const lastFailure = Math.max(0, ...s.failedPods.map(finishedAt));
    const wait = lastFailure + podFailureBackoffMs(s.failed) - this.ctx.clock.now();
    if (s.failed > 0 && wait > 0) {
      this.queue.addAfter(key, wait);
      return;
    }
    const indexes = s.indexed ? freeIndexes(s.completions ?? 0, s.succeededIndexes, active).slice(0, want - active.length) : [];
    const count = s.indexed ? indexes.length : want - active.length;
    this.expectations.expect(key, count, 0);
    const template = job.spec?.template ?? {};
    const result = await slowStartBatch(count, async (i) => {
      const extra = s.indexed
        ? { annotations: { [COMPLETION_INDEX]: String(indexes[i]) }, labels: { [COMPLETION_INDEX]: String(indexes[i]) } }
        : {};
      const pod = podFromTemplate(template, job, s.indexed ? `${job.metadata.name}-${indexes[i]}-` : `${job.metadata.name}-`, extra);
      if (s.indexed) pod.spec = { ...pod.spec, hostname: `${job.metadata.name}-${indexes[i]}` };
      const created = await createPod(this.client, pod);
      this.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    });
    for (let i = result.created; i < count; i++) this.expectations.creationObserved(key);
    if (result.error !== undefined) {
      this.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${errorText(result.error)}`);
      throw result.error;
    }
  }

  private async deletePods(job: KubeObject, pods: KubeObject[]): Promise<void> {
    await Promise.all(
      pods.map(async (pod) => {
        await this.client.delete({ ...R.pods, namespace: pod.metadata.namespace, name: pod.metadata.name }, { preconditions: { uid: pod.metadata.uid } }).then(
          () => this.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`),
          (e) => {
            if (!isNotFound(e) && !isConflict(e)) throw e;
          },
        );
      }),
    );
  }
}

function finishedAt(pod: KubeObject): number {
  let latest = 0;
  for (const s of (pod.status?.containerStatuses as { state?: { terminated?: { finishedAt?: string } } }[] | undefined) ?? []) {
    const t = Date.parse(s.state?.terminated?.finishedAt ?? '');
    if (Number.isFinite(t)) latest = Math.max(latest, t);
  }
  if (latest > 0) return latest;
  const ready = (pod.status?.conditions as { type: string; lastTransitionTime?: string }[] | undefined)?.find((c) => c.type === 'Ready');
  return Date.parse(ready?.lastTransitionTime ?? pod.metadata.creationTimestamp ?? '') || 0;
}

function freeIndexes(completions: number, succeeded: Set<number>, active: KubeObject[]): number[] {
  const busy = new Set(active.map((p) => Number(p.metadata.annotations?.[COMPLETION_INDEX])));
  const out: number[] = [];
  for (let i = 0; i < completions; i++) if (!succeeded.has(i) && !busy.has(i)) out.push(i);
  return out;
}

/** "0-2,5" as status.completedIndexes writes ranges. */
function compressIndexes(indexes: number[]): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j;
  }
  return parts.join(',');
}
