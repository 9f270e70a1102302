// "Apply to Cluster", "Dry Run", "Diff with Cluster" and "Delete from Cluster" for files, folders
// and single documents (CodeLens). Every write passes the all-or-nothing gate (validateAll) first;
// problems land in the Problems panel, results in a notification and the output channel. Buttons
// in notifications (Force, Show Output) are never awaited, so a command finishes when its work does.
import * as vscode from 'vscode';
import { applyAll, describeResult, unfinished, type ApplyReport } from '../../manifests/apply-all';
import { buildPlan, hasErrors, validateAll, type ApplyPlan, type CheckedEntry, type DocumentProblem, type ManifestFile, type PlanValidation } from '../../manifests/apply-plan';
import { buildDeletePlan, deleteAll, type DeleteReport } from '../../manifests/delete-plan';
import { diffSides } from '../../manifests/diff';
import { looksLikeManifest } from '../../manifests/looks-like-manifest';
import { describeRef } from '../../manifests/resources';
import { errorText } from '../../manifests/server-errors';
import { SELECT_CONTEXT_COMMAND } from '../status-bar';
import type { DiffDocumentProvider } from './diff-documents';
import type { ManifestDiagnostics } from './manifest-diagnostics';
import type { ManifestCluster, ManifestService, ManifestSource } from './manifest-service';

export const APPLY_COMMAND = 'clusterAnatomy.applyManifest';
export const DRY_RUN_COMMAND = 'clusterAnatomy.dryRunManifest';
export const DIFF_COMMAND = 'clusterAnatomy.diffManifest';
export const DELETE_COMMAND = 'clusterAnatomy.deleteManifest';

/** The third argument of every manifest command (CodeLens, tests, the Force button). */
export interface ManifestCommandOptions {
  /** Only this document of the (single) file. */
  documentIndex?: number;
  /** Delete without asking (tests). */
  confirmed?: boolean;
  /** Take fields other managers own (after a conflict). */
  force?: boolean;
}

/** What a command did, returned to callers (the in-host tests read it). */
export interface ManifestRunResult {
  message: string;
  validation?: PlanValidation;
  report?: ApplyReport;
  deleteReport?: DeleteReport;
  diff?: { left: vscode.Uri; right: vscode.Uri };
}

type Mode = 'apply' | 'dry-run';

interface ManifestLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(preserveFocus?: boolean): void;
}

