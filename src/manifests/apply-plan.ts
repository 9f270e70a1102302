// From parsed files to an ordered plan, then the all-or-nothing gate: every document is checked
// locally and by a server dry-run before anything is written. Only a passing validation can be applied.
import type { KubeObject } from '../kube/object';
import type { ManifestDocument } from './documents';
import { documentsOf } from './list-items';
import { validateLocally, type ValidationProblem } from './local-validation';
import { FIELD_MANAGER, forEachBounded, type CancellationToken, type ManifestApi } from './manifest-api';
import { installOrder } from './order';
import { DiscoveryIndex, refOf, resourcesDefinedBy, type Discovery, type ResourceRef } from './resources';
import { conflictingManagers, isApplyConflict, problemsFromStatus, statusOf, type ConflictingManager } from './server-errors';

export interface ManifestFile {
  /** Where the documents came from (a URI or path), so problems land in the right file. */
  uri: string;
  documents: readonly ManifestDocument[];
}

export interface PlanEntry {
  uri: string;
  document: ManifestDocument;
  /** What is sent: the document's object with its namespace settled. */
  object: KubeObject;
  ref: ResourceRef;
  /** Set when the kind comes from a CRD in the same plan: the server cannot dry-run it yet. */
  definedByPlan: boolean;
}

export interface DocumentProblem {
  uri: string;
  document: ManifestDocument;
  problem: ValidationProblem;
}

export interface ApplyPlan {
  /** Install order: Namespaces and CRDs first. */
  entries: PlanEntry[];
  /** Local problems of every document (errors block the apply; warnings do not). */
  problems: DocumentProblem[];
}

export interface PlanContext {
  discovery: Discovery;
  /** The current context's namespace, for namespaced objects that name none. */
  defaultNamespace: string;
}

export function hasErrors(problems: readonly DocumentProblem[]): boolean {
  return problems.some((p) => p.problem.severity === 'error');
}

/** Parses nothing and sends nothing: local validation and ordering of every document of every file. */
export function buildPlan(files: readonly ManifestFile[], ctx: PlanContext): ApplyPlan {
  const discovery = new DiscoveryIndex(ctx.discovery.resources);
  const known = new Set(ctx.discovery.resources.map((r) => `${r.group}/${r.version}/${r.kind}`));
  // Custom resources may come in the same apply as their CRD.
  const expanded = files.map((f) => ({ uri: f.uri, documents: f.documents.flatMap(documentsOf) }));
  for (const f of expanded) for (const d of f.documents) if (d.object?.kind === 'CustomResourceDefinition') for (const r of resourcesDefinedBy(d.object)) discovery.add(r);
  const entries: PlanEntry[] = [];
  const problems: DocumentProblem[] = [];
  const seen = new Map<string, PlanEntry>();
  for (const f of expanded) {
    for (const document of f.documents) {
      if (!document.object && document.problems.length === 0) continue; // an empty document
      const checked = validateLocally(document, { discovery, defaultNamespace: ctx.defaultNamespace });
      for (const problem of checked.problems) problems.push({ uri: f.uri, document, problem });
      if (!checked.object || !checked.resource) continue;
      if (!checked.object.metadata.name) {
        problems.push({ uri: f.uri, document, problem: { message: 'server-side apply needs metadata.name (generateName works only with create)', field: 'metadata', range: document.rangeOf('metadata'), severity: 'error' } });
        continue;
      }
      const r = checked.resource;
      const entry: PlanEntry = { uri: f.uri, document, object: checked.object, ref: refOf(r, checked.object), definedByPlan: !known.has(`${r.group}/${r.version}/${r.kind}`) };
      const key = `${r.group}/${r.kind}/${entry.ref.namespace ?? ''}/${entry.ref.name}`;
      const earlier = seen.get(key);
      if (earlier) {
        const where = earlier.uri === f.uri ? `line ${earlier.document.range.start.line + 1}` : `${earlier.uri}:${earlier.document.range.start.line + 1}`;
        problems.push({ uri: f.uri, document, problem: { message: `${r.kind} "${entry.ref.name}" is also defined at ${where}; the later document wins`, field: 'metadata.name', range: document.rangeOf('metadata.name'), severity: 'warning' } });
      }
      seen.set(key, entry);
      entries.push(entry);
    }
  }
  return { entries: installOrder(entries), problems };
}

