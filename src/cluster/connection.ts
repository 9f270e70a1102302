// One live connection to one context: it owns the list-watches (nodes, pods, Leases in
// kube-system and kube-node-lease), the model they fill and the flush timer, and is
// disposed as a group when the user switches context. It also reports one connection
// state for the status bar and the tree (connecting / connected / reconnecting / error,
// with what RBAC forbids), and runs the API server's health probes on request.
//
// Pods come from two lists: kube-system's, small, so the control plane is in the tree
// within a second, and every other namespace's (all the workload pods), which fills in
// after. When RBAC forbids listing pods across namespaces, the context's namespace is
// listed and watched instead, and the state says which namespaces are shown.

import type { Clock, Timer } from '../kube/clock.js';
import type { KubeObject } from '../kube/object.js';
import { NODE_LEASE_NAMESPACE } from './control-plane.js';
import { type Disposable, Emitter } from './emitter.js';
import { type BackoffPolicy, type ListWatchState, ListWatch, type RecordSink, type ResourceRef } from './list-watch.js';
import { type ChangeSet, ClusterModel, type PodListScope } from './model.js';
import { type HealthReport, type ServerVersion, fetchServerVersion, probeHealth } from './probes.js';
import { type PodRecord, StringInterner, projectLease, projectNode, projectPod } from './projections.js';
import type { KubeTransport } from './transport.js';

export type ConnectionPhase = 'connecting' | 'connected' | 'reconnecting' | 'error' | 'disposed';

export interface ForbiddenResource {
  resource: string;
  namespace?: string;
  /** The server's words, e.g. `pods is forbidden: User "jane" cannot list resource "pods" ...`. */
  message: string;
  /** Pods across namespaces are forbidden: the namespaces whose pods are shown instead. */
  shownNamespaces?: string[];
}

export interface ConnectionState {
  phase: ConnectionPhase;
  /** Why the phase is not `connected`, in words for the user. */
  reason?: string;
  /** Resources RBAC does not let this user list or watch; the rest is still shown. */
  forbidden: ForbiddenResource[];
  /** The credentials were rejected (401): expired token, revoked certificate... */
  unauthorized: boolean;
  /** Clock time of the next retry, while retrying. */
  retryAt?: number;
}

export interface ConnectionOptions {
  contextName: string;
  transport: KubeTransport;
  clock: Clock;
  /** Events are folded at once and flushed to listeners this long after the first one. */
  flushDelayMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  pageSize?: number;
  watchTimeoutSeconds?: number;
  /** Where pods are listed when listing them across namespaces is forbidden (default: the transport's, else `default`). */
  namespace?: string;
}

export interface ApiServerHealth {
  readyz: HealthReport;
  livez: HealthReport;
  /** Clock time the probes answered. */
  at: number;
}

const LEASES = '/apis/coordination.k8s.io/v1/namespaces';
const SYSTEM_NAMESPACE = 'kube-system';
const PAGE_FLUSH_DELAY_MS = 1000;

interface WatchEntry {
  watch: ListWatch<unknown>;
  subscription: Disposable;
  /** Set for lists of pods. */
  podScope?: PodListScope;
}

export class ClusterConnection implements Disposable {
  readonly contextName: string;
  readonly model = new ClusterModel();
  private watches: WatchEntry[] = [];
  private readonly strings = new StringInterner();
  /** RBAC forbids listing pods across namespaces (the list retries in the background). */
  private podsForbiddenAcross = false;
  /** The stand-in meanwhile: the context namespace's pods. */
  private fallbackPods?: WatchEntry;
  private flushTimer?: Timer;
  private flushDue = 0;
  private lastProbe?: { at: number; result: Promise<ApiServerHealth> };
  private started = false;
  private disposed = false;
  private current: ConnectionState = { phase: 'connecting', forbidden: [], unauthorized: false };
  private readonly stateChanged = new Emitter<ConnectionState>();
  /** The connection state changed (for the status bar and the tree's root). */
  readonly onDidChangeState = this.stateChanged.event;
  /** Batched change sets of the model. */
  readonly onDidChange: (listener: (c: ChangeSet) => void) => Disposable;

