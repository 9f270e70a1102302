// One SchedulingTrace -> the decision table the trace view shows: one row per node with each
// Filter plugin's verdict, each Score plugin's numbers, the total, and the node picked.
// Recorded traces come from the API, so every field is checked before use: a garbled record
// gives a thinner table, never an exception.
import type { SchedulingTrace, TraceFilterRejection, TraceScorePlugin } from '../scheduler/index.js';
import type { DecisionRow, DecisionSource, DecisionTable, FilterCell, ScoreCell } from '../../webview/protocol/trace-messages.js';
import { decisionSummary } from './summary.js';

export interface DecisionOptions {
  /** The node the pod is on now: a reconstruction that picked another node says so. */
  actualNodeName?: string;
  /**
   * Every node of the cluster. A record names only the nodes it evaluated; with this list the
   * table also lists the others (not evaluated, or excluded by PreFilter).
   */
  allNodeNames?: readonly string[];
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const numberAt = (a: unknown, i: number): number | undefined => (Array.isArray(a) && typeof a[i] === 'number' ? a[i] : undefined);
const REJECTED = new Set(['Unschedulable', 'UnschedulableAndUnresolvable']);

export function decisionTable(trace: SchedulingTrace, source: DecisionSource, options: DecisionOptions = {}): DecisionTable {
  const t = (trace ?? {}) as Partial<SchedulingTrace>;
  const outcome = t.outcome === 'Scheduled' || t.outcome === 'Error' ? t.outcome : 'Unschedulable';
  const filterPlugins = isStringArray(t.filterPlugins) ? t.filterPlugins : [];
  // Plugins whose PreFilter returned Skip do not run Filter at all in this cycle.
  const preFilter = Array.isArray(t.preFilter) ? t.preFilter : [];
  const skipped = new Set(preFilter.filter((r) => r?.code === 'Skip').map((r) => r.plugin));
  const preFilterRejection = preFilter.find((r) => REJECTED.has(r?.code));

  const rejections = new Map<string, TraceFilterRejection>();
  for (const r of Array.isArray(t.filterRejections) ? t.filterRejections : []) {
    // With nominated pods a node can be filtered twice; the first verdict is the one that counted.
    if (r && typeof r.node === 'string' && !rejections.has(r.node)) rejections.set(r.node, r);
  }

  const scores = t.scores && isStringArray(t.scores.nodes) ? t.scores : undefined;
  const scorePlugins: TraceScorePlugin[] = scores && Array.isArray(scores.plugins) ? scores.plugins.filter((p) => p && typeof p.plugin === 'string') : [];
  const scoreIndex = new Map<string, number>();
  scores?.nodes.forEach((n, i) => scoreIndex.set(n, i));

  // Cells of a node that passed every filter are the same for every such node: share them.
  const passedCells: FilterCell[] = filterPlugins.map((plugin) => (skipped.has(plugin) ? { plugin } : { plugin, result: 'passed' }));
  const unscoredCells: ScoreCell[] = scorePlugins.map((p) => ({ plugin: p.plugin }));
  const notRunCells: FilterCell[] = filterPlugins.map((plugin) => ({ plugin }));

  // Rejections repeat (3,997 nodes with "Insufficient cpu"): one set of cells per distinct verdict.
  const rejectedCells = new Map<string, { reasons: string[]; filters: FilterCell[] }>();
  const rows: DecisionRow[] = [];
  const listed = new Set<string>();
  const evaluated = isStringArray(t.evaluatedNodes) ? t.evaluatedNodes : [];
  for (const node of evaluated) {
    if (listed.has(node)) continue;
    listed.add(node);
    const rejection = rejections.get(node);
    if (rejection) {
      const reasons = isStringArray(rejection.reasons) ? rejection.reasons : [];
      const key = `${rejection.plugin}\u0000${reasons.join('\u0000')}`;
      let cells = rejectedCells.get(key);
      if (!cells) rejectedCells.set(key, (cells = rejectedFilterCells(rejection.plugin, reasons, filterPlugins, skipped)));
      rows.push({ node, verdict: 'filtered', rejectedBy: rejection.plugin, reasons: cells.reasons, filters: cells.filters, scores: unscoredCells });
      continue;
    }
    const i = scoreIndex.get(node);
    const row: DecisionRow = { node, verdict: 'feasible', filters: passedCells, scores: unscoredCells };
    if (i !== undefined) {
      row.scores = scorePlugins.map((p) => scoreCell(p, i));
      const total = numberAt(scores!.totals, i);
      if (total !== undefined) row.total = total;
    }
    rows.push(row);
  }

  const narrowedTo = isStringArray(t.preFilterNodeNames) ? new Set(t.preFilterNodeNames) : undefined;
  let unlisted = 0;
  // Without per-plugin detail nothing is known of any node: no rows rather than wrong ones.
  if (t.detailed !== true) {
    // nothing to list
  } else if (options.allNodeNames) {
    for (const node of options.allNodeNames) {
      if (listed.has(node)) continue;
      listed.add(node);
      if (preFilterRejection) {
        const reasons = Array.isArray(preFilterRejection.reasons) ? preFilterRejection.reasons.slice() : [];
        rows.push({ node, verdict: 'filtered', rejectedBy: preFilterRejection.plugin, reasons, filters: notRunCells, scores: unscoredCells });
      } else if (narrowedTo && !narrowedTo.has(node)) {
        rows.push({ node, verdict: 'excluded-by-prefilter', filters: notRunCells, scores: unscoredCells });
      } else {
        rows.push({ node, verdict: 'not-evaluated', filters: notRunCells, scores: unscoredCells });
      }
    }
  } else {
    const all = t.sampling && typeof t.sampling.numAllNodes === 'number' ? t.sampling.numAllNodes : 0;
    unlisted = Math.max(0, all - rows.length);
  }

  const warnings: string[] = [];
  const chosen = chooseRow(rows, outcome === 'Scheduled' && typeof t.nodeName === 'string' ? t.nodeName : undefined, source, options.actualNodeName, warnings);

  const table: DecisionTable = {
    source,
    outcome,
    summary: '',
    filterPlugins,
    scorePlugins: scorePlugins.map((p) => (p.skipped ? { plugin: p.plugin, weight: p.weight, skipped: true } : { plugin: p.plugin, weight: p.weight })),
    rows,
    warnings,
    detailed: t.detailed === true,
  };
  if (typeof t.attempt === 'number') table.attempt = t.attempt;
  if (typeof t.startTime === 'string') table.startTime = t.startTime;
  if (typeof t.durationMs === 'number') table.durationMs = t.durationMs;
  if (chosen) table.nodeName = chosen.node;
  else if (outcome === 'Scheduled' && typeof t.nodeName === 'string') table.nodeName = t.nodeName;
  if (typeof t.message === 'string') table.message = t.message;
  if (t.sampling && typeof t.sampling.numAllNodes === 'number') {
    const s = t.sampling;
    table.sampling = { numAllNodes: s.numAllNodes, numEvaluated: s.numEvaluated, numNotEvaluated: s.numNotEvaluated, percentageOfNodesToScore: s.percentageOfNodesToScore };
  }
  if (unlisted > 0) table.unlistedNodes = unlisted;
  if (t.preemption && typeof t.preemption === 'object') {
    const p = t.preemption;
    table.preemption = {};
    if (typeof p.nominatedNodeName === 'string') table.preemption.nominatedNodeName = p.nominatedNodeName;
    if (Array.isArray(p.victims)) table.preemption.victims = p.victims.filter((v) => v && typeof v.name === 'string').map((v) => `${v.namespace}/${v.name}`);
    if (typeof p.message === 'string') table.preemption.message = p.message;
  }
  table.summary = decisionSummary(table);
  return table;
}

function rejectedFilterCells(plugin: string, rejectedReasons: string[], filterPlugins: string[], skipped: Set<string>): { reasons: string[]; filters: FilterCell[] } {
  const reasons = rejectedReasons.slice();
  // Filters run in order and stop at the first rejection: earlier ones passed, later ones did not run.
  const at = filterPlugins.indexOf(plugin);
  const filters: FilterCell[] = filterPlugins.map((p, i) => {
    if (skipped.has(p) || (at >= 0 && i > at)) return { plugin: p };
    if (i === at) return { plugin: p, result: 'rejected', reasons };
    return at >= 0 ? { plugin: p, result: 'passed' } : { plugin: p };
  });
  return { reasons, filters };
}

function scoreCell(p: TraceScorePlugin, i: number): ScoreCell {
  const cell: ScoreCell = { plugin: p.plugin };
  if (p.skipped) return cell;
  const raw = numberAt(p.raw, i);
  const normalized = numberAt(p.normalized, i);
  const weighted = numberAt(p.weighted, i);
  if (raw !== undefined) cell.raw = raw;
  if (normalized !== undefined) cell.normalized = normalized;
  if (weighted !== undefined) cell.weighted = weighted;
  return cell;
}

/**
 * Marks the chosen row and the rows tied with it. For a reconstruction, the node the pod is
 * really on is the chosen one when it tied with the pick (kube-scheduler picks among equal
 * totals at random); when it did not, the table keeps the pick and warns.
 */
function chooseRow(rows: DecisionRow[], picked: string | undefined, source: DecisionSource, actual: string | undefined, warnings: string[]): DecisionRow | undefined {
  let chosen = picked === undefined ? undefined : rows.find((r) => r.node === picked);
  if (source === 'reconstructed' && actual && actual !== picked) {
    const actualRow = rows.find((r) => r.node === actual);
    const tied = chosen && actualRow && actualRow.verdict === 'feasible' && actualRow.total !== undefined && actualRow.total === chosen.total;
    if (tied) chosen = actualRow;
    else warnings.push(disagreement(picked, actual, actualRow));
  }
  if (!chosen) return undefined;
  chosen.verdict = 'chosen';
  if (chosen.total !== undefined) {
    for (const r of rows) if (r !== chosen && r.verdict === 'feasible' && r.total === chosen.total) r.tiedWithChosen = true;
  }
  return chosen;
}

const LIKELY_CAUSES =
  'Likely causes: the pod was placed by a custom scheduler profile or scheduler extenders; the cluster changed since (pods came and went, nodes were relabelled, tainted or resized); or it was placed through preemption or a nominated node.';

function disagreement(picked: string | undefined, actual: string, actualRow: DecisionRow | undefined): string {
  const what = picked ? `The reconstruction picks ${picked}, but the pod runs on ${actual}` : `The reconstruction finds no node for the pod, but it runs on ${actual}`;
  let why = '';
  if (!actualRow) why = ` (${actual} is not among the nodes known now)`;
  else if (actualRow.verdict === 'filtered') why = ` (today ${actualRow.rejectedBy ?? 'a filter'} rejects ${actual}: ${(actualRow.reasons ?? []).join(', ')})`;
  else if (actualRow.total !== undefined) why = ` (${actual} scores ${actualRow.total} now)`;
  return `${what}${why}. ${LIKELY_CAUSES}`;
}
