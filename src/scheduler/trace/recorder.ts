// Records plugin results into the current SchedulingTrace by wrapping each plugin in a
// decorator (as kube-scheduler-simulator does), so plugins themselves know nothing of
// tracing. Recording is cheap: filter passes are implied, scores are pushed into arrays.
import type { AnyPlugin, FilterPlugin, NodeToStatus, PreFilterResult, ScorePlugin } from '../framework/interfaces';
import { isStatus } from '../framework/interfaces';
import { Code, type MaybeStatus, type Status } from '../framework/status';
import type { NodeTable } from '../snapshot/node-table';
import { rejectionSlotsOf } from './packed-arrays';
import type { SchedulingTrace, TraceFilterRejection, TracePluginResult, TraceScorePlugin } from './types';

/**
 * Uniform score arrays (every node 0, or every node 100) are common: taints and images
 * are usually the same across nodes. Retained traces share one frozen array per
 * (value, length) instead of holding a copy each; they stay plain JSON arrays.
 */
const uniformArrays = new Map<number, Map<number, number[]>>();
let uniformCount = 0;
export function internUniform(a: number[]): number[] {
  if (a.length < 8 || Object.isFrozen(a) || !isUniform(a)) return a;
  return uniformArray(a[0], a.length);
}

/** The shared frozen array of `n` times `v` (n >= 8), found by length then value (a string key per call was ~0.3 KB per attempt at 5,000 nodes). */
function uniformArray(v: number, n: number): number[] {
  let byValue = uniformArrays.get(n);
  let shared = byValue?.get(v);
  if (!shared) {
    if (uniformCount > 4096) {
      uniformArrays.clear();
      uniformCount = 0;
      byValue = undefined;
    }
    if (!byValue) uniformArrays.set(n, (byValue = new Map()));
    shared = Object.freeze(new Array<number>(n).fill(v)) as number[];
    byValue.set(v, shared);
    uniformCount++;
  }
  return shared;
}

/** `a` times `w`: a shared array without allocating when `a` is a shared uniform one. */
function weightedScores(a: number[], w: number): number[] {
  if (w === 1) return a;
  if (a.length >= 8 && Object.isFrozen(a)) return uniformArray(a[0] * w, a.length);
  return internUniform(a.map((v) => v * w));
}

/**
 * Results without reasons (Success, Skip) carry nothing but the plugin and the code: one
 * shared object each, so a trace allocates nothing for them and retained traces can share
 * whole result lists (see compact.ts). Treat them as read-only.
 */
const plainResults = new Map<string, Map<string, TracePluginResult>>();
export const sharedResults = new WeakSet<TracePluginResult>();
/** Totals arrays that are the sum of their trace's weighted scores, as the framework computed them. */
export const summedTotals = new WeakSet<number[]>();
function plainResult(plugin: string, code: string): TracePluginResult {
  let byPlugin = plainResults.get(code);
  if (!byPlugin) plainResults.set(code, (byPlugin = new Map()));
  let r = byPlugin.get(plugin);
  if (!r) {
    r = { plugin, code };
    if (byPlugin.size < 1024) {
      byPlugin.set(plugin, r);
      sharedResults.add(r);
    }
  }
  return r;
}
const success = (plugin: string): TracePluginResult => plainResult(plugin, Code.Success);

function isUniform(a: readonly number[]): boolean {
  const v = a[0];
  for (let i = 1; i < a.length; i++) if (a[i] !== v) return false;
  return true;
}

/** A copy of `scores` for the trace: the shared frozen array when uniform (as internUniform would give). */
function keptScores(scores: number[]): number[] {
  return scores.length >= 8 && isUniform(scores) ? uniformArray(scores[0], scores.length) : scores.slice();
}

function result(plugin: string, s: MaybeStatus): TracePluginResult {
  if (!s || s.code === Code.Success) return success(plugin);
  return s.reasons.length ? { plugin, code: s.code, reasons: s.reasons.slice() } : plainResult(plugin, s.code);
}

export class TraceRecorder {
  current: SchedulingTrace | undefined;
  /** Above zero while preemption dry-runs filters: those runs are not the attempt's filter results. */
  private paused = 0;
  /**
   * The attempt's score entries (fresh objects: the trace keeps them), one per plugin name, at the
   * position the name's index gives. The index is built once per list of plugins: a Map per
   * attempt, grown as it filled, was ~0.5 KB per attempt.
   */
  private scoreEntries: TraceScorePlugin[] = [];
  private scoreIndex = new Map<string, number>();
  private indexedPlugins: ReadonlyArray<{ name: string; weight: number }> | undefined;
  /** The attempt's rejection list and its nodes' slots (see rejectionSlotsOf); undefined table: mixed tables. */
  private rejections: TraceFilterRejection[] = [];
  private rejectionSlots: number[] = [];
  private rejectionTable: NodeTable | undefined;