  constructor(private readonly options: ConnectionOptions) {
    this.contextName = options.contextName;
    this.onDidChange = this.model.onDidChange;
  }

  get state(): ConnectionState {
    return this.current;
  }

  get transport(): KubeTransport {
    return this.options.transport;
  }

  /** Starts every list-watch; the model fills as lists arrive. */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    const strings = this.strings;
    const m = this.model;
    this.add({ resource: 'nodes', path: '/api/v1/nodes' }, (o) => projectNode(o, strings), {
      replace: (r) => m.replaceNodes(r),
      apply: (t, r) => m.applyNode(t, r),
      setStale: (s) => m.setStale('nodes', s),
    });
    this.addPods({ resource: 'pods', namespace: SYSTEM_NAMESPACE, path: `/api/v1/namespaces/${SYSTEM_NAMESPACE}/pods` }, { namespace: SYSTEM_NAMESPACE });
    const clusterPods = this.addPods({ resource: 'pods', path: '/api/v1/pods', fieldSelector: `metadata.namespace!=${SYSTEM_NAMESPACE}` }, { exceptNamespace: SYSTEM_NAMESPACE });
    // Starting or stopping the fallback changes the watches: their own events recompute the state.
    clusterPods.subscription = combine(clusterPods.watch.onDidChangeState((s) => this.onClusterPodsState(s)), clusterPods.subscription);
    for (const ns of [SYSTEM_NAMESPACE, NODE_LEASE_NAMESPACE]) {
      this.add({ resource: 'leases.coordination.k8s.io', namespace: ns, path: `${LEASES}/${ns}/leases` }, (o) => projectLease(o, strings), {
        replace: (r) => m.replaceLeases(ns, r),
        apply: (t, r) => m.applyLease(t, r),
        setStale: (s) => m.setStale(`leases/${ns}`, s),
      });
    }
    for (const w of this.watches) w.watch.start();
  }

  /** Lists everything again (the Refresh command, or the retry action of an error). */
  refresh(): void {
    for (const w of this.watches) w.watch.relist();
  }

  /** Every list-watch waiting out a backoff retries now (the server is back). */
  retryNow(): void {
    for (const w of this.watches) w.watch.retryNow();
  }

  /**
   * The API server's `/readyz?verbose` and `/livez?verbose`. A result younger than
   * `maxAgeMs` is reused, so hovering over several components does not probe each time.
   */
  probeApiServer(maxAgeMs = 0): Promise<ApiServerHealth> {
    const now = this.options.clock.now();
    const last = this.lastProbe;
    if (last && now - last.at <= maxAgeMs) return last.result;
    const result = Promise.all([probeHealth(this.options.transport, 'readyz'), probeHealth(this.options.transport, 'livez')]).then(([readyz, livez]) => ({ readyz, livez, at: this.options.clock.now() }));
    this.lastProbe = { at: now, result };
    return result;
  }

  serverVersion(): Promise<ServerVersion> {
    return fetchServerVersion(this.options.transport);
  }

  /** Snapshot of every list-watch (for logs and the "what is not allowed" text). */
  watchStates(): ListWatchState[] {
    return this.watches.map((w) => w.watch.state);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const w of this.watches) {
      w.subscription.dispose();
      w.watch.stop();
    }
    this.options.transport.dispose?.();
    this.flushTimer?.cancel();
    this.flushTimer = undefined;
    this.setState({ phase: 'disposed', forbidden: [], unauthorized: false });
    this.stateChanged.dispose();
  }

  private addPods(ref: ResourceRef, scope: PodListScope): WatchEntry {
    const m = this.model;
    const source = ref.namespace ? `pods/${ref.namespace}` : 'pods';
    const entry: WatchEntry = this.add<PodRecord>(
      ref,
      (o) => projectPod(o, this.strings),
      {
        replace: (r) => m.replacePods(r, scope, this.otherPodListsDone(entry)),
        // 150,000 pods take seconds to list: nodes' pods fill in page by page meanwhile.
        addPage: (r) => r.forEach((p) => m.applyPod('ADDED', p)),
        apply: (t, r) => m.applyPod(t, r),
        // While forbidden, the list across namespaces shows nothing that could be stale.
        setStale: (s) => m.setStale(source, s && !(scope.exceptNamespace && this.podsForbiddenAcross)),
      },
      scope,
    );
    return entry;
  }

  /** Whether every other list of pods has arrived (forbidden ones never will). */
  private otherPodListsDone(self: WatchEntry): boolean {
    return this.watches.every((w) => w === self || !w.podScope || w.watch.state.synced || w.watch.state.phase === 'forbidden');
  }

  /** RBAC forbids pods across namespaces: show the context namespace's instead, until it allows them again. */
  private onClusterPodsState(s: ListWatchState): void {
    if (this.disposed) return;
    if (s.phase === 'forbidden' && !this.podsForbiddenAcross) {
      this.podsForbiddenAcross = true;
      const ns = this.options.namespace ?? this.options.transport.namespace ?? 'default';
      // Pods listed before RBAC changed can no longer be kept current: show only what can be.
      this.afterFold(() => {
        this.model.removePods((p) => p.namespace !== SYSTEM_NAMESPACE && p.namespace !== ns);
        this.model.setStale('pods', false);
      });
      if (ns === SYSTEM_NAMESPACE) return; // listed anyway
      this.fallbackPods = this.addPods({ resource: 'pods', namespace: ns, path: `/api/v1/namespaces/${encodeURIComponent(ns)}/pods` }, { namespace: ns });
      this.fallbackPods.watch.start();
    } else if (s.phase === 'watching' && this.podsForbiddenAcross) {
      // The list across namespaces has replaced the fallback's pods with the same ones.
      this.podsForbiddenAcross = false;
      const fallback = this.fallbackPods;
      this.fallbackPods = undefined;
      if (!fallback) return;
      this.watches = this.watches.filter((w) => w !== fallback);
      fallback.subscription.dispose();
      fallback.watch.stop();
      this.afterFold(() => this.model.setStale(`pods/${fallback.watch.state.namespace}`, false));
      this.recomputeState();
    }
  }

  private add<R>(ref: ResourceRef, project: (o: KubeObject) => R, sink: RecordSink<R>, podScope?: PodListScope): WatchEntry {
    const batched: RecordSink<R> = {
      replace: (r) => this.afterFold(() => sink.replace(r)),
      // Pages of a long first list: a change set per second is enough to watch the tree fill
      // (a listener such as the diagram may redraw everything for each one).
      addPage: sink.addPage && ((r) => this.afterFold(() => sink.addPage!(r), Math.max(this.options.flushDelayMs ?? 100, PAGE_FLUSH_DELAY_MS))),
      apply: (t, r) => this.afterFold(() => sink.apply(t, r)),
      setStale: (s) => this.afterFold(() => sink.setStale(s)),
    };
    const w = new ListWatch<R>({
      transport: this.options.transport,
      ref,
      project,
      sink: batched,
      clock: this.options.clock,
      backoff: this.options.backoff,
      random: this.options.random,
      // Fewer round trips than kubectl's 500 per page; a page is still only a few MB of JSON.
      pageSize: this.options.pageSize ?? 1000,
      watchTimeoutSeconds: this.options.watchTimeoutSeconds,
    });
    const entry: WatchEntry = { watch: w as ListWatch<unknown>, subscription: w.onDidChangeState(() => this.recomputeState()), podScope };
    this.watches.push(entry);
    return entry;
  }

  /** Folds now; listeners get the change set at most `delayMs` later (sooner if another fold asks). */
  private afterFold(fold: () => void, delayMs = this.options.flushDelayMs ?? 100): void {
    if (this.disposed) return;
    fold();
    if (!this.model.hasPendingChanges) return;
    const due = this.options.clock.now() + delayMs;
    if (this.flushTimer && this.flushDue <= due) return;
    this.flushTimer?.cancel();
    this.flushDue = due;
    this.flushTimer = this.options.clock.setTimeout(() => {
      this.flushTimer = undefined;
      this.model.flush();
    }, delayMs);
  }

  private recomputeState(): void {
    if (this.disposed) return;
    const state = summarizeWatches(this.watches.map((w) => w.watch.state), this.contextName);
    const across = state.forbidden.find((f) => f.resource === 'pods' && f.namespace === undefined);
    if (across) {
      // Shown instead: the namespaced lists of pods RBAC allows (the context's first).
      across.shownNamespaces = this.watches
        .filter((w) => w.podScope?.namespace !== undefined && w.watch.state.phase !== 'forbidden')
        .map((w) => w.podScope!.namespace!)
        .sort((a, b) => (a === SYSTEM_NAMESPACE ? 1 : b === SYSTEM_NAMESPACE ? -1 : a < b ? -1 : 1));
    }
    this.setState(state);
  }

  private setState(next: ConnectionState): void {
    const prev = this.current;
    this.current = next;
    const shown = (st: ConnectionState) => st.forbidden.map((f) => f.shownNamespaces?.join() ?? '').join(';');
    if (prev.phase !== next.phase || prev.reason !== next.reason || prev.forbidden.length !== next.forbidden.length || prev.unauthorized !== next.unauthorized || prev.retryAt !== next.retryAt || shown(prev) !== shown(next)) {
      this.stateChanged.fire(next);
    }
  }
}

