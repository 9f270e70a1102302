// The live data behind a pod's trace view: the pod, its events and kube-scheduler's records,
// read and watched through the cluster transport (the same path for the emulator and a real
// cluster), turned into TraceState at most a few times a second. Where the cluster keeps no
// scheduling records (a real cluster), the decision comes from an injected reconstruction and
// says so.
import { Emitter, type Event } from '../cluster/emitter.js';
import { failureFromResponse, type ApiFailure, type BackoffPolicy } from '../cluster/list-watch.js';
import type { KubeResponse, KubeTransport } from '../cluster/transport.js';
import type { Clock, Timer } from '../kube/clock.js';
import type { Pod, SchedulingTrace } from '../scheduler/index.js';
import type { DecisionTable, TraceState } from '../../webview/protocol/trace-messages.js';
import { fields, num, text } from './api-fields.js';
import type { Agreement } from './reconstruct.js';
import { decisionTable } from './decision.js';
import { isStaticPod, podJourney } from './journey.js';
import { SelectedListWatch } from './selected-list-watch.js';
import { schedulingTracesPath, servesSchedulingTraces, TRACE_POD_LABEL } from './trace-discovery.js';

/** A reconstruction as the injected callback returns it. */
export interface ReconstructedDecision {
  trace: SchedulingTrace;
  allNodeNames: string[];
  /** Caveats of this reconstruction (other scheduler, approximated spreading, volume plugins left out...). */
  notes?: string[];
  /** How the reconstruction compares with where the pod is. */
  agreement?: Agreement;
}

export type ReconstructDecision = (pod: Pod) => Promise<ReconstructedDecision>;

/**
 * What the view says about the reconstruction's agreement with the pod's node. A disagreement
 * ('different', 'unschedulable') is the decision table's warning instead, with the likely causes.
 */
export function agreementNote(agreement: Agreement | undefined, picked: string | undefined, actual: string | undefined): string | undefined {
  switch (agreement) {
    case 'same':
      return `The reconstruction agrees with kube-scheduler: it picks ${actual}, the node the pod runs on.`;
    case 'tied':
      return `The pod runs on ${actual}, tied with ${picked ?? 'the pick'} for the top score in the reconstruction: kube-scheduler picks at random among equal totals, so the table shows ${actual} as chosen.`;
    case 'pending':
      return 'The pod has no node yet: the table shows what the default profile would decide on the cluster as it is now.';
    default:
      return undefined;
  }
}

export interface PodTraceSourceOptions {
  transport: KubeTransport;
  namespace: string;
  podName: string;
  /** The context's name, for the view's title and messages. */
  clusterName: string;
  clock: Clock;
  /** Recomputes the decision on the model's snapshot, where the cluster keeps no records. */
  reconstruct?: ReconstructDecision;
  /** Every node name the model knows, so a recorded decision can list the nodes it did not evaluate. */
  nodeNames?: () => readonly string[];
  /** Least time between two states (default 250 ms: at most 4 a second). */
  minIntervalMs?: number;
  backoff?: BackoffPolicy;
}

const RECONSTRUCTED_NOTE = "Reconstruction: kube-scheduler's own record is not available on this cluster; the decision was recomputed with the default profile on the cluster's current state.";
const RECORD_GONE_NOTE = "kube-scheduler's record of this pod is no longer kept (the emulator keeps its latest attempts only, and across a restart only those it could save when it stopped); the decision was reconstructed from the cluster's current state.";
const RECORDS_UNREADABLE_NOTE = "kube-scheduler's records could not be read; the decision was reconstructed from the cluster's current state.";
const NO_DECISION_NOTE = 'No scheduling decision to show: this cluster keeps no record of it and no reconstruction is available.';

type Part = 'pod' | 'events' | 'traces';

export class PodTraceSource {
  private readonly changed = new Emitter<TraceState>();
  /** Fired with every new state, batched; the first one too. */
  readonly onDidChange: Event<TraceState> = this.changed.event;

  private pod: unknown;
  private deletedAt?: number;
  private error?: string;
  private readonly events = new Map<string, unknown>();
  private readonly traces = new Map<string, SchedulingTrace>();
  private recorded = false;
  private reconstruction?: { table: DecisionTable; nodeName?: string; note: string; notes: string[] };
  private reconstructing?: Promise<void>;
  private readonly failures = new Map<Part, string>();
  private extraNotes: string[] = [];
  private selectedAttempt?: number;
  private watches: SelectedListWatch[] = [];
  private timer?: Timer;
  private lastEmit = -Infinity;
  private current: TraceState;
  private decisionCache?: { key: string; table: DecisionTable };
  private disposed = false;
  private run = 0;
  /** While start() reads, changes wait for its first state instead of firing partial ones. */
  private starting = 0;