/** What the gate learnt about one entry. */
export interface CheckedEntry {
  entry: PlanEntry;
  /** The object as it is in the cluster now; undefined when it does not exist yet. */
  live?: KubeObject;
  /** What the server would store (the dry-run result); undefined when the dry-run failed or was skipped. */
  dryRun?: KubeObject;
  /** Why the server could not dry-run this one (its namespace or CRD is created by the same apply). */
  dryRunSkipped?: string;
}

/** A dry-run 409: the fields other managers own, per manager; retry with `force` to take them. */
export interface ObjectConflict {
  entry: PlanEntry;
  message: string;
  managers: ConflictingManager[];
}

export interface PlanValidation {
  plan: ApplyPlan;
  /** True when nothing blocks the apply: no error anywhere, no conflict, the server reachable. */
  ok: boolean;
  problems: DocumentProblem[];
  conflicts: ObjectConflict[];
  checked: CheckedEntry[];
  force: boolean;
  /** Set when the server could not be reached or the user cancelled: validation is incomplete. */
  incomplete?: string;
}

export interface ValidateOptions {
  force?: boolean;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  token?: CancellationToken;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Local validation, then (only if every document passed it) a server dry-run (`dryRun=All`,
 * `fieldValidation=Strict`, server-side apply as `cluster-anatomy`) of every document. The live object is read alongside, for the diff and to
 * tell created from configured later.
 */
export async function validateAll(plan: ApplyPlan, api: ManifestApi, options: ValidateOptions = {}): Promise<PlanValidation> {
  const force = options.force ?? false;
  const problems = [...plan.problems];
  const conflicts: ObjectConflict[] = [];
  const checked: CheckedEntry[] = plan.entries.map((entry) => ({ entry }));
  const newNamespaces = new Set(plan.entries.filter((e) => e.ref.kind === 'Namespace' && e.ref.group === '').map((e) => e.ref.name));
  let incomplete: string | undefined;
  // A document broken locally (bad YAML, no kind) already blocks the apply: send nothing.
  if (hasErrors(problems)) return { plan, ok: false, problems, conflicts, checked, force };
  let done = 0;
  const stop = () => incomplete !== undefined || !!options.token?.isCancellationRequested;
  await forEachBounded(
    checked,
    options.concurrency ?? 8,
    async (c) => {
      const { entry } = c;
      try {
        c.live = await api.get(entry.ref);
      } catch (err) {
        if (!statusOf(err)) {
          incomplete ??= `could not reach the cluster: ${err instanceof Error ? err.message : String(err)}`;
          return;
        }
        // A Status here (e.g. 403) will show again, better worded, in the dry-run.
      }
      if (entry.definedByPlan) {
        c.dryRunSkipped = `its CustomResourceDefinition is created by this apply, so the server checks it only then`;
      } else if (entry.ref.namespace && newNamespaces.has(entry.ref.namespace) && !c.live) {
        // The dry-run would answer `namespaces "x" not found`; try it anyway, it may exist already.
        await dryRun(c, true);
      } else {
        await dryRun(c, false);
      }
      done++;
      options.onProgress?.(done, checked.length);
    },
    stop,
  );

  async function dryRun(c: CheckedEntry, namespaceMayBeMissing: boolean): Promise<void> {
    const { entry } = c;
    try {
      c.dryRun = await api.apply(entry.ref, entry.object, { dryRun: true, force, fieldManager: FIELD_MANAGER, fieldValidation: 'Strict' });
    } catch (err) {
      const status = statusOf(err);
      if (!status) {
        incomplete ??= `could not reach the cluster: ${err instanceof Error ? err.message : String(err)}`;
        return;
      }
      if (namespaceMayBeMissing && status.code === 404 && (status.details?.kind === 'namespaces' || /namespaces? "[^"]*" not found/.test(status.message))) {
        c.dryRunSkipped = `namespace "${entry.ref.namespace}" is created by this apply, so the server checks it only then`;
        return;
      }
      if (isApplyConflict(status)) conflicts.push({ entry, message: status.message, managers: conflictingManagers(status) });
      for (const problem of problemsFromStatus(entry.document, entry.object, status)) problems.push({ uri: entry.uri, document: entry.document, problem });
    }
  }

  if (!incomplete && options.token?.isCancellationRequested) incomplete = 'cancelled';
  return { plan, ok: !incomplete && !hasErrors(problems) && conflicts.length === 0, problems, conflicts, checked, force, incomplete };
}
