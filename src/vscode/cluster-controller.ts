// What the user does with clusters: the first connection, once something needs it (the saved
// selection, kubeconfig's current-context, or the bundled emulator when there is no
// kubeconfig at all), the context picker, the emulator commands, refresh and health, and
// keeping terminals' KUBECONFIG and the welcome view's context keys in step.

import * as vscode from 'vscode';
import type { KubeconfigSet } from '../cluster/index.js';
import type { ClusterSession, Selection } from './cluster-session.js';
import { pickContext } from './context-picker.js';
import { Disposable } from './disposable.js';
import type { EmulatorEndpoint, EmulatorExit, EmulatorProcess } from './emulator-process.js';
import { healthUri } from './cluster-documents.js';
import { CrashRestarts, RESTART_WINDOW_MS } from './crash-restarts.js';
import { firstSelection } from './first-selection.js';
import { applyTerminalEnvironment, type TerminalWindow, trackTerminalEnvironment } from './terminal-env.js';

const SELECTION_KEY = 'clusterAnatomy.selection';

export type { AutoStart } from './first-selection.js';

export class ClusterController extends Disposable {
  private userKubeconfigs?: KubeconfigSet;
  /** The first connection, started once and only when something needs a cluster. */
  private initialization?: Promise<void>;
  private warnedConnection?: unknown;
  /** Kubeconfig problems already shown: each is shown once, not at every reload. */
  private readonly warnedFiles = new Set<string>();
  private noKubeconfigKey?: boolean;
  private readonly crashes = new CrashRestarts(() => Date.now());

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly session: ClusterSession,
    private readonly emulator: EmulatorProcess,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    const terminals: TerminalWindow = { storageDir: context.globalStorageUri.fsPath, windowId: vscode.env.sessionId };
    this._register(trackTerminalEnvironment(context.environmentVariableCollection, terminals));
    this._register(
      session.onDidChangeActive((active) => {
        applyTerminalEnvironment(context.environmentVariableCollection, active, terminals);
        void vscode.commands.executeCommand('setContext', 'clusterAnatomy.connected', !!active);
      }),
    );
    this._register(session.onDidChangeState((s) => this.onState(s.phase, s.reason)));
    this._register(emulator.onExit((exit) => (exit.unexpected ? this.emulatorLost(exit) : log.info(`The emulator exited (${exit.code ?? exit.signal})`))));
    this._register(emulator.onReady((endpoint) => this.emulatorReady(endpoint)));
  }

  /**
   * The emulator is up again on the open connection's port and kubeconfig (Start, Restart, or
   * the restart after a crash): its list-watches retry at once rather than when their backoff,
   * up to 30 s after a long outage, would next fire.
   */
  private emulatorReady(endpoint: EmulatorEndpoint): void {
    const active = this.session.current;
    if (active?.selection.kind === 'emulator' && active.files[0] === endpoint.kubeconfig && this.sameServer(endpoint.server)) this.session.retryNow();
  }

  /**
   * The emulator stopped without being asked. Ours is restarted from its saved state (same port:
   * the connection recovers by itself), a few times at most; one another window ran is not: that
   * window's user may have stopped it on purpose, so this one offers to start it.
   */
  private emulatorLost(exit: EmulatorExit): void {
    if (this.session.current?.selection.kind !== 'emulator') return;
    if (exit.shared) {
      this.log.warn('The bundled emulator another window ran has stopped');
      void vscode.window.showWarningMessage('Cluster Anatomy: the bundled emulator, run by another window, has stopped.', 'Start Bundled Emulator').then((a) => a && this.startEmulator());
      return;
    }
    const why = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
    if (!this.crashes.crashed()) {
      const minutes = RESTART_WINDOW_MS / 60_000;
      this.log.error(`The emulator stopped unexpectedly (${why}), ${this.crashes.recent} times in the last ${minutes} minutes: not restarting it`);
      void vscode.window
        .showErrorMessage(`Cluster Anatomy: the bundled emulator stopped ${this.crashes.recent} times in the last ${minutes} minutes and will not be restarted.`, 'Show Log', 'Start Bundled Emulator')
        .then((a) => (a === 'Show Log' ? this.log.show(true) : a && this.startEmulator()));
      return;
    }
    this.log.warn(`The emulator stopped unexpectedly (${why}); restarting it from its saved state`);
    this.emulator.start().then(
      (endpoint) => this.log.info(`The emulator is back at ${endpoint.server}`),
      (err: Error) => {
        this.log.error(`Restarting the emulator failed: ${err.message}`);
        void vscode.window.showErrorMessage(`Cluster Anatomy: restarting the bundled emulator failed: ${err.message}`, 'Show Log').then((a) => a && this.log.show(true));
      },
    );
  }

  /**
   * Starts the first connection unless something already did, and settles when it is done.
   * Lazy because activation (e.g. by opening a YAML file) must not connect or start the emulator.
   */
  ensureInitialized(): Promise<void> {
    this.initialization ??= this.initialize().catch((err) => this.log.error(`Starting up failed: ${err?.message ?? err}`));
    return this.initialization;
  }

  /** For commands that choose a cluster: the automatic first choice must not come after, and override, the user's. */
  private async initializedByUser(): Promise<void> {
    this.initialization ??= this.reloadKubeconfigs().then(() => undefined);
    await this.initialization;
  }

  /** The first connection; use ensureInitialized() so it runs once. */
  async initialize(): Promise<void> {
    const set = await this.reloadKubeconfigs();
    const contexts = set?.contextNames() ?? [];
    const selection = firstSelection({
      autoStart: vscode.workspace.getConfiguration('clusterAnatomy').get<string>('emulator.autoStart'),
      saved: this.context.globalState.get<Selection>(SELECTION_KEY),
      contexts,
      currentContext: set?.currentContext,
    });
    if (selection) await this.select(selection);
  }

  async reloadKubeconfigs(): Promise<KubeconfigSet | undefined> {
    try {
      const set = await this.session.loadUserKubeconfigs();
      this.userKubeconfigs = set;
      for (const e of set.errors) {
        const key = `${e.file}: ${e.message}`;
        if (this.warnedFiles.has(key)) continue;
        this.warnedFiles.add(key);
        this.log.warn(`kubeconfig ${key}`);
        void vscode.window.showWarningMessage(`Kubeconfig ${e.file}: ${e.message}. Contexts of the other files are still usable.`, 'Show Log').then((a) => a && this.log.show(true));
      }
      await this.setNoKubeconfig(set.contextNames().length === 0);
      return set;
    } catch (err: any) {
      this.log.error(`Cannot load kubeconfig files: ${err?.message ?? err}`);
      await this.setNoKubeconfig(true);
      return undefined;
    }
  }

  /** The value of the context key `clusterAnatomy.noKubeconfig`, which picks the welcome view's content (for tests). */
  get noKubeconfig(): boolean | undefined {
    return this.noKubeconfigKey;
  }

  private async setNoKubeconfig(value: boolean): Promise<void> {
    this.noKubeconfigKey = value;
    await vscode.commands.executeCommand('setContext', 'clusterAnatomy.noKubeconfig', value);
  }

  /** Connects, remembering the choice; failures are reported once, never as a modal. */
  async select(selection: Selection, fresh = false): Promise<boolean> {
    try {
      const title = selection.kind === 'emulator' ? 'Starting the bundled emulator…' : `Connecting to ${selection.contextName}…`;
      // Progress shows in the view while the emulator starts or client-node loads.
      await vscode.window.withProgress({ location: { viewId: 'clusterAnatomy.architecture' }, title }, () => this.session.select(selection, fresh));
      await this.context.globalState.update(SELECTION_KEY, selection);
      return true;
    } catch (err: any) {
      const what = selection.kind === 'emulator' ? 'the bundled emulator' : `context "${selection.contextName}"`;
      this.log.error(`Cannot connect to ${what}: ${err?.message ?? err}`);
      void vscode.window.showErrorMessage(`Cluster Anatomy cannot connect to ${what}: ${err?.message ?? err}`, 'Select Context', 'Show Log').then((a) => {
        if (a === 'Select Context') void this.selectContext();
        if (a === 'Show Log') this.log.show(true);
      });
      return false;
    }
  }

  async selectContext(): Promise<void> {
    await this.initializedByUser();
    const set = (await this.reloadKubeconfigs()) ?? this.userKubeconfigs;
    const active = this.session.current;
    const picked = await pickContext(set, active?.contextName, this.emulator.running, active?.selection.kind === 'emulator');
    if (picked) await this.select(picked);
  }

  async startEmulator(): Promise<void> {
    await this.initializedByUser();
    const active = this.session.current;
    if (active?.selection.kind === 'emulator') {
      const before = active.files[0];
      const wasRunning = this.emulator.running;
      const endpoint = await this.emulator.start();
      // Same kubeconfig and port: the open connection recovers by itself (emulatorReady).
      if (!wasRunning && endpoint.kubeconfig === before && this.sameServer(endpoint.server)) return;
      if (wasRunning) return;
    }
    await this.select({ kind: 'emulator' });
  }

  private sameServer(server: string): boolean {
    const active = this.session.current;
    if (!active) return false;
    try {
      return active.kubeconfigs.kubeConfigFor(active.contextName).getCurrentCluster()?.server.replace(/\/+$/, '') === server.replace(/\/+$/, '');
    } catch {
      return false;
    }
  }

  async stopEmulator(): Promise<void> {
    const shared = this.emulator.endpoint?.sharedWithPid;
    const others = shared !== undefined ? this.emulator.otherUsers() : [];
    await this.emulator.stop();
    if (others.length > 0) this.log.info(`The emulator (pid ${shared}) is used by other windows (pids ${others.join(', ')}); it keeps running for them`);
    else this.log.info('The emulator was stopped');
  }

  async restartEmulator(): Promise<void> {
    await this.initializedByUser();
    await this.emulator.stop();
    await this.startEmulator();
  }

  /** Discards the emulator's saved state (--fresh), after confirmation. */
  async resetEmulator(confirmed = false): Promise<void> {
    if (!confirmed) {
      const answer = await vscode.window.showWarningMessage('Reset the bundled emulator?', { modal: true, detail: 'Everything applied to it is discarded and the cluster starts fresh.' }, 'Reset');
      if (answer !== 'Reset') return;
    }
    await this.initializedByUser();
    await this.emulator.stop();
    await this.select({ kind: 'emulator' }, true);
  }

  async showApiServerHealth(): Promise<void> {
    await this.ensureInitialized();
    const active = this.session.current;
    if (!active) {
      void vscode.window.showInformationMessage('Cluster Anatomy: no cluster is selected.', 'Select Context').then((a) => a && this.selectContext());
      return;
    }
    const doc = await vscode.workspace.openTextDocument(healthUri(active.contextName));
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  private onState(phase: string, reason: string | undefined): void {
    const active = this.session.current;
    // One notification per connection, and only for an error: the tree and status bar
    // already show reconnecting, and a flapping cluster must not cause a storm.
    if (phase !== 'error' || !active || this.warnedConnection === active.connection) return;
    this.warnedConnection = active.connection;
    void vscode.window.showWarningMessage(`Cluster Anatomy: ${reason ?? `context "${active.contextName}" failed`}`, 'Retry', 'Select Context').then((a) => {
      if (a === 'Retry') this.session.refresh();
      if (a === 'Select Context') void this.selectContext();
    });
  }
}
