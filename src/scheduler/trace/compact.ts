// A retained form of a SchedulingTrace: the per-node parts (evaluated node names, filter
// rejections, score arrays) dominate a trace at scale (~14 KB at 5,000 nodes, 500 of them
// evaluated), so they are kept packed (packed-arrays.ts), repeated parts are shared between
// records, and the served JSON is rebuilt only when someone reads the record (~2.3 KB kept).
import { sharedResults, summedTotals } from './recorder';
import type { SchedulingTrace, TraceFilterRejection, TracePluginResult, TraceScorePlugin, TraceScores } from './types';
import { NodeNameTable, nodeSlotsOf, packNames, rejectionSlotsOf, packNumbers, packScoreArray, sameNumbers, unpackNames, unpackNumbers, type PackedNames, type PackedNumbers } from './packed-arrays';

export { NodeNameTable } from './packed-arrays';

/** 'raw': same values as the raw scores; 'derived': normalized x weight (or, for totals, the sum of weighted). */
type NumbersOrDerived = PackedNumbers | 'raw' | 'derived';

interface CompactScorePlugin {
  /**
   * The entry without its arrays: `plugin`, `weight`, `skipped` when the recorded keys came
   * in the recorder's order (nothing else to keep), else the whole entry with null for arrays.
   */
  fields: TraceScorePlugin;
  /** The recorded entry's keys were not in the canonical order: rebuild from `fields` keys. */
  ordered?: boolean;
  /** One object shared by many records (see shareEntry). */
  shared?: boolean;
  raw?: PackedNumbers;
  normalized?: NumbersOrDerived;
  weighted?: NumbersOrDerived;
}

interface CompactScores {
  /** undefined: the same list as evaluatedNodes. */
  nodes: PackedNames | undefined;
  plugins: CompactScorePlugin[];
  totals: NumbersOrDerived;
}

interface CompactRejections {
  nodes: PackedNames;
  /** Index into `kinds` per rejection. */
  kinds: Uint16Array | Int32Array;
  /** Distinct rejections without the node: most nodes fail for the same reason. */
  table: Array<Omit<TraceFilterRejection, 'node'>>;
}

/** A retained trace: the small fields as they were, the per-node ones packed. */
export interface CompactTrace {
  /** The trace's own fields in order; per-node fields hold a placeholder (null). */
  readonly head: SchedulingTrace;
  readonly evaluatedNodes?: PackedNames;
  readonly preFilterNodeNames?: PackedNames;
  readonly filterRejections?: CompactRejections;
  readonly scores?: CompactScores;
  /** Estimated bytes this record keeps alive (for retention budgets). */
  readonly bytes: number;
}

const PER_NODE_FIELDS = ['evaluatedNodes', 'preFilterNodeNames', 'filterRejections', 'scores'] as const;
type PerNodeField = (typeof PER_NODE_FIELDS)[number];
const isPerNode = (k: string): k is PerNodeField => (PER_NODE_FIELDS as readonly string[]).includes(k);

// Rough V8 sizes (64-bit, no pointer compression): an object header plus 8 bytes a field,
// a typed array ~160 bytes besides its data, a string ~24 bytes besides its characters.
const OBJECT_BYTES = 56;
const TYPED_BYTES = 160;
const sizeOfPacked = (p: PackedNumbers | PackedNames | 'raw' | 'derived' | undefined): number => {
  if (p === undefined || typeof p === 'string') return 0;
  if ('value' in p) return OBJECT_BYTES;
  if ('codes' in p) return OBJECT_BYTES + 24 + p.codes.length;
  const a = 'runs' in p ? p.runs : 'ids' in p ? p.ids : p;
  return TYPED_BYTES + a.byteLength;
};
/** Estimated bytes of a small JSON-like value (strings counted as one-byte). */
function sizeOf(v: unknown): number {
  if (typeof v === 'string') return 24 + v.length;
  if (typeof v === 'number') return Number.isInteger(v) ? 0 : 16;
  if (!v || typeof v !== 'object') return 0;
  let n = OBJECT_BYTES;
  for (const x of Object.values(v)) n += 8 + sizeOf(x);
  return n;
}