  begin(trace: SchedulingTrace, scorePlugins: ReadonlyArray<{ name: string; weight: number }>): void {
    this.current = trace;
    this.paused = 0;
    if (scorePlugins !== this.indexedPlugins) {
      // A name listed twice keeps its first place and its last weight, as Map.set did.
      this.scoreIndex = new Map();
      for (const { name } of scorePlugins) if (!this.scoreIndex.has(name)) this.scoreIndex.set(name, this.scoreIndex.size);
      this.indexedPlugins = scorePlugins;
    }
    const entries: TraceScorePlugin[] = (this.scoreEntries = new Array<TraceScorePlugin>(this.scoreIndex.size));
    trace.filterRejections = this.rejections = [];
    this.rejectionSlots = [];
    this.rejectionTable = undefined;
    for (const { name, weight } of scorePlugins) entries[this.scoreIndex.get(name)!] = { plugin: name, weight };
  }

  /** Completes the score section: derives normalized/weighted arrays the plugins did not touch. */
  end(nodes: string[] | undefined, totals: number[] | undefined): SchedulingTrace | undefined {
    const t = this.current;
    this.current = undefined;
    if (!t) return undefined;
    const rejected = t.filterRejections;
    // Unless scheduleOne replaced the list (dropping a duplicate), its slots still line up.
    if (rejected && rejected.length > 0 && rejected === this.rejections && this.rejectionTable && this.rejectionSlots.length === rejected.length) {
      rejectionSlotsOf.set(rejected, { table: this.rejectionTable, epoch: this.rejectionTable.epoch, slots: this.rejectionSlots });
    }
    if (nodes && totals) {
      const plugins: TraceScorePlugin[] = [];
      for (const p of this.scoreEntries) {
        if (!p.raw) {
          plugins.push({ plugin: p.plugin, weight: p.weight, skipped: true });
          continue;
        }
        // Plugins without NormalizeScore keep raw scores; share the array rather than copy it.
        p.raw = internUniform(p.raw);
        p.normalized = p.normalized ? internUniform(p.normalized) : p.raw;
        p.weighted = weightedScores(p.normalized, p.weight);
        plugins.push(p);
      }
      t.scores = { nodes, plugins, totals };
      // The framework summed exactly these weighted scores (normalized x weight, in this order):
      // compact.ts stores such totals as derived without checking them again.
      summedTotals.add(totals);
    }
    return t;
  }

  private push(list: 'preEnqueue' | 'preFilter' | 'postFilter' | 'preScore' | 'reserve' | 'permit' | 'preBind' | 'bind', r: TracePluginResult): void {
    const t = this.current;
    if (!t || this.paused > 0) return;
    // A new list starts with its first result: [] then push reserved 17 slots, and most lists
    // (preEnqueue, reserve, preBind, bind) hold one result.
    const l = t[list];
    if (l) l.push(r);
    else t[list] = [r];
  }

  /** Wraps every extension point `plugin` implements with a recording decorator. */
  decorate(plugin: AnyPlugin): AnyPlugin {
    return decoratePlugin(this, plugin);
  }

  /**
   * A Filter plugin's non-success status on a node. The framework reports these itself
   * (Filter runs per node: no decorator in that path); nothing is recorded while paused.
   */
  filterResult(node: string, plugin: string, s: Status, where?: { readonly table: NodeTable; readonly slot: number }): void {
    const t = this.current;
    if (!t || this.paused > 0) return;
    t.filterRejections!.push({ node, plugin, code: s.code, reasons: s.reasons.slice() });
    if (!where) return;
    // The node's slot, so the trace store numbers it without hashing its name.
    if (this.rejectionSlots.length === 0) this.rejectionTable = where.table;
    else if (where.table !== this.rejectionTable) this.rejectionTable = undefined;
    this.rejectionSlots.push(where.slot);
  }

  /** @internal used by the decorators */
  get isPaused(): boolean {
    return this.paused > 0;
  }

  /** @internal */
  pause(delta: 1 | -1): void {
    this.paused += delta;
  }

  /** @internal */
  scorePlugin(name: string): TraceScorePlugin | undefined {
    if (this.paused !== 0) return undefined;
    const i = this.scoreIndex.get(name);
    return i === undefined ? undefined : this.scoreEntries[i];
  }