function targetsOf(target: unknown, selection: unknown): vscode.Uri[] {
  if (Array.isArray(selection) && selection.length > 0 && selection.every((u) => u instanceof vscode.Uri)) return selection as vscode.Uri[];
  if (target instanceof vscode.Uri) return [target];
  const editor = vscode.window.activeTextEditor;
  return editor ? [editor.document.uri] : [];
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.toString();
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function countBy<T extends string>(values: readonly T[]): string {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k.replace('-', ' ')}`).join(', ');
}

/** kubectl's wording for a server dry-run, e.g. `deployment.apps/web created (server dry run)`. */
function describeDryRun(c: CheckedEntry): string {
  const ref = c.entry.ref;
  const type = ref.group ? `${ref.kind.toLowerCase()}.${ref.group}` : ref.kind.toLowerCase();
  if (c.dryRunSkipped) return `${type}/${ref.name} not checked: ${c.dryRunSkipped}`;
  const outcome = !c.live ? 'created' : c.dryRun && diffSides(c.live, c.dryRun, { keepStatus: false }).changed ? 'configured' : 'unchanged';
  return `${type}/${ref.name} ${outcome} (server dry run)`;
}

export class ManifestCommands {
  constructor(
    private readonly service: ManifestService,
    private readonly diagnostics: ManifestDiagnostics,
    private readonly diffs: DiffDocumentProvider,
    private readonly log: ManifestLog,
    /** Told of every apply that wrote something, to light it up in the tree and the diagram. */
    private readonly onApplied: (report: ApplyReport) => void = () => undefined,
  ) {}

  register(): vscode.Disposable[] {
    const command = (id: string, run: (target: unknown, selection: unknown, options?: ManifestCommandOptions) => Promise<ManifestRunResult | undefined>) =>
      vscode.commands.registerCommand(id, (target?: unknown, selection?: unknown, options?: ManifestCommandOptions) =>
        run(target, selection, options).catch((err: unknown) => {
          const message = errorText(err);
          this.log.error(message);
          void vscode.window.showErrorMessage(message);
          return { message } satisfies ManifestRunResult;
        }),
      );
    return [
      command(APPLY_COMMAND, (t, s, o) => this.applyOrDryRun('apply', targetsOf(t, s), o ?? {})),
      command(DRY_RUN_COMMAND, (t, s, o) => this.applyOrDryRun('dry-run', targetsOf(t, s), o ?? {})),
      command(DIFF_COMMAND, (t, s, o) => this.diff(targetsOf(t, s), o ?? {})),
      command(DELETE_COMMAND, (t, s, o) => this.delete(targetsOf(t, s), o ?? {})),
    ];
  }

  /** The cluster, or a message with a way to pick one. */
  private async requireCluster(): Promise<ManifestCluster | undefined> {
    const cluster = await this.service.connect();
    if (!cluster) {
      void vscode.window.showErrorMessage('No cluster is selected: select a context (or start the bundled emulator) first.', 'Select Context').then((choice) => {
        if (choice) void vscode.commands.executeCommand(SELECT_CONTEXT_COMMAND);
      });
    }
    return cluster;
  }

  /** Reads the targets; when there is nothing to send, what the user was told instead. */
  private async sourcesOf(uris: readonly vscode.Uri[], options: ManifestCommandOptions): Promise<ManifestSource[] | ManifestRunResult> {
    if (uris.length === 0) {
      const message = 'Open a manifest or select manifest files in the explorer first.';
      void vscode.window.showErrorMessage(message);
      return { message };
    }
    const { sources, skipped } = await this.service.read(uris);
    for (const s of skipped) void vscode.window.showWarningMessage(s);
    if (sources.length === 0) {
      if (skipped.length > 0) return { message: skipped.join(' ') };
      const message = `No Kubernetes manifests (.yaml, .yml, .json with apiVersion and kind) found in ${uris.map(baseName).join(', ')}.`;
      void vscode.window.showWarningMessage(message);
      return { message };
    }
    if (options.documentIndex !== undefined) {
      const only = options.documentIndex;
      return [{ uri: sources[0].uri, documents: sources[0].documents.filter((d) => d.index === only) }];
    }
    return sources;
  }

  /** Problems of a run into the Problems panel: whole files, or just the one document a CodeLens ran. */
  private showProblems(sources: readonly ManifestSource[], options: ManifestCommandOptions, problems: readonly DocumentProblem[]): void {
    const only = options.documentIndex !== undefined ? sources[0]?.documents[0] : undefined;
    if (only) this.diagnostics.setWithin(sources[0].uri, only.range, problems);
    else
      this.diagnostics.set(
        sources.map((s) => s.uri),
        problems,
      );
  }

  private async planOf(sources: readonly ManifestSource[], cluster: ManifestCluster): Promise<ApplyPlan> {
    const files: ManifestFile[] = sources.map((s) => ({ uri: s.uri.toString(), documents: s.documents }));
    const ctx = async (fresh: boolean) => ({ discovery: await this.service.discovery(fresh)!, defaultNamespace: cluster.api.defaultNamespace });
    const plan = buildPlan(files, await ctx(false));
    // A kind unknown to a cached discovery may have arrived since (a CRD applied elsewhere): ask once more.
    return hasErrors(plan.problems) ? buildPlan(files, await ctx(true)) : plan;
  }

  private title(sources: readonly ManifestSource[], options: ManifestCommandOptions): string {
    const doc = options.documentIndex !== undefined ? ` (document ${options.documentIndex + 1})` : '';
    return sources.length === 1 ? `${baseName(sources[0].uri)}${doc}` : plural(sources.length, 'file');
  }

  async applyOrDryRun(mode: Mode, uris: readonly vscode.Uri[], options: ManifestCommandOptions): Promise<ManifestRunResult | undefined> {
    const sources = await this.sourcesOf(uris, options);
    if (!Array.isArray(sources)) return sources;
    const cluster = await this.requireCluster();
    if (!cluster) return undefined;
    const what = this.title(sources, options);
    const verb = mode === 'apply' ? 'Applying' : 'Dry run of';
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${verb} ${what}${options.force ? ' (force)' : ''}`, cancellable: true }, async (progress, token) => {
      const plan = await this.planOf(sources, cluster);
      const validation = await validateAll(plan, cluster.api, {
        force: options.force,
        token,
        onProgress: (done, total) => progress.report({ message: `checking ${done}/${total} with the server` }),
      });
      this.showProblems(sources, options, validation.problems);
      this.log.info(`${verb} ${what} in context "${cluster.active.contextName}": ${plural(plan.entries.length, 'object')}`);
      if (!validation.ok) return { ...this.reportBlocked(mode, what, validation, sources, options), validation };
      if (mode === 'dry-run') {
        const lines = validation.checked.map(describeDryRun);
        for (const l of lines) this.log.info(`  ${l}`);
        const message = `Dry run of ${what} passed: ${plural(lines.length, 'object')} would be applied, nothing was written.`;
        this.notify('info', message);
        return { message, validation };
      }
      const report = await applyAll(validation, cluster.api, {
        token,
        onProgress: (done, total) => progress.report({ message: `applied ${done}/${total}` }),
      });
      if (report.problems.length > 0) this.diagnostics.add(report.problems);
      this.onApplied(report);
      if (plan.entries.some((e) => e.ref.kind === 'CustomResourceDefinition')) void this.service.discovery(true)?.catch(() => undefined);
      return { ...this.reportApplied(what, report, sources, options), validation, report };
    });
  }

  private reportBlocked(mode: Mode, what: string, v: PlanValidation, sources: readonly ManifestSource[], options: ManifestCommandOptions): ManifestRunResult {
    const errors = v.problems.filter((p) => p.problem.severity === 'error');
    for (const p of errors) this.log.warn(`  ${vscode.Uri.parse(p.uri).path.split('/').pop()}:${p.problem.range.start.line + 1}: ${p.problem.message}`);
    let message: string;
    if (v.incomplete) message = `${mode === 'apply' ? 'Nothing was applied' : 'Dry run stopped'}: ${v.incomplete}.`;
    else if (v.conflicts.length > 0 && errors.length === v.conflicts.length) {
      const owners = v.conflicts.map((c) => `${describeRef(c.entry.ref)}: ${c.managers.map((m) => `${m.manager} owns ${m.fields.join(', ')}`).join('; ') || c.message}`);
      for (const o of owners) this.log.warn(`  conflict: ${o}`);
      message = `Nothing was applied: ${plural(v.conflicts.length, 'object')} in ${what} ${v.conflicts.length === 1 ? 'has' : 'have'} fields owned by other managers (${owners.join(' | ')}).`;
      this.offerForce(message, mode, sources, options);
      return { message };
    } else message = `Nothing was ${mode === 'apply' ? 'applied' : 'written'}: ${plural(errors.length, 'problem')} in ${what} (see the Problems panel).`;
    this.notify('error', message);
    return { message };
  }

  private reportApplied(what: string, report: ApplyReport, sources: readonly ManifestSource[], options: ManifestCommandOptions): ManifestRunResult {
    for (const r of report.results) this.log.info(`  ${describeResult(r)}`);
    const summary = countBy(report.results.map((r) => r.outcome));
    if (report.complete) {
      const message = `Applied ${what}: ${summary}.`;
      this.notify('info', message);
      return { message };
    }
    const message = `Applying ${what} stopped${report.stoppedBy ? ` (${report.stoppedBy})` : ''}: ${summary}.`;
    const conflicts = report.results.filter((r) => r.outcome === 'conflict');
    if (conflicts.length > 0) {
      const left = unfinished(report);
      this.log.warn(`  not finished: ${left.map((e) => describeRef(e.ref)).join(', ')}`);
      this.offerForce(message, 'apply', sources, options);
    } else this.notify('error', message);
    return { message };
  }

  /** A notification with an explicit "Force" button (never a modal): re-runs with force=true. */
  private offerForce(message: string, mode: Mode, sources: readonly ManifestSource[], options: ManifestCommandOptions): void {
    this.log.warn(message);
    void vscode.window.showWarningMessage(message, 'Force', 'Show Output').then((choice) => {
      if (choice === 'Force') void vscode.commands.executeCommand(mode === 'apply' ? APPLY_COMMAND : DRY_RUN_COMMAND, undefined, sources.map((s) => s.uri), { ...options, force: true });
      if (choice === 'Show Output') this.log.show(true);
    });
  }

  private notify(level: 'info' | 'error', message: string): void {
    if (level === 'error') this.log.warn(message);
    else this.log.info(message);
    const show = level === 'error' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    void show(message, 'Show Output').then((choice) => {
      if (choice) this.log.show(true);
    });
  }

  /** Validates a saved file again (no notifications), so fixed problems leave the Problems panel. */
  async revalidate(document: vscode.TextDocument): Promise<void> {
    const cluster = this.service.connected();
    if (!cluster) return;
    if (!looksLikeManifest(document.getText())) {
      this.diagnostics.set([document.uri], []);
      return;
    }
    const sources = [{ uri: document.uri, documents: this.service.documentsOf(document) }];
    const validation = await validateAll(await this.planOf(sources, cluster), cluster.api);
    // An unreachable cluster proves nothing either way: keep what the panel shows.
    if (!validation.incomplete) this.diagnostics.set([document.uri], validation.problems);
  }

  async diff(uris: readonly vscode.Uri[], options: ManifestCommandOptions): Promise<ManifestRunResult | undefined> {
    const sources = await this.sourcesOf(uris, options);
    if (!Array.isArray(sources)) return sources;
    const cluster = await this.requireCluster();
    if (!cluster) return undefined;
    const what = this.title(sources, options);
    const validation = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Diff of ${what} with the cluster`, cancellable: true }, async (_progress, token) =>
      validateAll(await this.planOf(sources, cluster), cluster.api, { token, force: options.force }),
    );
    this.showProblems(sources, options, validation.problems);
    if (!validation.ok) return { ...this.reportBlocked('dry-run', what, validation, sources, options), validation };
    const live: string[] = [];
    const applied: string[] = [];
    let changed = false;
    for (const c of validation.checked) {
      const header = `# ${describeRef(c.entry.ref)}\n`;
      if (c.dryRun) {
        const sides = diffSides(c.live, c.dryRun, { keepStatus: false });
        changed ||= sides.changed;
        live.push(header + sides.live);
        applied.push(header + sides.applied);
      } else {
        const sides = diffSides(c.live, c.entry.object, { keepStatus: false });
        changed ||= sides.changed;
        live.push(header + sides.live);
        applied.push(`${header}# as written (${c.dryRunSkipped ?? 'not dry-run'})\n${sides.applied}`);
      }
    }
    const name = sources.length === 1 ? baseName(sources[0].uri).replace(/\.json$/, '.yaml') : 'manifests.yaml';
    const left = this.diffs.put('live', name, live.join('---\n'));
    const right = this.diffs.put('applied', name, applied.join('---\n'));
    await vscode.commands.executeCommand('vscode.diff', left, right, `${what}: cluster ↔ after apply`, { preview: true });
    return { message: changed ? `${what} differs from the cluster` : `${what} matches the cluster`, validation, diff: { left, right } };
  }

  async delete(uris: readonly vscode.Uri[], options: ManifestCommandOptions): Promise<ManifestRunResult | undefined> {
    const sources = await this.sourcesOf(uris, options);
    if (!Array.isArray(sources)) return sources;
    const cluster = await this.requireCluster();
    if (!cluster) return undefined;
    const what = this.title(sources, options);
    const plan = await this.planOf(sources, cluster);
    this.showProblems(sources, options, plan.problems);
    if (hasErrors(plan.problems)) {
      const message = `Nothing was deleted: ${what} has problems (see the Problems panel).`;
      this.notify('error', message);
      return { message };
    }
    const deletePlan = buildDeletePlan(plan);
    if (deletePlan.entries.length === 0) {
      const message = `${what} names no objects to delete.`;
      this.notify('info', message);
      return { message };
    }
    if (options.confirmed !== true) {
      const detail = `${deletePlan.summary.join('\n')}\n\nDependents (e.g. ReplicaSets and Pods) are deleted before their owners (foreground propagation).`;
      const answer = await vscode.window.showWarningMessage(`Delete ${plural(deletePlan.entries.length, 'object')} of ${what} from context "${cluster.active.contextName}"?`, { modal: true, detail }, 'Delete');
      if (answer !== 'Delete') return { message: 'cancelled' };
    }
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting ${what}`, cancellable: true }, (progress, token) =>
      deleteAll(deletePlan, cluster.api, { token, onProgress: (done, total) => progress.report({ message: `${done}/${total}` }) }),
    );
    for (const r of report.results) this.log.info(`  ${describeRef(r.entry.ref)} ${r.outcome.replace('-', ' ')}${r.message ? `: ${r.message}` : ''}`);
    const summary = countBy(report.results.map((r) => r.outcome));
    const message = report.stoppedBy ? `Deleting ${what} stopped (${report.stoppedBy}): ${summary}.` : `Deleted ${what}: ${summary}.`;
    this.notify(report.stoppedBy ? 'error' : 'info', message);
    return { message, deleteReport: report };
  }
}
