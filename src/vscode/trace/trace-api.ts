// The one place that knows the trace module's exports (src/trace, reached through the lazily
// loaded cluster bundle; only its TYPES are imported here, which esbuild erases, so neither the
// scheduler nor client-node joins activation). Everything else in src/vscode/trace speaks
// TraceFeed and WhatIfRun.

import type { ClusterModel } from '../../cluster/model.js';
import type { KubeTransport } from '../../cluster/transport.js';
import type { Pod, SchedulingTrace } from '../../scheduler/index.js';
import type { Clock } from '../../kube/clock.js';
import type { decisionTable } from '../../trace/decision.js';
import type { PodTraceSource } from '../../trace/pod-trace-source.js';
import type { Agreement, reconstructDecision } from '../../trace/reconstruct.js';
import type { SchedulingSnapshot } from '../../trace/scheduling-snapshot.js';
import type { whatIf } from '../../trace/what-if.js';
import type { DecisionTable } from '../../../webview/protocol/trace-messages.js';
import type { ClusterModule } from '../cluster-module.js';
import type { IDisposable } from '../disposable.js';
import type { ReconstructionInputs } from './reconstruction-inputs.js';
import type { TraceFeed } from './trace-feed.js';
import type { WhatIfDocuments, WhatIfRun } from './what-if-feed.js';

/** The exports of src/trace this needs, as the cluster bundle carries them at run time. */
interface TraceExports {
  SchedulingSnapshot: typeof SchedulingSnapshot;
  reconstructDecision: typeof reconstructDecision;
  whatIf: typeof whatIf;
  decisionTable: typeof decisionTable;
  PodTraceSource: typeof PodTraceSource;
}
const REQUIRED: (keyof TraceExports)[] = ['SchedulingSnapshot', 'reconstructDecision', 'whatIf', 'decisionTable', 'PodTraceSource'];

/** A reconstruction as the trace panel shows it: the decision, its caveats, how it compares with the pod's node. */
export interface Reconstruction {
  trace: SchedulingTrace;
  allNodeNames: string[];
  /** Caveats: what could not be read, another scheduler, approximated spreading, volume plugins left out. */
  notes: string[];
  agreement: Agreement;
}

/** What the cluster has that changes how a what-if's pods are admitted. */
export interface WhatIfClusterFacts {
  defaultNamespace: string;
  priorityClasses?: ReadonlyMap<string, number>;
  globalDefaultPriorityClass?: string;
}

/** A connection's scheduling snapshot; it keeps itself current from the model's change sets. */
export interface SchedulingSnapshotHandle extends IDisposable {
  /** Whether the snapshot has been built (the first build reads the whole model: 1-4 s at 150,000 pods). */
  readonly built: boolean;
  /** Builds the snapshot now if it is not yet; returns how long that took (0 when already built). */
  warm(): number;
  /**
   * The decision for a pod (full Pod JSON from the API) as the default profile makes it now,
   * with what was read besides the model (its controller, Services, storage) and the notes of that read.
   */
  reconstruct(pod: unknown, inputs?: ReconstructionInputs): Reconstruction;
  /** Simulates the objects' pods; the snapshot is unchanged afterwards. */
  whatIf(documents: WhatIfDocuments, facts: WhatIfClusterFacts): WhatIfRun;
}

export interface PodFeedOptions {
  transport: KubeTransport;
  clusterName: string;
  namespace: string;
  name: string;
  clock: Clock;
  /** Every node the model knows: a recorded decision lists those it did not evaluate too. */
  nodeNames(): readonly string[];
  reconstruct(pod: unknown): Promise<Reconstruction>;
  log(message: string): void;
}

export interface TraceApi {
  schedulingSnapshot(model: ClusterModel): SchedulingSnapshotHandle;
  /** A pod's live trace. */
  podFeed(options: PodFeedOptions): TraceFeed;
}

/** The trace API of the loaded cluster bundle, or why it is not there. */
export function traceApiOf(module: ClusterModule): TraceApi | string {
  const m = module as unknown as Record<string, unknown>;
  const missing = REQUIRED.filter((name) => typeof m[name] !== 'function');
  if (missing.length) return `the cluster bundle does not export ${missing.join(', ')}`;
  const t = m as unknown as TraceExports;
  return {
    schedulingSnapshot: (model) => snapshotHandle(t, new t.SchedulingSnapshot(model)),
    podFeed: (o) =>
      podFeed(
        new t.PodTraceSource({
          transport: o.transport,
          namespace: o.namespace,
          podName: o.name,
          clusterName: o.clusterName,
          clock: o.clock,
          nodeNames: o.nodeNames,
          reconstruct: (pod) => o.reconstruct(pod),
        }),
        o.log,
      ),
  };
}

