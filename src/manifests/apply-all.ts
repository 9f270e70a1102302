// Writes a validated plan to the cluster in install order. Objects of one kind go out together
// (bounded), kinds one after the other, so Namespaces and CRDs exist before what needs them.
// A failure stops the run and the report says exactly what was applied and what was not.
import type { KubeObject } from '../kube/object';
import type { DocumentProblem, PlanEntry, PlanValidation } from './apply-plan';
import { normaliseForDiff } from './diff';
import { FIELD_MANAGER, forEachBounded, type CancellationToken, type ManifestApi } from './manifest-api';
import { conflictingManagers, errorText, isApplyConflict, problemsFromStatus, statusOf, type ConflictingManager } from './server-errors';

export type ApplyOutcome = 'created' | 'configured' | 'unchanged' | 'conflict' | 'failed' | 'not-applied';

export interface ObjectApplyResult {
  entry: PlanEntry;
  outcome: ApplyOutcome;
  /** What the server stored. */
  object?: KubeObject;
  /** The server's (or the connection's) message, for failed and conflict outcomes. */
  message?: string;
  /** For `conflict`: who owns which fields; apply again with `force` to take them. */
  managers?: ConflictingManager[];
}

export interface ApplyReport {
  /** One result per plan entry, in install order. */
  results: ObjectApplyResult[];
  /** True when every entry was applied (created, configured or unchanged). */
  complete: boolean;
  cancelled: boolean;
  /** Problems at document fields for the objects the server refused. */
  problems: DocumentProblem[];
  /** Why the run stopped early, if it did. */
  stoppedBy?: string;
}

export interface ApplyAllOptions {
  force?: boolean;
  /** Only these entries (e.g. the ones a conflict left behind); default: the whole plan. */
  only?: readonly PlanEntry[];
  /** Objects of one kind in flight at once (default 8). */
  concurrency?: number;
  /** Checked between objects: what was applied stays applied, the rest is reported as not applied. */
  token?: CancellationToken;
  onProgress?: (done: number, total: number, result: ObjectApplyResult) => void;
}

export class ValidationNotPassedError extends Error {
  constructor() {
    super('the plan did not pass validation; nothing may be applied until every document does');
  }
}

function outcomeOf(before: KubeObject | undefined, after: KubeObject): ApplyOutcome {
  if (!before) return 'created';
  // A server-side apply that changes nothing leaves resourceVersion as it was. One that only moves
  // field ownership (managedFields) bumps it, yet changed nothing the user wrote: still unchanged.
  if (before.metadata?.resourceVersion === after.metadata?.resourceVersion) return 'unchanged';
  const content = (o: KubeObject) => JSON.stringify(normaliseForDiff(o, { keepStatus: false }));
  return content(before) === content(after) ? 'unchanged' : 'configured';
}

/** Groups consecutive entries of one kind: they may go in parallel, the next kind waits for them. */
function waves(entries: readonly PlanEntry[]): PlanEntry[][] {
  const out: PlanEntry[][] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (last && last[0].ref.kind === e.ref.kind && last[0].ref.group === e.ref.group) last.push(e);
    else out.push([e]);
  }
  return out;
}

/** Applies every entry of a plan that passed `validateAll`. All or nothing before the first write. */
export async function applyAll(validation: PlanValidation, api: ManifestApi, options: ApplyAllOptions = {}): Promise<ApplyReport> {
  if (!validation.ok) throw new ValidationNotPassedError();
  // Forcing is decided once, when the user validated with Force (or retries a conflict with it).
  const forced = options.force ?? validation.force;
  const liveBefore = new Map(validation.checked.map((c) => [c.entry, c.live]));
  const only = options.only ? new Set(options.only) : undefined;
  const entries = validation.plan.entries.filter((e) => !only || only.has(e));
  const results = new Map<PlanEntry, ObjectApplyResult>();
  const problems: DocumentProblem[] = [];
  let stoppedBy: string | undefined;
  let done = 0;
  const cancelled = () => !!options.token?.isCancellationRequested;
  const stop = () => stoppedBy !== undefined || cancelled();

  for (const wave of waves(entries)) {
    if (stop()) break;
    await forEachBounded(
      wave,
      options.concurrency ?? 8,
      async (entry) => {
        let result: ObjectApplyResult;
        try {
          const after = await api.apply(entry.ref, entry.object, { dryRun: false, force: forced, fieldManager: FIELD_MANAGER, fieldValidation: 'Strict' });
          result = { entry, outcome: outcomeOf(liveBefore.get(entry), after), object: after };
        } catch (err) {
          const status = statusOf(err);
          if (status && isApplyConflict(status)) {
            result = { entry, outcome: 'conflict', message: status.message, managers: conflictingManagers(status) };
          } else {
            result = { entry, outcome: 'failed', message: status ? status.message : `could not reach the cluster: ${errorText(err)}` };
          }
          if (status) for (const problem of problemsFromStatus(entry.document, entry.object, status)) problems.push({ uri: entry.uri, document: entry.document, problem });
          stoppedBy ??= result.message;
        }
        results.set(entry, result);
        done++;
        options.onProgress?.(done, entries.length, result);
      },
      stop,
    );
  }
  const ordered = entries.map((entry) => results.get(entry) ?? { entry, outcome: 'not-applied' as const });
  const complete = ordered.every((r) => r.outcome === 'created' || r.outcome === 'configured' || r.outcome === 'unchanged');
  if (!stoppedBy && cancelled() && !complete) stoppedBy = 'cancelled';
  return { results: ordered, complete, cancelled: cancelled() && !complete, problems, stoppedBy };
}

/** The entries a report left behind (conflict, failed, not applied), to retry e.g. with force. */
export function unfinished(report: ApplyReport): PlanEntry[] {
  return report.results.filter((r) => r.outcome === 'conflict' || r.outcome === 'failed' || r.outcome === 'not-applied').map((r) => r.entry);
}

/** `deployment.apps/web created`, as kubectl prints it. */
export function describeResult(r: ObjectApplyResult): string {
  const type = r.entry.ref.group ? `${r.entry.ref.kind.toLowerCase()}.${r.entry.ref.group}` : r.entry.ref.kind.toLowerCase();
  const what = r.outcome === 'not-applied' ? 'not applied' : r.outcome;
  return `${type}/${r.entry.ref.name} ${what}${r.message ? `: ${r.message}` : ''}`;
}