const NO_REJECTIONS: CompactRejections = { nodes: { ids: new Int32Array(0) }, kinds: new Uint16Array(0), table: [] };

function packRejections(list: readonly TraceFilterRejection[], table: NodeNameTable): CompactRejections {
  if (list.length === 0) return NO_REJECTIONS;
  // Fewer distinct kinds than rejections, so Uint16 suffices below 65,536 rejections.
  const kinds = list.length < 65536 ? new Uint16Array(list.length) : new Int32Array(list.length);
  const index = new Map<string, number>();
  const distinct: Array<Omit<TraceFilterRejection, 'node'>> = [];
  const nodes: string[] = new Array<string>(list.length);
  let prev: TraceFilterRejection | undefined;
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    nodes[i] = r.node;
    // Neighbours usually fail alike: compare with the previous one before building a key.
    if (prev && sameKind(prev, r)) {
      kinds[i] = kinds[i - 1];
      prev = r;
      continue;
    }
    const key = `${r.plugin}\u0001${r.code}\u0001${r.withNominatedPods === undefined ? '' : String(r.withNominatedPods)}\u0001${r.reasons.join('\u0001')}`;
    let k = index.get(key);
    if (k === undefined) {
      k = distinct.length;
      const kind: Omit<TraceFilterRejection, 'node'> = { plugin: r.plugin, code: r.code, reasons: r.reasons.slice() };
      if (r.withNominatedPods !== undefined) kind.withNominatedPods = r.withNominatedPods;
      distinct.push(kind);
      index.set(key, k);
    }
    kinds[i] = k;
    prev = r;
  }
  const slots = rejectionSlotsOf.get(list);
  if (slots) nodeSlotsOf.set(nodes, slots);
  return { nodes: packNames(nodes, table), kinds, table: distinct };
}

function sameKind(a: TraceFilterRejection, b: TraceFilterRejection): boolean {
  if (a.plugin !== b.plugin || a.code !== b.code || a.withNominatedPods !== b.withNominatedPods || a.reasons.length !== b.reasons.length) return false;
  for (let i = 0; i < a.reasons.length; i++) if (a.reasons[i] !== b.reasons[i]) return false;
  return true;
}

/** Rejections in the recorder's key order: node, plugin, code, reasons[, withNominatedPods]. */
function unpackRejections(c: CompactRejections, table: NodeNameTable): TraceFilterRejection[] {
  const nodes = unpackNames(c.nodes, table);
  return nodes.map((node, i) => {
    const kind = c.table[c.kinds[i]];
    const r: TraceFilterRejection = { node, plugin: kind.plugin, code: kind.code, reasons: kind.reasons.slice() };
    if (kind.withNominatedPods !== undefined) r.withNominatedPods = kind.withNominatedPods;
    return r;
  });
}

/**
 * Entries of skipped plugins and of plugins whose arrays are all shared uniform ones are
 * the same from one attempt to the next: retained records share them (found by plugin
 * name, weight and the identity of the shared packed arrays).
 */
const sharedEntries = new Map<string, CompactScorePlugin[]>();
const isShared = (x: NumbersOrDerived | undefined): boolean => x == null || typeof x === 'string' || ('value' in x && Object.isFrozen(x));