/** PodTraceSource as a TraceFeed: it has no what-if placements, and fetch errors land in its state. */
function podFeed(source: PodTraceSource, log: (message: string) => void): TraceFeed {
  const failed = (e: unknown) => log(`trace: reading pod ${source.state.subject.title} failed: ${e instanceof Error ? e.message : String(e)}`);
  return {
    get state() {
      return source.state;
    },
    onDidChange: source.onDidChange,
    start: () => void source.start().catch(failed),
    refresh: () => void source.refresh().catch(failed),
    selectAttempt: async (attempt) => source.selectAttempt(attempt),
    selectPlacement: async () => null,
    dispose: () => source.dispose(),
  };
}

function snapshotHandle(t: TraceExports, snapshot: SchedulingSnapshot): SchedulingSnapshotHandle {
  return {
    get built() {
      return snapshot.built;
    },
    warm() {
      if (snapshot.built) return 0;
      snapshot.current();
      return snapshot.stats.buildMs ?? 0;
    },
    reconstruct(pod, inputs) {
      const r = t.reconstructDecision(snapshot, pod as Pod, inputs ? { selectorOwners: inputs.selectorOwners, storage: inputs.storage } : {});
      return { trace: r.trace, allNodeNames: r.allNodeNames, notes: [...(inputs?.notes ?? []), ...r.notes], agreement: r.agreement };
    },
    whatIf(documents, facts) {
      const result = t.whatIf(snapshot, documents.objects, {
        defaultNamespace: facts.defaultNamespace,
        ...(facts.priorityClasses ? { priorityClasses: facts.priorityClasses } : {}),
        ...(facts.globalDefaultPriorityClass ? { globalDefaultPriorityClass: facts.globalDefaultPriorityClass } : {}),
      });
      const allNodeNames = snapshot.nodeNames();
      const decisions = new Map<number, DecisionTable>();
      return {
        placements: result.placements,
        notes: [...result.problems.map((p) => `${documents.locations[p.document] ?? `Document ${p.document + 1}`}: ${p.message}`), ...result.notes],
        decision(index) {
          const trace = result.traces[index];
          if (!trace) return null;
          let table = decisions.get(index);
          if (!table) decisions.set(index, (table = t.decisionTable(trace, 'what-if', { allNodeNames })));
          return table;
        },
      };
    },
    dispose: () => snapshot.dispose(),
  };
}

/**
 * The cluster's PriorityClasses, which set a what-if pod's priority as admission would. Optional
 * facts: a cluster that forbids listing them still gets a what-if (priorities then default to 0).
 */
export async function priorityClassesOf(transport: KubeTransport, log: (message: string) => void): Promise<Omit<WhatIfClusterFacts, 'defaultNamespace'>> {
  try {
    const res = await transport.get('/apis/scheduling.k8s.io/v1/priorityclasses');
    if (res.status !== 200) {
      log(`trace: listing PriorityClasses for the what-if failed (HTTP ${res.status}); pods get priority 0 unless they name a class`);
      return {};
    }
    return priorityClassFacts(JSON.parse(res.body));
  } catch (e) {
    log(`trace: listing PriorityClasses for the what-if failed: ${e instanceof Error ? e.message : String(e)}`);
    return {};
  }
}

/** PriorityClassList -> values by name and the globalDefault one; anything malformed is skipped. */
export function priorityClassFacts(list: unknown): Omit<WhatIfClusterFacts, 'defaultNamespace'> {
  const items = (list as { items?: unknown } | null)?.items;
  const priorityClasses = new Map<string, number>();
  let globalDefaultPriorityClass: string | undefined;
  for (const item of Array.isArray(items) ? items : []) {
    const name = item?.metadata?.name;
    if (typeof name !== 'string' || typeof item.value !== 'number' || !Number.isSafeInteger(item.value)) continue;
    priorityClasses.set(name, item.value);
    if (item.globalDefault === true) globalDefaultPriorityClass = name;
  }
  return { priorityClasses, ...(globalDefaultPriorityClass ? { globalDefaultPriorityClass } : {}) };
}
