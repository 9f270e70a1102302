// "Delete from Cluster": the plan's objects in reverse install order, each deleted with foreground
// propagation so the user watches dependents (ReplicaSets, Pods) go before their owner.
import type { ApplyPlan, PlanEntry } from './apply-plan';
import { forEachBounded, type CancellationToken, type ManifestApi } from './manifest-api';
import { describeRef } from './resources';
import { errorText, statusOf } from './server-errors';

export interface DeletePlan {
  /** Reverse install order: what lives in a namespace goes before the namespace, CRs before their CRD. */
  entries: PlanEntry[];
  /** One line per object for the confirmation dialog, e.g. `deployments.apps/web (namespace shop)`. */
  summary: string[];
}

export function buildDeletePlan(plan: ApplyPlan): DeletePlan {
  const entries = [...plan.entries].reverse();
  return { entries, summary: entries.map((e) => describeRef(e.ref)) };
}

export type DeleteOutcome = 'deleted' | 'not-found' | 'failed' | 'not-deleted';

export interface ObjectDeleteResult {
  entry: PlanEntry;
  outcome: DeleteOutcome;
  message?: string;
}

export interface DeleteReport {
  results: ObjectDeleteResult[];
  cancelled: boolean;
  stoppedBy?: string;
}

export interface DeleteAllOptions {
  token?: CancellationToken;
  onProgress?: (done: number, total: number, result: ObjectDeleteResult) => void;
}

/** Deletes one object at a time in plan order; stops at the first failure (the rest is reported). */
export async function deleteAll(plan: DeletePlan, api: ManifestApi, options: DeleteAllOptions = {}): Promise<DeleteReport> {
  const results = new Map<PlanEntry, ObjectDeleteResult>();
  let stoppedBy: string | undefined;
  let done = 0;
  const cancelled = () => !!options.token?.isCancellationRequested;
  await forEachBounded(
    plan.entries,
    1,
    async (entry) => {
      let result: ObjectDeleteResult;
      try {
        const existed = await api.delete(entry.ref, { propagationPolicy: 'Foreground' });
        result = { entry, outcome: existed ? 'deleted' : 'not-found' };
      } catch (err) {
        const status = statusOf(err);
        result = status?.code === 404 ? { entry, outcome: 'not-found' } : { entry, outcome: 'failed', message: status ? status.message : `could not reach the cluster: ${errorText(err)}` };
        if (result.outcome === 'failed') stoppedBy = result.message;
      }
      results.set(entry, result);
      done++;
      options.onProgress?.(done, plan.entries.length, result);
    },
    () => stoppedBy !== undefined || cancelled(),
  );
  const ordered = plan.entries.map((entry) => results.get(entry) ?? { entry, outcome: 'not-deleted' as const });
  const wasCancelled = cancelled() && ordered.some((r) => r.outcome === 'not-deleted');
  return { results: ordered, cancelled: wasCancelled, stoppedBy: stoppedBy ?? (wasCancelled ? 'cancelled' : undefined) };
}
