// Composition root: builds the object graph, registers it, and disposes it with the extension.
// Nothing here talks to a cluster: activation by a YAML/JSON file must not connect or start the
// emulator, so the first connection waits for the view to show or a command that needs a cluster.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RealClock } from './kube/clock';
import { ArchitectureTreeProvider, RETRY_COMMAND } from './vscode/architecture-tree';
import type { ArchitectureElement } from './vscode/architecture-elements';
import { ClusterController } from './vscode/cluster-controller';
import { HEALTH_SCHEME, HealthDocumentProvider, POD_SCHEME, PodDocumentProvider } from './vscode/cluster-documents';
import { loadClusterModule } from './vscode/cluster-module';
import { ClusterSession } from './vscode/cluster-session';
import { EmulatorProcess } from './vscode/emulator-process';
import { logEmulatorLine } from './vscode/emulator-log';
import { createLog } from './vscode/log';
import { registerPodCommands } from './vscode/pod-commands';
import { registerPodLogs } from './vscode/pod-logs';
import { registerPodShell } from './vscode/pod-shell';
import { registerManifests, type ManifestsFeature } from './vscode/manifests/register-manifests';
import { ClusterStatusBar, SELECT_CONTEXT_COMMAND } from './vscode/status-bar';
import { DIAGRAM_VIEW_TYPE, DiagramPanel, DiagramSerializer } from './vscode/diagram/diagram-panel';
import { diagramSourceFor } from './vscode/diagram/diagram-source';
import { registerTrace, type TraceFeature } from './vscode/trace/register-trace';

export interface ClusterAnatomyApi {
  /** How long activate() took, in milliseconds (reported by the integration suite). */
  readonly activationMs: number;
  /** For the in-host tests: the live objects behind the view. */
  readonly testing: {
    readonly session: ClusterSession;
    readonly tree: ArchitectureTreeProvider;
    readonly treeView: vscode.TreeView<ArchitectureElement>;
    readonly statusBar: ClusterStatusBar;
    readonly emulator: EmulatorProcess;
    readonly controller: ClusterController;
    /** Apply / dry-run / diff / delete of manifests, and their diagnostics. */
    readonly manifests: ManifestsFeature;
    /** Trace scheduling: its commands and open panels. */
    readonly trace: TraceFeature;
    /** Starts the first connection attempt if nothing has yet; settles when it is done. */
    readonly initialized: Promise<void>;
    /** KUBECONFIG as integrated terminals get it. */
    terminalKubeconfig(): string | undefined;
  };
}

let emulatorToRelease: EmulatorProcess | undefined;

export function activate(context: vscode.ExtensionContext): ClusterAnatomyApi {
  const started = performance.now();
  const log = createLog();
  const clock = new RealClock();
  const emulator = new EmulatorProcess({
    script: path.join(context.extensionPath, 'dist', 'emulator.js'),
    stateDir: path.join(context.globalStorageUri.fsPath, 'emulator'),
    log: (line, stream) => logEmulatorLine(log, line, stream),
  });
  emulatorToRelease = emulator;
  const session = new ClusterSession({
    cluster: () => loadClusterModule(context.extensionPath),
    clock,
    log,
    emulator,
    kubeconfigSources: () => ({ extraFiles: vscode.workspace.getConfiguration('clusterAnatomy').get<string[]>('kubeconfigPaths', []) }),
  });
  const settings = () => vscode.workspace.getConfiguration('clusterAnatomy');
  const tree = new ArchitectureTreeProvider(session, clock, () => settings().get<'role' | 'zone'>('tree.groupNodesBy', 'role'));
  const treeView = vscode.window.createTreeView('clusterAnatomy.architecture', { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new ClusterStatusBar(session);
  const controller = new ClusterController(context, session, emulator, log);
  const ensureInitialized = () => controller.ensureInitialized();
  const manifests = registerManifests(session, () => loadClusterModule(context.extensionPath), ensureInitialized, log);
  tree.showPodNotes(manifests.applied);
  const command = (id: string, run: (...args: any[]) => unknown) => vscode.commands.registerCommand(id, run);
  const diagramSource = diagramSourceFor(session, tree, treeView, (message) => log.warn(message));
  const diagramSerializer = new DiagramSerializer(context.extensionUri, diagramSource);
  const trace = registerTrace({
    extensionUri: context.extensionUri,
    session,
    tree,
    treeView,
    manifests: manifests.service,
    cluster: () => loadClusterModule(context.extensionPath),
    clock,
    ensureInitialized,
    log,
  });
  context.subscriptions.push(
    log,
    { dispose: () => void emulator.release() },
    session,
    tree,
    treeView,
    statusBar,
    controller,
    vscode.workspace.registerTextDocumentContentProvider(HEALTH_SCHEME, new HealthDocumentProvider(session)),
    vscode.workspace.registerTextDocumentContentProvider(POD_SCHEME, new PodDocumentProvider(session)),
    command('clusterAnatomy.showLog', () => log.show(true)),
    command(SELECT_CONTEXT_COMMAND, () => controller.selectContext()),
    command('clusterAnatomy.startEmulator', () => controller.startEmulator()),
    command('clusterAnatomy.stopEmulator', () => controller.stopEmulator()),
    command('clusterAnatomy.restartEmulator', () => controller.restartEmulator()),
    command('clusterAnatomy.resetEmulator', (confirmed?: boolean) => controller.resetEmulator(confirmed === true)),
    command(RETRY_COMMAND, () => session.refresh()),
    command('clusterAnatomy.showApiServerHealth', () => controller.showApiServerHealth()),
    ...registerPodCommands(session),
    registerPodShell(session, () => loadClusterModule(context.extensionPath), (message) => log.info(message)),
    registerPodLogs(session, () => loadClusterModule(context.extensionPath), (message) => log.info(message)),
    ...manifests.disposables,
    ...trace.disposables,
    command('clusterAnatomy.openDiagram', () => {
      void ensureInitialized();
      void DiagramPanel.show(context.extensionUri, diagramSource);
    }),
    // A diagram restored with the window shows the cluster, so it asks for the first connection.
    vscode.window.registerWebviewPanelSerializer(DIAGRAM_VIEW_TYPE, {
      deserializeWebviewPanel: (panel) => {
        void ensureInitialized();
        return diagramSerializer.deserializeWebviewPanel(panel);
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('clusterAnatomy.kubeconfigPaths')) void controller.reloadKubeconfigs();
      if (e.affectsConfiguration('clusterAnatomy.tree.groupNodesBy')) tree.rebuild();
    }),
  );
  // The view showing is what asks for a cluster. Deferred: loading the cluster bundle must not delay activation.
  const initializeIfVisible = () => {
    if (treeView.visible) setTimeout(() => void ensureInitialized(), 0);
  };
  context.subscriptions.push(treeView.onDidChangeVisibility(initializeIfVisible));
  initializeIfVisible();
  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  const terminalKubeconfig = () => context.environmentVariableCollection.get('KUBECONFIG')?.value;
  const testing = {
    session, tree, treeView, statusBar, emulator, controller, manifests, trace, terminalKubeconfig,
    get initialized() {
      return ensureInitialized();
    },
  };
  return { activationMs, testing };
}

export function deactivate(): Promise<void> | undefined {
  // The host may not wait long: stop the emulator (unless other windows use it) and give it a moment.
  const emulator = emulatorToRelease;
  emulatorToRelease = undefined;
  return emulator?.release(2000);
}