  constructor(private readonly o: PodTraceSourceOptions) {
    this.current = this.build();
  }

  get state(): TraceState {
    return this.current;
  }

  private get title(): string {
    return `${this.o.namespace}/${this.o.podName}`;
  }

  /** Reads everything, starts the watches, and resolves with the first state (also fired). */
  async start(): Promise<TraceState> {
    this.starting++;
    try {
      return await this.read();
    } finally {
      this.starting--;
    }
  }

  private async read(): Promise<TraceState> {
    const run = ++this.run;
    this.stopWatches();
    this.reset();
    let res: KubeResponse | Error;
    try {
      res = await this.o.transport.get(`/api/v1/namespaces/${encodeURIComponent(this.o.namespace)}/pods/${encodeURIComponent(this.o.podName)}`);
    } catch (e) {
      res = e instanceof Error ? e : new Error(String(e));
    }
    if (run !== this.run || this.disposed) return this.current;
    if (res instanceof Error) {
      this.error = `Could not read pod ${this.title} from ${this.o.clusterName}: ${res.message}`;
    } else if (res.status === 404) {
      this.error = `Pod ${this.title} not found in ${this.o.clusterName}`;
    } else if (res.status !== 200) {
      const f = failureFromResponse(res);
      this.error = res.status === 403 ? `Reading pod ${this.title} is forbidden in ${this.o.clusterName}: ${f.message}` : `Could not read pod ${this.title} from ${this.o.clusterName}: ${f.message}`;
    } else {
      try {
        this.pod = JSON.parse(res.body);
      } catch {
        this.error = `Could not read pod ${this.title} from ${this.o.clusterName}: the answer is not JSON`;
      }
    }
    if (this.error) return this.emitNow();

    this.recorded = await servesSchedulingTraces(this.o.transport).catch((e: unknown) => {
      // Not known either way: say so, rather than present the reconstruction as all there is.
      this.failures.set('traces', `Could not ask ${this.o.clusterName} whether it keeps kube-scheduler's records (${e instanceof Error ? e.message : String(e)}); Refresh to ask again`);
      return false;
    });
    if (run !== this.run || this.disposed) return this.current;
    const ns = encodeURIComponent(this.o.namespace);
    const watches: Array<Promise<void>> = [
      this.follow('pod', `/api/v1/namespaces/${ns}/pods`, { fieldSelector: `metadata.name=${this.o.podName}` }),
      this.follow('events', `/api/v1/namespaces/${ns}/events`, { fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${this.o.podName},involvedObject.namespace=${this.o.namespace}` }),
    ];
    if (this.recorded) {
      const label = this.o.podName.slice(0, 63);
      // Only a valid label value may go in a selector; the records are filtered here anyway.
      const query: Record<string, string> = /^[a-z0-9A-Z]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/.test(label) ? { labelSelector: `${TRACE_POD_LABEL}=${label}` } : {};
      watches.push(this.follow('traces', schedulingTracesPath(this.o.namespace), query));
    }
    await Promise.all(watches);
    if (run !== this.run || this.disposed) return this.current;
    // A bound pod without any record: its record was dropped, or the cluster keeps none.
    // Static pods are never scheduled: there is no decision to show or reconstruct.
    if (isStaticPod(this.pod)) this.extraNotes = [`Static pod: the kubelet on ${this.nodeName() ?? 'its node'} runs it from a manifest file; kube-scheduler does not place static pods.`];
    else if (!this.recorded || this.failures.has('traces') || (this.traces.size === 0 && this.nodeName() !== undefined)) await this.reconstruct();
    if (run !== this.run || this.disposed) return this.current;
    return this.emitNow();
  }

  /** Reads everything again (the view's Refresh). */
  refresh(): Promise<TraceState> {
    return this.start();
  }

  /** The decision of attempt `n` (1-based); later states keep showing it until the latest is chosen again. */
  selectAttempt(n: number): DecisionTable | null {
    if (this.traces.size > 0) {
      const trace = this.traceOf(n);
      if (!trace) return null;
      this.selectedAttempt = n === this.latestAttempt() ? undefined : n;
      return this.tableOf(trace);
    }
    return this.reconstruction && (n === 1 || n === this.reconstruction.table.attempt) ? this.reconstruction.table : null;
  }

  dispose(): void {
    this.disposed = true;
    this.run++;
    this.stopWatches();
    this.timer?.cancel();
    this.timer = undefined;
    this.changed.dispose();
  }

  // ---- reading ----------------------------------------------------------------------

  private reset(): void {
    this.pod = undefined;
    this.deletedAt = undefined;
    this.error = undefined;
    this.events.clear();
    this.traces.clear();
    this.reconstruction = undefined;
    this.failures.clear();
    this.extraNotes = [];
    this.decisionCache = undefined;
  }

  private follow(part: Part, path: string, query: Record<string, string>): Promise<void> {
    const w = new SelectedListWatch({
      transport: this.o.transport,
      path,
      query,
      clock: this.o.clock,
      backoff: this.o.backoff,
      onList: (items) => this.replace(part, items),
      onEvent: (type, obj) => this.apply(part, type, obj),
      onFailure: (f) => this.failed(part, f),
    });
    this.watches.push(w);
    return w.start();
  }

  private stopWatches(): void {
    for (const w of this.watches) w.stop();
    this.watches = [];
  }

  private replace(part: Part, items: unknown[]): void {
    if (part === 'pod') {
      const pod = items.find((p) => this.isThePod(p));
      if (pod) this.pod = pod;
      else if (this.pod && this.deletedAt === undefined) this.podDeleted();
    } else if (part === 'events') {
      this.events.clear();
      for (const e of items) this.apply('events', 'ADDED', e, false);
    } else {
      this.traces.clear();
      for (const t of items) this.apply('traces', 'ADDED', t, false);
    }
    this.changedSoon();
  }

  private apply(part: Part, type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: unknown, notify = true): void {
    const meta = fields(fields(obj).metadata);
    const name = text(meta.name);
    if (!name) return;
    if (part === 'pod') {
      if (!this.isThePod(obj)) return;
      const boundBefore = this.nodeName();
      if (type === 'DELETED') this.podDeleted(obj);
      else this.pod = obj;
      // On a cluster without records, a pod that just got its node gets a fresh reconstruction.
      if (!this.recorded && this.o.reconstruct && boundBefore === undefined && this.nodeName() !== undefined && !isStaticPod(this.pod)) void this.reconstruct().then(() => this.changedSoon());
    } else if (part === 'events') {
      if (type === 'DELETED') this.events.delete(name);
      else this.events.set(name, obj);
    } else {
      const trace = fields(obj).status as SchedulingTrace | undefined;
      const pod = fields(trace?.pod);
      const uid = text(fields(fields(this.pod).metadata).uid);
      const mine = pod.name === this.o.podName && (pod.namespace ?? this.o.namespace) === this.o.namespace && !(uid && text(pod.uid) && pod.uid !== uid);
      if (type === 'DELETED' || !mine || num(trace?.attempt) === undefined) this.traces.delete(name);
      else this.traces.set(name, trace!);
    }
    if (notify) this.changedSoon();
  }

  private isThePod(obj: unknown): boolean {
    const meta = fields(fields(obj).metadata);
    return meta.name === this.o.podName && (meta.namespace === undefined || meta.namespace === this.o.namespace);
  }

  private podDeleted(last?: unknown): void {
    if (last) this.pod = last;
    this.deletedAt = this.o.clock.now();
    // Nothing more will happen to this pod: stop following it.
    this.stopWatches();
  }

  private failed(part: Part, f: ApiFailure | undefined): void {
    if (!f) this.failures.delete(part);
    else {
      const what = part === 'pod' ? `Live updates of pod ${this.title}` : part === 'events' ? `Events of pod ${this.title}` : "kube-scheduler's records";
      const resource = part === 'pod' ? 'pods' : part === 'events' ? 'events' : 'schedulingtraces';
      this.failures.set(
        part,
        f.code === 403
          ? `${what} are not shown: listing ${resource} in namespace ${this.o.namespace} is forbidden (${f.message})`
          : `${what} are not available right now (${f.message}); retrying`,
      );
    }
    this.changedSoon();
  }

  private nodeName(): string | undefined {
    return text(fields(fields(this.pod).spec).nodeName);
  }

  private async reconstruct(): Promise<void> {
    if (!this.o.reconstruct) {
      this.extraNotes = [NO_DECISION_NOTE];
      return;
    }
    // One at a time; a later call (the pod changed meanwhile) runs after the one in flight.
    const previous = this.reconstructing;
    const run = this.run;
    const note = this.failures.has('traces') ? RECORDS_UNREADABLE_NOTE : !this.recorded ? RECONSTRUCTED_NOTE : RECORD_GONE_NOTE;
    let current: Promise<void> | undefined = undefined;
    current = (async () => {
      await previous;
      try {
        const pod = this.pod as Pod;
        const { trace, allNodeNames, notes = [], agreement } = await this.o.reconstruct!(pod);
        if (run !== this.run) return;
        const actualNodeName = text(fields(fields(pod).spec).nodeName);
        const table = decisionTable(trace, 'reconstructed', { actualNodeName, allNodeNames });
        delete table.attempt;
        if ((agreement === 'different' || agreement === 'unschedulable') && table.warnings.length === 0) {
          table.warnings.push(`The reconstruction does not place the pod where it runs (${actualNodeName ?? 'no node'}): the cluster may have changed since, or another scheduler profile placed it.`);
        }
        const agreed = agreementNote(agreement, trace.nodeName, actualNodeName);
        this.reconstruction = { table, nodeName: actualNodeName, note, notes: [...notes, ...(agreed ? [agreed] : [])] };
        this.extraNotes = [];
      } catch (e) {
        if (run !== this.run) return;
        this.extraNotes = [`The decision could not be reconstructed: ${e instanceof Error ? e.message : String(e)}`];
      } finally {
        if (this.reconstructing === current) this.reconstructing = undefined;
      }
    })();
    this.reconstructing = current;
    return current;
  }

  // ---- state ------------------------------------------------------------------------

  private sortedTraces(): SchedulingTrace[] {
    return [...this.traces.values()].sort((a, b) => a.attempt - b.attempt);
  }

  private latestAttempt(): number | undefined {
    let max: number | undefined;
    for (const t of this.traces.values()) if (max === undefined || t.attempt > max) max = t.attempt;
    return max;
  }

  private traceOf(attempt: number): SchedulingTrace | undefined {
    for (const t of this.traces.values()) if (t.attempt === attempt) return t;
    return undefined;
  }

  /** Built once per record: a 5,000-node table is not rebuilt on every pod update. */
  private tableOf(trace: SchedulingTrace): DecisionTable {
    const key = `${trace.attempt}/${trace.startTime}`;
    if (this.decisionCache?.key === key) return this.decisionCache.table;
    const table = decisionTable(trace, 'recorded', { allNodeNames: this.o.nodeNames?.() });
    this.decisionCache = { key, table };
    return table;
  }

  private build(): TraceState {
    const subject = { kind: 'pod' as const, title: this.title, namespace: this.o.namespace, podName: this.o.podName, clusterName: this.o.clusterName };
    if (this.error) return { subject, journey: [], attempts: [], live: false, error: this.error, notes: [] };
    const traces = this.sortedTraces();
    const notes: string[] = [];
    let decision: DecisionTable | undefined;
    let attempts: TraceState['attempts'] = [];
    if (traces.length > 0) {
      const shown = (this.selectedAttempt !== undefined && this.traceOf(this.selectedAttempt)) || traces[traces.length - 1];
      decision = this.tableOf(shown);
      attempts = traces.map((t) => ({ attempt: t.attempt, outcome: t.outcome, ...(t.nodeName ? { nodeName: t.nodeName } : {}), ...(t.startTime ? { time: t.startTime } : {}) }));
    } else if (this.reconstruction) {
      decision = this.reconstruction.table;
      notes.push(this.reconstruction.note, ...this.reconstruction.notes);
    }
    notes.push(...this.extraNotes, ...this.failures.values());
    const journey = this.pod === undefined ? [] : podJourney({ pod: this.pod, events: [...this.events.values()], traces, now: this.o.clock.now(), deletedAt: this.deletedAt });
    const state: TraceState = { subject, journey, attempts, live: this.pod !== undefined && this.isLive(), notes };
    if (decision) state.decision = decision;
    return state;
  }

  private isLive(): boolean {
    if (this.deletedAt !== undefined) return false;
    const status = fields(fields(this.pod).status);
    const phase = text(status.phase);
    if (phase === 'Succeeded' || phase === 'Failed') return false;
    const ready = Array.isArray(status.conditions) && status.conditions.some((c) => fields(c).type === 'Ready' && fields(c).status === 'True');
    return !ready;
  }

  private changedSoon(): void {
    if (this.disposed || this.starting > 0 || this.timer) return;
    const wait = Math.max(0, this.lastEmit + (this.o.minIntervalMs ?? 250) - this.o.clock.now());
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = undefined;
      this.emitNow();
    }, wait);
  }

  private emitNow(): TraceState {
    this.timer?.cancel();
    this.timer = undefined;
    this.lastEmit = this.o.clock.now();
    this.current = this.build();
    if (!this.disposed) this.changed.fire(this.current);
    return this.current;
  }
}
