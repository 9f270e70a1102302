// Everything "manifests in VS Code" registers: the four commands, diagnostics, the diff
// documents, CodeLens, hovers, and the context key that shows the menus only for manifests.
import * as vscode from 'vscode';
import { type Clock, RealClock } from '../../kube/clock';
import { looksLikeManifest } from '../../manifests/looks-like-manifest';
import type { ClusterModule } from '../cluster-module';
import type { ClusterSession } from '../cluster-session';
import { DiagramPanel } from '../diagram/diagram-panel';
import { APPLIED_DESCRIPTION, AppliedHighlighter } from './applied-highlighter';
import { DIFF_SCHEME, DiffDocumentProvider } from './diff-documents';
import { ManifestCommands } from './manifest-commands';
import { ManifestDiagnostics } from './manifest-diagnostics';
import { ManifestHoverProvider } from './manifest-hover';
import { ManifestCodeLensProvider } from './manifest-lenses';
import { ManifestService } from './manifest-service';

/** Set for the active editor when its text looks like a Kubernetes manifest. */
export const MANIFEST_CONTEXT_KEY = 'clusterAnatomy.activeEditorIsManifest';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'untitled' },
  { language: 'json', scheme: 'file' },
];

export interface ManifestsFeature {
  readonly disposables: vscode.Disposable[];
  readonly diagnostics: ManifestDiagnostics;
  readonly commands: ManifestCommands;
  readonly service: ManifestService;
  /** What the last apply lit up; the Architecture tree reads `describe(podKey)` and follows `onDidChange`. */
  readonly applied: AppliedHighlighter;
}

export function registerManifests(
  session: ClusterSession,
  cluster: () => ClusterModule,
  ensureInitialized: () => Promise<void>,
  log: vscode.LogOutputChannel,
  clock: Clock = new RealClock(),
): ManifestsFeature {
  const service = new ManifestService(session, cluster, ensureInitialized);
  const diagnostics = new ManifestDiagnostics();
  const diffs = new DiffDocumentProvider();
  const applied = new AppliedHighlighter({
    clock,
    model: () => session.current?.connection.model,
    onDidChangeModel: session.onDidChangeModel,
    highlight: (ids) => DiagramPanel.highlight(ids, APPLIED_DESCRIPTION),
  });
  const commands = new ManifestCommands(service, diagnostics, diffs, log, (report) => applied.applied(report));
  const updateContextKey = () => {
    const doc = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', MANIFEST_CONTEXT_KEY, !!doc && /\.(ya?ml|json)$/i.test(doc.uri.path) && looksLikeManifest(doc.getText()));
  };
  updateContextKey();
  const disposables: vscode.Disposable[] = [
    service,
    applied,
    diagnostics,
    diffs,
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, diffs),
    ...commands.register(),
    vscode.languages.registerCodeLensProvider(SELECTOR, new ManifestCodeLensProvider(service)),
    vscode.languages.registerHoverProvider(SELECTOR, new ManifestHoverProvider(service)),
    vscode.window.onDidChangeActiveTextEditor(updateContextKey),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) updateContextKey();
    }),
    vscode.workspace.onDidSaveTextDocument((d) => {
      // Only files validation has spoken about: saving a clean file sends nothing to the cluster.
      if (diagnostics.has(d.uri)) void commands.revalidate(d).catch((err: unknown) => log.warn(`Re-validating ${d.uri.fsPath} failed: ${String(err)}`));
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === 'untitled') diagnostics.collection.delete(d.uri);
    }),
  ];
  return { disposables, diagnostics, commands, service, applied };
}
