// "Apply" and "Diff" above every document of a manifest, and "Trace scheduling" (a what-if,
// nothing applied) above the kinds whose controllers create pods. Lenses come from the cached
// parse, so typing in a 1,000-document file re-parses only the document being edited.
import * as vscode from 'vscode';
import { looksLikeManifest } from '../../manifests/looks-like-manifest';
import { APPLY_COMMAND, DIFF_COMMAND, type ManifestCommandOptions } from './manifest-commands';
import type { ManifestService } from './manifest-service';
import { TRACE_MANIFEST_COMMAND } from '../trace/trace-commands';
import { isTraceableWorkload } from '../trace/trace-subjects';

export class ManifestCodeLensProvider implements vscode.CodeLensProvider {
  constructor(private readonly service: ManifestService) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!looksLikeManifest(document.getText())) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const doc of this.service.documentsOf(document)) {
      const kind = doc.object?.kind;
      if (typeof kind !== 'string' || !doc.object?.apiVersion) continue;
      const line = new vscode.Range(doc.range.start.line, 0, doc.range.start.line, 0);
      const options: ManifestCommandOptions = { documentIndex: doc.index };
      const name = typeof doc.object.metadata?.name === 'string' ? ` ${kind}/${doc.object.metadata.name}` : ` this ${kind}`;
      lenses.push(
        new vscode.CodeLens(line, { title: 'Apply', tooltip: `Apply${name} to the cluster (server-side apply)`, command: APPLY_COMMAND, arguments: [document.uri, undefined, options] }),
        new vscode.CodeLens(line, { title: 'Diff', tooltip: `Diff${name} with the cluster`, command: DIFF_COMMAND, arguments: [document.uri, undefined, options] }),
      );
      if (isTraceableWorkload(doc.object)) {
        lenses.push(new vscode.CodeLens(line, { title: 'Trace scheduling', tooltip: `Where the scheduler would place the pods of${name}, and why (nothing is applied)`, command: TRACE_MANIFEST_COMMAND, arguments: [document.uri, undefined, options] }));
      }
    }
    return lenses;
  }
}
