// The Problems panel for manifests: every problem validation found (YAML syntax, missing fields,
// the server's Strict field errors, conflicts) at its exact range, replaced file by file on each
// validation so fixed problems disappear.
import * as vscode from 'vscode';
import type { DocumentProblem } from '../../manifests/apply-plan';
import type { SourceRange } from '../../manifests/documents';

export const DIAGNOSTIC_SOURCE = 'Cluster Anatomy';

export function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export class ManifestDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);

  /** Replaces the diagnostics of every file in `uris` with `problems` (none: the file is clean). */
  set(uris: readonly vscode.Uri[], problems: readonly DocumentProblem[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>(uris.map((u) => [u.toString(), []]));
    const seen = new Set<string>();
    for (const p of problems) {
      // One problem may be found twice (a dry-run and the apply): show it once.
      const key = `${p.uri}|${p.problem.range.start.line}:${p.problem.range.start.character}|${p.problem.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const d = new vscode.Diagnostic(toRange(p.problem.range), p.problem.message, p.problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      d.source = DIAGNOSTIC_SOURCE;
      if (p.problem.field) d.code = p.problem.field;
      const list = byFile.get(p.uri) ?? [];
      list.push(d);
      byFile.set(p.uri, list);
    }
    for (const [uri, list] of byFile) this.collection.set(vscode.Uri.parse(uri), list);
  }

  /** Replaces only the diagnostics inside `range` of one file (a CodeLens run of one document). */
  setWithin(uri: vscode.Uri, range: SourceRange, problems: readonly DocumentProblem[]): void {
    const scope = toRange(range);
    const outside = (this.collection.get(uri) ?? []).filter((d) => !scope.contains(d.range));
    this.set([uri], problems);
    this.collection.set(uri, [...outside, ...(this.collection.get(uri) ?? [])]);
  }

  /** Adds problems found later (e.g. by the apply itself) to what the file already shows. */
  add(problems: readonly DocumentProblem[]): void {
    const before = new Map<string, readonly vscode.Diagnostic[]>();
    for (const p of problems) if (!before.has(p.uri)) before.set(p.uri, this.collection.get(vscode.Uri.parse(p.uri)) ?? []);
    this.set([...before.keys()].map((u) => vscode.Uri.parse(u)), problems);
    for (const [uri, earlier] of before) {
      const u = vscode.Uri.parse(uri);
      const added = this.collection.get(u) ?? [];
      this.collection.set(u, [...earlier, ...added.filter((d) => !earlier.some((e) => e.message === d.message && e.range.isEqual(d.range)))]);
    }
  }

  has(uri: vscode.Uri): boolean {
    return (this.collection.get(uri)?.length ?? 0) > 0;
  }

  dispose(): void {
    this.collection.dispose();
  }
}