function packScores(s: TraceScores, evaluated: readonly string[] | undefined, table: NodeNameTable): CompactScores {
  const plugins: CompactScorePlugin[] = new Array<CompactScorePlugin>(s.plugins.length);
  for (let i = 0; i < plugins.length; i++) plugins[i] = packScorePlugin(s.plugins[i]);
  const sameNodes = evaluated !== undefined && (s.nodes === evaluated || sameNames(s.nodes, evaluated));
  return {
    nodes: sameNodes ? undefined : packNames(s.nodes, table),
    plugins,
    totals: summedTotals.has(s.totals) || isSumOfWeighted(s.totals, plugins) ? 'derived' : packNumbers(s.totals),
  };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The entry's packed form; a shared one (see sharedEntries) when there is one. Looked up
 * before the entry is built: most plugins' entries are shared (skipped or uniform), and the
 * objects built only to be dropped were ~1 KB per attempt.
 */
function packScorePlugin(p: TraceScorePlugin): CompactScorePlugin {
  const { raw, normalized, weighted } = p;
  const pr = raw && packScoreArray(raw);
  const pn: NumbersOrDerived | undefined = normalized && (normalized === raw || (raw && sameNumbers(normalized, raw)) ? 'raw' : packScoreArray(normalized));
  const pw: NumbersOrDerived | undefined = weighted && (weighted === normalized || isWeighted(weighted, normalized, p.weight) ? 'derived' : packScoreArray(weighted));
  const canonical = inCanonicalOrder(p);
  let list: CompactScorePlugin[] | undefined;
  const shareable = canonical && isShared(pr) && isShared(pn) && isShared(pw);
  if (shareable) {
    list = sharedEntries.get(p.plugin);
    if (list) for (const e of list) if (e.fields.weight === p.weight && e.fields.skipped === p.skipped && e.raw === pr && e.normalized === pn && e.weighted === pw) return e;
  }
  let c: CompactScorePlugin;
  if (canonical) {
    const fields: TraceScorePlugin = { plugin: p.plugin, weight: p.weight };
    if (p.skipped !== undefined) fields.skipped = p.skipped;
    c = { fields };
  } else {
    // Arrays become null placeholders: the entry keeps no reference to the trace's arrays.
    const fields = { ...p };
    for (const k of ['raw', 'normalized', 'weighted'] as const) if (fields[k]) (fields as Record<string, unknown>)[k] = null;
    c = { fields, ordered: true };
  }
  if (pr) c.raw = pr;
  if (pn) c.normalized = pn;
  if (pw) c.weighted = pw;
  if (shareable) {
    if (!list) {
      if (sharedEntries.size >= 1024) sharedEntries.clear();
      sharedEntries.set(p.plugin, (list = []));
    }
    if (list.length < 64) {
      c.shared = true;
      list.push(c);
    }
  }
  return c;
}

function isWeighted(weighted: readonly number[], normalized: readonly number[] | undefined, weight: number): boolean {
  if (!normalized || normalized.length !== weighted.length) return false;
  // The recorder's uniform arrays are frozen and shared: one element says it all.
  const n = Object.isFrozen(weighted) && Object.isFrozen(normalized) ? Math.min(1, weighted.length) : weighted.length;
  for (let i = 0; i < n; i++) if (weighted[i] !== normalized[i] * weight) return false;
  return true;
}

/** Sums for isSumOfWeighted, reused. */
let sumScratch = new Float64Array(1024);

/** Whether totals are the sum of the weighted scores, checked on the packed forms. */
function isSumOfWeighted(totals: readonly number[], plugins: readonly CompactScorePlugin[]): boolean {
  const n = totals.length;
  if (sumScratch.length < n) sumScratch = new Float64Array(n * 2);
  const sums = sumScratch;
  sums.fill(0, 0, n);
  for (const p of plugins) {
    if (!p.weighted) continue;
    let packed: PackedNumbers;
    let factor = 1;
    if (p.weighted !== 'derived' && p.weighted !== 'raw') packed = p.weighted;
    else {
      factor = p.fields.weight;
      const base = p.normalized === 'raw' ? p.raw : p.normalized;
      if (!base || typeof base === 'string') return false;
      packed = base;
    }
    if ('value' in packed) {
      if (packed.length !== n) return false;
      const v = packed.value * factor;
      for (let i = 0; i < n; i++) sums[i] += v;
    } else if ('codes' in packed) {
      const codes = packed.codes;
      if (codes.length !== n) return false;
      for (let i = 0; i < n; i++) sums[i] += codes.charCodeAt(i) * factor;
    } else {
      if (packed.length !== n) return false;
      for (let i = 0; i < n; i++) sums[i] += packed[i] * factor;
    }
  }
  for (let i = 0; i < n; i++) if (sums[i] !== totals[i]) return false;
  return true;
}

/**
 * Per-pod plugin result lists ([{plugin, code}, ...]) repeat across attempts; when every
 * result is one of the recorder's shared (reason-less) objects, retained records share one copy
 * of the list, found by walking a trie keyed by those objects (no string keys to build).
 */
interface ListTrie {
  list?: readonly TracePluginResult[];
  next?: Map<TracePluginResult, ListTrie>;
}
const listRoot: ListTrie = {};
let listNodes = 0;
function internResults(list: readonly TracePluginResult[]): readonly TracePluginResult[] {
  let node = listRoot;
  for (const r of list) {
    if (!sharedResults.has(r)) return list;
    let child = node.next?.get(r);
    if (!child) {
      if (listNodes >= 4096) return list;
      listNodes++;
      (node.next ??= new Map()).set(r, (child = {}));
    }
    node = child;
  }
  return (node.list ??= list.slice());
}

const CANONICAL_SCORE_KEYS = ['plugin', 'weight', 'skipped', 'raw', 'normalized', 'weighted'];
/** Keys in the order the recorder writes them (a subsequence of CANONICAL_SCORE_KEYS). */
function inCanonicalOrder(p: TraceScorePlugin): boolean {
  let i = 0;
  for (const k in p) {
    while (i < CANONICAL_SCORE_KEYS.length && CANONICAL_SCORE_KEYS[i] !== k) i++;
    if (i === CANONICAL_SCORE_KEYS.length) return false;
    if ((k === 'raw' || k === 'normalized' || k === 'weighted') && !(p as unknown as Record<string, unknown>)[k]) return false;
  }
  return true;
}

function unpackScores(c: CompactScores, evaluated: PackedNames | undefined, table: NodeNameTable): TraceScores {
  const plugins = c.plugins.map((cp) => {
    // Values first (weighted derives from normalized, normalized from raw), then the keys in recorded order.
    const raw = cp.raw && unpackNumbers(cp.raw);
    const normalized = cp.normalized === 'raw' ? raw!.slice() : cp.normalized && unpackNumbers(cp.normalized as PackedNumbers);
    const weighted = cp.weighted === 'derived' ? normalized!.map((x) => x * cp.fields.weight) : cp.weighted && unpackNumbers(cp.weighted as PackedNumbers);
    if (!cp.ordered) {
      const out: TraceScorePlugin = { ...cp.fields };
      if (raw) out.raw = raw;
      if (normalized) out.normalized = normalized;
      if (weighted) out.weighted = weighted;
      return out;
    }
    const arrays: Record<string, number[] | undefined> = { raw, normalized, weighted };
    const out = {} as Record<string, unknown>;
    for (const [k, v] of Object.entries(cp.fields)) out[k] = v === null && k in arrays ? arrays[k] : v;
    return out as unknown as TraceScorePlugin;
  });
  const nodes = unpackNames(c.nodes ?? evaluated ?? { ids: new Int32Array(0) }, table);
  let totals: number[];
  if (c.totals === 'derived') {
    totals = new Array<number>(nodes.length).fill(0);
    for (const p of plugins) if (p.weighted) for (let i = 0; i < totals.length; i++) totals[i] += p.weighted[i];
  } else totals = unpackNumbers(c.totals as PackedNumbers);
  return { nodes, plugins, totals };
}

/** The record's own small fields (pod ref, times, outcome, sampling, message): estimated, not walked. */
const HEAD_BYTES = 500;

/** Packs a trace for retention. The trace itself is not changed or kept. */
export function compactTrace(trace: SchedulingTrace, table: NodeNameTable): CompactTrace {
  const head = {} as Record<string, unknown>;
  let bytes = HEAD_BYTES + (trace.message ? trace.message.length : 0);
  const fields = trace as unknown as Record<string, unknown>;
  for (const k in fields) {
    const v = fields[k];
    switch (k) {
      case 'evaluatedNodes':
      case 'preFilterNodeNames':
      case 'filterRejections':
      case 'scores':
        head[k] = v === undefined ? v : null;
        break;
      case 'preEnqueue':
      case 'preFilter':
      case 'postFilter':
      case 'preScore':
      case 'reserve':
      case 'permit':
      case 'preBind':
      case 'bind': {
        const shared = v === undefined ? v : internResults(v as TracePluginResult[]);
        head[k] = shared;
        if (shared !== undefined && shared === v) bytes += sizeOf(v);
        break;
      }
      case 'preemption':
        head[k] = v;
        bytes += sizeOf(v);
        break;
      default:
        head[k] = v;
    }
  }
  const evaluatedNodes = trace.evaluatedNodes ? packNames(trace.evaluatedNodes, table) : undefined;
  const preFilterNodeNames = trace.preFilterNodeNames ? packNames(trace.preFilterNodeNames, table) : undefined;
  const filterRejections = trace.filterRejections ? packRejections(trace.filterRejections, table) : undefined;
  const scores = trace.scores ? packScores(trace.scores, trace.evaluatedNodes, table) : undefined;
  bytes += sizeOfPacked(evaluatedNodes) + sizeOfPacked(preFilterNodeNames);
  if (filterRejections && filterRejections !== NO_REJECTIONS) bytes += OBJECT_BYTES + sizeOfPacked(filterRejections.nodes) + TYPED_BYTES + filterRejections.kinds.byteLength + sizeOf(filterRejections.table);
  if (scores) {
    bytes += OBJECT_BYTES + sizeOfPacked(scores.nodes) + sizeOfPacked(scores.totals) + 8 * scores.plugins.length;
    for (const p of scores.plugins) if (!p.shared) bytes += OBJECT_BYTES * 2 + sizeOfPacked(p.raw) + sizeOfPacked(p.normalized) + sizeOfPacked(p.weighted);
  }
  return { head: head as unknown as SchedulingTrace, evaluatedNodes, preFilterNodeNames, filterRejections, scores, bytes };
}

function expandField(c: CompactTrace, k: PerNodeField, table: NodeNameTable): unknown {
  switch (k) {
    case 'evaluatedNodes':
      return c.evaluatedNodes && unpackNames(c.evaluatedNodes, table);
    case 'preFilterNodeNames':
      return c.preFilterNodeNames && unpackNames(c.preFilterNodeNames, table);
    case 'filterRejections':
      return c.filterRejections && unpackRejections(c.filterRejections, table);
    case 'scores':
      return c.scores && unpackScores(c.scores, c.evaluatedNodes, table);
  }
}

/** The trace as it was recorded (same fields, same order, same values). */
export function expandTrace(c: CompactTrace, table: NodeNameTable): SchedulingTrace {
  const out = {} as Record<string, unknown>;
  for (const [k, v] of Object.entries(c.head)) out[k] = isPerNode(k) && v === null ? expandField(c, k, table) : v;
  return out as unknown as SchedulingTrace;
}

/**
 * The trace with its per-node fields expanded on first read (enumerable getters, so
 * JSON.stringify serializes them): listing thousands of records for a table or a label
 * selector reads only the small fields and expands nothing.
 */
export function lazyTrace(c: CompactTrace, table: NodeNameTable): SchedulingTrace {
  const out = {} as Record<string, unknown>;
  for (const [k, v] of Object.entries(c.head)) {
    if (!isPerNode(k) || v !== null) {
      out[k] = v;
      continue;
    }
    let cached: unknown;
    let done = false;
    Object.defineProperty(out, k, {
      enumerable: true,
      configurable: true,
      get: () => {
        if (!done) {
          cached = expandField(c, k, table);
          done = true;
        }
        return cached;
      },
    });
  }
  return out as unknown as SchedulingTrace;
}