function combine(...ds: Disposable[]): Disposable {
  return { dispose: () => ds.forEach((d) => d.dispose()) };
}

function describe(s: ListWatchState): string {
  return s.namespace ? `${s.resource} in ${s.namespace}` : s.resource;
}

/** One connection state out of the list-watches' states. */
export function summarizeWatches(states: readonly ListWatchState[], contextName: string): ConnectionState {
  const forbidden = states
    .filter((s) => s.phase === 'forbidden')
    .map<ForbiddenResource>((s) => ({ resource: s.resource, namespace: s.namespace, message: s.lastError?.message ?? `${describe(s)} is forbidden` }));
  const unauthorized = states.some((s) => s.phase === 'unauthorized');
  const retryAt = states.map((s) => s.retryAt).filter((t): t is number => t !== undefined).sort((a, b) => a - b)[0];
  if (unauthorized) {
    return { phase: 'error', reason: `the API server rejected the credentials of context "${contextName}" (401 Unauthorized): they may have expired`, forbidden, unauthorized, retryAt };
  }
  const allowed = states.filter((s) => s.phase !== 'forbidden');
  if (allowed.length === 0 && states.length > 0) {
    return { phase: 'error', reason: `RBAC forbids listing ${forbidden.map((f) => describe({ resource: f.resource, namespace: f.namespace } as ListWatchState)).join(', ')}`, forbidden, unauthorized, retryAt };
  }
  const failing = allowed.find((s) => s.phase === 'backoff');
  if (failing) {
    const why = failing.lastError?.message ?? 'connection lost';
    // Once data has been shown, a failure is a reconnect; before that, the cluster is unreachable.
    if (allowed.some((s) => s.synced)) return { phase: 'reconnecting', reason: `connection lost: ${why}`, forbidden, unauthorized, retryAt };
    return { phase: 'error', reason: `cannot reach the cluster: ${why}`, forbidden, unauthorized, retryAt };
  }
  if (allowed.some((s) => !s.synced)) return { phase: 'connecting', forbidden, unauthorized };
  return { phase: 'connected', forbidden, unauthorized };
}
