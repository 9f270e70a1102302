// The CronJob controller: creates Job `<cronjob>-<minutes since epoch>` at each scheduled
// time (UTC, with the Clock), honouring suspend, startingDeadlineSeconds and
// concurrencyPolicy (Allow/Forbid/Replace), tracks active Jobs and the last schedule and
// success times, and keeps successful/failed Jobs within their history limits.
import type { KubeObject } from '../../../kube/object';
import { objectKey } from '../../client/informer';
import { isAlreadyExists, isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController, splitKey } from '../controller-base';
import { canonicalJson, controllerRef, controllerRefOf, errorText, timestamp } from '../controller-ref';
import { jobFinished } from '../job/job-status';
import { OwnerIndex } from '../owner-index';
import { mostRecentScheduleTime, nextScheduleTime, parseCronSchedule } from '../../../kube/cron';

const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export class CronJobController extends QueueController {
  private jobs!: OwnerIndex;
  private readonly sawFinished = new Set<string>();

  constructor(ctx: ControlLoopContext) {
    super('cronjob-controller', ctx, 2);
  }

  start(): void {
    this.ctx.informers.for(R.cronJobs).on({ add: (c) => this.queue.add(objectKey(c)), update: (c) => this.queue.add(objectKey(c)) });
    const requeue = (job: KubeObject) => {
      const ref = controllerRefOf(job);
      if (ref?.kind === 'CronJob') this.queue.add(`${job.metadata.namespace}/${ref.name}`);
    };
    this.jobs = new OwnerIndex(this.ctx.informers.for(R.jobs), requeue, requeue);
  }

  protected async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.ctx.informers.for(R.cronJobs).get(namespace, name);
    if (!cached || cached.metadata.deletionTimestamp) return;
    const cj = structuredClone(cached);
    const now = this.ctx.clock.now();
    const jobs = this.jobs.owned(cj.metadata.uid).filter((j) => !j.metadata.deletionTimestamp);
    const status: Record<string, unknown> = { ...(cj.status ?? {}) };
    let active = jobs.filter((j) => !jobFinished(j));
    for (const j of jobs) {
      const finished = jobFinished(j);
      if (!finished || this.sawFinished.has(j.metadata.uid ?? '')) continue;
      this.sawFinished.add(j.metadata.uid ?? '');
      this.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${finished}`);
      if (finished === 'Complete' && j.status?.completionTime && (!status.lastSuccessfulTime || Date.parse(j.status.completionTime) > Date.parse(status.lastSuccessfulTime as string))) {
        status.lastSuccessfulTime = j.status.completionTime;
      }
    }
    await this.cleanupHistory(cj, jobs);

    let schedule;
    try {
      schedule = parseCronSchedule(cj.spec?.schedule ?? '');
    } catch (e) {
      this.recorder.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec?.schedule)} : ${errorText(e)}`);
      return;
    }
    if (!cj.spec?.suspend) {
      const since = Date.parse((status.lastScheduleTime as string | undefined) ?? cj.metadata.creationTimestamp ?? '') || now;
      const { time, missed } = mostRecentScheduleTime(schedule, since, now);
      if (missed > 100) this.recorder.event(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
      this.queue.addAfter(key, nextScheduleTime(schedule, now) - now + 100);
      const deadline = cj.spec?.startingDeadlineSeconds as number | undefined;
      if (time !== undefined && deadline !== undefined && time + deadline * 1000 < now) {
        this.recorder.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${timestamp(time)}`);
      } else if (time !== undefined) {
        const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
        if (policy === 'Forbid' && active.length > 0) {
          this.recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
        } else {
          if (policy === 'Replace') {
            for (const j of active) await this.deleteJob(cj, j);
            active = [];
          }
          const created = await this.createJob(cj, time);
          if (created) active.push(created);
          status.lastScheduleTime = timestamp(time);
        }
      }
    }
    const refs = active.map((j) => ({ apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name, namespace: j.metadata.namespace, uid: j.metadata.uid, resourceVersion: j.metadata.resourceVersion }));
    if (refs.length > 0) status.active = refs;
    else delete status.active;
    if (canonicalJson(status) === canonicalJson(cj.status ?? {})) return;
    await this.client.update({ ...R.cronJobs, namespace, name, subresource: 'status' }, { ...cj, status }).catch((e) => {
      if (!isNotFound(e)) throw e;
    });
  }

  private async createJob(cj: KubeObject, scheduled: number): Promise<KubeObject | undefined> {
    const template = cj.spec?.jobTemplate ?? {};
    const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        annotations: { ...(template.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: timestamp(scheduled) },
        ownerReferences: [controllerRef(cj)],
      },
      spec: structuredClone(template.spec ?? {}),
    };
    try {
      const created = await this.client.create<KubeObject>({ ...R.jobs, namespace: cj.metadata.namespace }, job);
      this.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
      return created;
    } catch (e) {
      if (isAlreadyExists(e)) return undefined;
      this.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${errorText(e)}`);
      throw e;
    }
  }

  private async cleanupHistory(cj: KubeObject, jobs: KubeObject[]): Promise<void> {
    const limits: [string, number][] = [
      ['Complete', (cj.spec?.successfulJobsHistoryLimit as number | undefined) ?? 3],
      ['Failed', (cj.spec?.failedJobsHistoryLimit as number | undefined) ?? 1],
    ];
    for (const [kind, limit] of limits) {
      const finished = jobs.filter((j) => jobFinished(j) === kind).sort((a, b) => (Date.parse(a.status?.startTime ?? a.metadata.creationTimestamp ?? '') || 0) - (Date.parse(b.status?.startTime ?? b.metadata.creationTimestamp ?? '') || 0));
      for (const j of finished.slice(0, Math.max(0, finished.length - limit))) await this.deleteJob(cj, j);
    }
  }

  private async deleteJob(cj: KubeObject, job: KubeObject): Promise<void> {
    try {
      await this.client.delete({ ...R.jobs, namespace: job.metadata.namespace, name: job.metadata.name }, { propagationPolicy: 'Background' });
      this.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