  /** @internal */
  record(list: 'preEnqueue' | 'preFilter' | 'postFilter' | 'preScore' | 'reserve' | 'permit' | 'preBind' | 'bind', r: TracePluginResult): void {
    this.push(list, r);
  }
}

function decoratePlugin(rec: TraceRecorder, plugin: AnyPlugin): AnyPlugin {
  const name = plugin.name;
  const d: AnyPlugin = { name };
  if (plugin.less) d.less = plugin.less.bind(plugin);
  if (plugin.eventsToRegister) d.eventsToRegister = plugin.eventsToRegister.bind(plugin);
  if (plugin.preEnqueue) {
    const f = plugin.preEnqueue.bind(plugin);
    d.preEnqueue = (pod) => {
      const s = f(pod);
      rec.record('preEnqueue', result(name, s));
      return s;
    };
  }
  if (plugin.preFilter) {
    const f = plugin.preFilter.bind(plugin);
    d.preFilter = (state, pod, nodes) => {
      const r = f(state, pod, nodes);
      if (r === undefined || isStatus(r)) rec.record('preFilter', result(name, r));
      else {
        rec.record('preFilter', success(name));
        if (rec.current && !rec.isPaused) rec.current.preFilterNodeNames = [...(r as PreFilterResult).nodeNames];
      }
      return r;
    };
    if (plugin.preFilterExtensions) d.preFilterExtensions = plugin.preFilterExtensions;
  }
  if (plugin.filter) {
    // The framework calls Filter on the undecorated plugin and records rejections itself
    // (TraceRecorder.filterResult); this forwarder serves other callers.
    const target = plugin as FilterPlugin;
    d.filter = (state, pod, nodeInfo) => target.filter(state, pod, nodeInfo);
  }
  if (plugin.postFilter) {
    const f = plugin.postFilter.bind(plugin);
    d.postFilter = (state, pod, filtered: NodeToStatus) => {
      rec.pause(1);
      let out: { result?: { nominatedNodeName?: string; victims?: any[] }; status: Status };
      try {
        out = f(state, pod, filtered);
      } finally {
        rec.pause(-1);
      }
      rec.record('postFilter', result(name, out.status));
      return out;
    };
  }
  if (plugin.preScore) {
    const f = plugin.preScore.bind(plugin);
    d.preScore = (state, pod, nodes) => {
      const s = f(state, pod, nodes);
      rec.record('preScore', result(name, s));
      return s;
    };
  }
  if (plugin.score) {
    // The framework calls Score on the undecorated plugin (once per node); the scores are
    // recorded from the array NormalizeScore receives, which holds the raw scores. That array
    // is the framework's buffer, reused for the next plugin: what the trace keeps is a copy.
    const scorer = plugin as ScorePlugin;
    d.score = (state, pod, nodeInfo) => scorer.score(state, pod, nodeInfo);
    const inner = plugin.normalizeScore?.bind(plugin);
    d.normalizeScore = (state, pod, nodes, scores) => {
      const p = rec.scorePlugin(name);
      if (!inner) {
        // Raw and normalized are the same array: one copy.
        if (p) p.raw = p.normalized = keptScores(scores);
        return undefined;
      }
      // The raw scores before NormalizeScore rewrites them.
      if (p) p.raw = keptScores(scores);
      const s = inner(state, pod, nodes, scores);
      if (p) p.normalized = keptScores(scores);
      return s;
    };
  }
  if (plugin.reserve) {
    const f = plugin.reserve.bind(plugin);
    d.reserve = (state, pod, node) => {
      const s = f(state, pod, node);
      rec.record('reserve', result(name, s));
      return s;
    };
    d.unreserve = plugin.unreserve!.bind(plugin);
  }
  if (plugin.permit) {
    const f = plugin.permit.bind(plugin);
    d.permit = (state, pod, node) => {
      const s = f(state, pod, node);
      rec.record('permit', result(name, s));
      return s;
    };
  }
  if (plugin.preBind) {
    const f = plugin.preBind.bind(plugin);
    d.preBind = (state, pod, node) => {
      const s = f(state, pod, node);
      rec.record('preBind', result(name, s));
      return s;
    };
  }
  if (plugin.bind) {
    const f = plugin.bind.bind(plugin);
    d.bind = (state, pod, node) => {
      const r = f(state, pod, node);
      rec.record('bind', result(name, r.status));
      return r;
    };
  }
  return d;
}
