// The ttl-after-finished controller: a finished Job with spec.ttlSecondsAfterFinished is
// deleted (foreground, so its pods go first) that many seconds after it completed or failed.
import type { KubeObject } from '../../../kube/object';
import { objectKey } from '../../client/informer';
import { isConflict, isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController, splitKey } from '../controller-base';
import { jobFinished, type JobCondition } from '../job/job-status';

export class TtlAfterFinishedController extends QueueController {
  constructor(ctx: ControlLoopContext) {
    super('ttl-after-finished-controller', ctx, 2);
  }

  start(): void {
    const consider = (job: KubeObject) => job.spec?.ttlSecondsAfterFinished !== undefined && jobFinished(job) && this.queue.add(objectKey(job));
    this.ctx.informers.for(R.jobs).on({ add: consider, update: consider });
  }

  protected async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const job = this.ctx.informers.for(R.jobs).get(namespace, name);
    const ttl = job?.spec?.ttlSecondsAfterFinished as number | undefined;
    const finished = job && jobFinished(job);
    if (!job || ttl === undefined || !finished || job.metadata.deletionTimestamp) return;
    const condition = (job.status?.conditions as JobCondition[] | undefined)?.find((c) => c.type === finished && c.status === 'True');
    const at = Date.parse(condition?.lastTransitionTime ?? job.status?.completionTime ?? '') || this.ctx.clock.now();
    const remaining = at + ttl * 1000 - this.ctx.clock.now();
    if (remaining > 0) {
      this.queue.addAfter(key, remaining);
      return;
    }
    await this.client.delete({ ...R.jobs, namespace, name }, { propagationPolicy: 'Foreground', preconditions: { uid: job.metadata.uid } }).catch((e) => {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    });
  }
}
