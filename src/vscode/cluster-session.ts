// The selected cluster and its live connection. Selecting a context disposes the previous
// connection's group (watches, probe timer, subscriptions) and builds a new one; the
// bundled emulator is just another kubeconfig once started. No `vscode` here: the UI
// subscribes to the events.

import type { ClusterConnection, ConnectionState, KubeconfigSet, KubeconfigSources } from '../cluster/index.js';
import type { ChangeSet } from '../cluster/views.js';
import { Emitter } from '../cluster/emitter.js';
import type { ApiServerProbes } from '../anatomy/health.js';
import type { Clock } from '../kube/clock.js';
import type { ClusterModule } from './cluster-module.js';
import { Disposable, DisposableStore } from './disposable.js';
import type { EmulatorEndpoint, EmulatorProcess } from './emulator-process.js';

export type Selection = { kind: 'emulator' } | { kind: 'context'; contextName: string };

export const EMULATOR_LABEL = 'Bundled emulator';

export interface SessionLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ClusterSessionOptions {
  cluster: () => ClusterModule;
  clock: Clock;
  log: SessionLog;
  emulator: EmulatorProcess;
  /** The user's kubeconfig sources (KUBECONFIG, ~/.kube/config, the setting's extra files). */
  kubeconfigSources: () => KubeconfigSources;
  probeIntervalMs?: number;
}

/** What the tree, status bar and terminals need about the current connection. */
export interface ActiveCluster {
  selection: Selection;
  contextName: string;
  connection: ClusterConnection;
  kubeconfigs: KubeconfigSet;
  /** The kubeconfig files the context came from, for terminals' KUBECONFIG. */
  files: readonly string[];
  serverVersion?: string;
  probes?: ApiServerProbes;
}

export class ClusterSession extends Disposable {
  private active?: ActiveCluster;
  private readonly connectionGroup = this._register(new DisposableStore());
  private selecting = 0;
  private readonly activeChanged = this._register(new Emitter<ActiveCluster | undefined>());
  private readonly stateChanged = this._register(new Emitter<ConnectionState>());
  private readonly modelChanged = this._register(new Emitter<ChangeSet>());
  private readonly infoChanged = this._register(new Emitter<void>());
  /** A new connection replaced the old one (or none is selected). */
  readonly onDidChangeActive = this.activeChanged.event;
  readonly onDidChangeState = this.stateChanged.event;
  /** Batched model change sets of the current connection. */
  readonly onDidChangeModel = this.modelChanged.event;
  /** Server version or API server probes changed. */
  readonly onDidChangeInfo = this.infoChanged.event;

  constructor(private readonly options: ClusterSessionOptions) {
    super();
  }

  get current(): ActiveCluster | undefined {
    return this.active;
  }

  /** The user's kubeconfig files, merged as kubectl merges them. */
  loadUserKubeconfigs(): Promise<KubeconfigSet> {
    return this.options.cluster().loadKubeconfigs(this.options.kubeconfigSources());
  }

  /** Disconnects (the tree shows its welcome content). */
  clear(): void {
    this.selecting++;
    this.connectionGroup.clear();
    this.active = undefined;
    this.activeChanged.fire(undefined);
  }

  /** Connects to a context or the bundled emulator (starting it if needed). */
  async select(selection: Selection, fresh = false): Promise<ActiveCluster> {
    const ticket = ++this.selecting;
    this.connectionGroup.clear();
    this.active = undefined;
    let kubeconfigs: KubeconfigSet;
    let contextName: string;
    let files: readonly string[];
    const cluster = this.options.cluster();
    if (selection.kind === 'emulator') {
      const endpoint: EmulatorEndpoint = await this.options.emulator.start(fresh);
      kubeconfigs = await cluster.loadKubeconfigs({ kubeconfigEnv: endpoint.kubeconfig, extraFiles: [] });
      contextName = kubeconfigs.currentContext ?? kubeconfigs.contextNames()[0];
      files = [endpoint.kubeconfig];
      if (!contextName) throw new Error(`the emulator's kubeconfig ${endpoint.kubeconfig} defines no context`);
    } else {
      kubeconfigs = await this.loadUserKubeconfigs();
      contextName = selection.contextName;
      const summary = kubeconfigs.listContexts().find((c) => c.name === contextName);
      if (!summary) throw new Error(`context "${contextName}" is not defined in ${kubeconfigs.files.join(', ') || 'any kubeconfig file'}`);
      if (summary.problem) throw new Error(`context "${contextName}" (${summary.file}): ${summary.problem}`);
      // kubectl refuses every file when one is broken: terminals get only the good ones.
      const broken = new Set(kubeconfigs.errors.map((e) => e.file));
      files = kubeconfigs.files.filter((f) => !broken.has(f));
    }
    if (ticket !== this.selecting) throw new Error('another context was selected meanwhile');
    const connection = await cluster.createConnection({ kubeconfigs, contextName, clock: this.options.clock });
    if (ticket !== this.selecting) {
      connection.dispose();
      throw new Error('another context was selected meanwhile');
    }
    const active: ActiveCluster = { selection, contextName, connection, kubeconfigs, files };
    this.active = active;
    const group = this.connectionGroup;
    group.add(connection);
    group.add(connection.onDidChange((c) => this.modelChanged.fire(c)));
    group.add(
      connection.onDidChangeState((s) => {
        this.options.log.info(`${contextName}: ${s.phase}${s.reason ? ` (${s.reason})` : ''}`);
        for (const f of s.forbidden) {
          const instead = f.shownNamespaces?.length ? `; showing pods of ${f.shownNamespaces.join(', ')} only` : '';
          this.options.log.warn(`${contextName}: not allowed: ${f.message}${instead}`);
        }
        // Back from an outage: the API server's health is news too.
        if (s.phase === 'connected') void this.probe(active);
        this.stateChanged.fire(s);
      }),
    );
    const timer = this.options.clock.setInterval(() => void this.probe(active), this.options.probeIntervalMs ?? 15_000);
    group.add({ dispose: () => timer.cancel() });
    connection.start();
    this.options.log.info(`Connecting to context "${contextName}" (${files.join(', ')})`);
    this.activeChanged.fire(active);
    void connection.serverVersion().then(
      (v) => {
        if (this.active !== active) return;
        active.serverVersion = v.gitVersion;
        this.infoChanged.fire();
      },
      (err) => this.options.log.warn(`${contextName}: /version failed: ${err?.message ?? err}`),
    );
    void this.probe(active);
    return active;
  }

  /** Runs /readyz and /livez now (or reuses a result younger than maxAgeMs). */
  async probe(active = this.active, maxAgeMs = 0): Promise<ApiServerProbes | undefined> {
    if (!active) return undefined;
    const h = await active.connection.probeApiServer(maxAgeMs);
    if (this.active !== active) return undefined;
    const changed = !active.probes || active.probes.readyz?.text !== h.readyz.text || active.probes.livez?.text !== h.livez.text || active.probes.readyz?.status !== h.readyz.status;
    active.probes = { readyz: h.readyz, livez: h.livez };
    if (changed) this.infoChanged.fire();
    return active.probes;
  }

  /** Lists everything again (Refresh, Retry). */
  refresh(): void {
    this.active?.connection.refresh();
    void this.probe();
  }

  /** The server is back (the emulator started again): what waits out a backoff retries now. */
  retryNow(): void {
    this.active?.connection.retryNow();
    void this.probe();
  }
}
