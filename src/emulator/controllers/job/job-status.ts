// Job conditions and counts as the job controller writes them (Complete/SuccessCriteriaMet,
// Failed/FailureTarget with BackoffLimitExceeded or DeadlineExceeded), which
// `kubectl wait --for=condition=complete|failed` and `kubectl get jobs` read.
import type { KubeObject } from '../../../kube/object';
import { timestamp } from '../controller-ref';

export interface JobCondition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

export const BACKOFF_LIMIT_EXCEEDED = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
export const DEADLINE_EXCEEDED = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
export const COMPLETIONS_REACHED = { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };

export function jobFinished(job: KubeObject): 'Complete' | 'Failed' | undefined {
  for (const c of (job.status?.conditions as JobCondition[] | undefined) ?? []) {
    if (c.status === 'True' && (c.type === 'Complete' || c.type === 'Failed')) return c.type;
  }
  return undefined;
}

export function withCondition(conditions: JobCondition[], type: string, reason: string, message: string, now: number): JobCondition[] {
  if (conditions.some((c) => c.type === type && c.status === 'True')) return conditions;
  const at = timestamp(now);
  return [...conditions.filter((c) => c.type !== type), { type, status: 'True', reason, message, lastProbeTime: at, lastTransitionTime: at }];
}

/** Delay before the next pod after `failures` failed ones: 10 s doubling, at most 6 minutes. */
export function podFailureBackoffMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(360_000, 10_000 * 2 ** (failures - 1));
}
