// The decision table's columns, sorting and filtering, as pure functions over DecisionTable:
// the grid shows only an array of row indexes, so 5,000 rows are re-sorted or filtered
// without copying them.

import type { DecisionRow, DecisionTable, FilterCell, NodeVerdict, ScoreCell, TraceViewState } from '../protocol/trace-messages.js';

/** The verdict toggle above the table (saved with the view state). */
export type VerdictFilter = NonNullable<TraceViewState['verdict']>;

export interface DecisionColumn {
  /** Stable across tables of the same profile, so a saved sort survives a reload. */
  key: string;
  label: string;
  kind: 'node' | 'verdict' | 'filter' | 'score' | 'total';
  /** Position in DecisionTable.filterPlugins / scorePlugins. */
  index?: number;
  weight?: number;
  /** A score plugin that PreScore skipped for this pod: it gave no scores. */
  skipped?: boolean;
}

export function decisionColumns(table: DecisionTable): DecisionColumn[] {
  return [
    { key: 'node', label: 'Node', kind: 'node' },
    { key: 'verdict', label: 'Verdict', kind: 'verdict' },
    ...table.filterPlugins.map((plugin, index): DecisionColumn => ({ key: `filter:${plugin}`, label: plugin, kind: 'filter', index })),
    ...table.scorePlugins.map((p, index): DecisionColumn => ({ key: `score:${p.plugin}`, label: p.plugin, kind: 'score', index, weight: p.weight, skipped: p.skipped })),
    { key: 'total', label: 'Total', kind: 'total' },
  ];
}

/** The cell of a plugin: by position, or by name when a garbled row has them out of order. */
export function filterCell(table: DecisionTable, row: DecisionRow, index: number): FilterCell | undefined {
  const plugin = table.filterPlugins[index];
  const cell = row.filters?.[index];
  return cell?.plugin === plugin ? cell : row.filters?.find((c) => c?.plugin === plugin);
}

export function scoreCell(table: DecisionTable, row: DecisionRow, index: number): ScoreCell | undefined {
  const plugin = table.scorePlugins[index]?.plugin;
  const cell = row.scores?.[index];
  return cell?.plugin === plugin ? cell : row.scores?.find((c) => c?.plugin === plugin);
}

/**
 * Per filter plugin: did it give a verdict on any node? One that never ran (PreFilter skipped it
 * for this pod, or an earlier filter rejected every node) gets a narrow, muted column.
 */
export function filterPluginsThatRan(table: DecisionTable): boolean[] {
  const ran = table.filterPlugins.map(() => false);
  let left = ran.length;
  for (const row of table.rows) {
    for (let i = 0; i < ran.length && left > 0; i++) {
      if (!ran[i] && filterCell(table, row, i)?.result) {
        ran[i] = true;
        left--;
      }
    }
    if (left === 0) break;
  }
  return ran;
}

/** Best first: the order a person reads the verdicts in. */
const VERDICT_ORDER: Record<NodeVerdict, number> = { chosen: 0, feasible: 1, filtered: 2, 'excluded-by-prefilter': 3, 'not-evaluated': 4 };

const byName = new Intl.Collator('en', { numeric: true }).compare;

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * A sort key per row for one column. Rows without a value (not scored, not run) get `undefined`
 * and always sort last, whichever the direction: descending by total lists winners first, not blanks.
 */
function sortKey(table: DecisionTable, row: DecisionRow, column: DecisionColumn): string | number | undefined {
  switch (column.kind) {
    case 'node':
      return row.node;
    case 'verdict':
      return VERDICT_ORDER[row.verdict] ?? 9;
    case 'total':
      return finite(row.total);
    case 'score':
      return finite(scoreCell(table, row, column.index ?? 0)?.weighted);
    case 'filter': {
      const cell = filterCell(table, row, column.index ?? 0);
      if (cell?.result === 'passed') return '0';
      if (cell?.result === 'rejected') return `1${(cell.reasons ?? []).join('; ')}`;
      return undefined;
    }
  }
}

/**
 * Row indexes in display order. `columnKey` undefined (or a key this table lacks) keeps the
 * table's own order. Ties keep the table's order too (stable), so the chosen node stays first
 * among equal totals.
 */
export function sortRowIndexes(table: DecisionTable, indexes: readonly number[], columnKey: string | undefined, descending: boolean): number[] {
  const column = columnKey ? decisionColumns(table).find((c) => c.key === columnKey) : undefined;
  if (!column) return [...indexes];
  const keys = new Map<number, string | number | undefined>();
  for (const i of indexes) keys.set(i, sortKey(table, table.rows[i], column));
  const dir = descending ? -1 : 1;
  return [...indexes].sort((a, b) => {
    const ka = keys.get(a);
    const kb = keys.get(b);
    if (ka === undefined || kb === undefined) {
      if (ka !== kb) return ka === undefined ? 1 : -1;
      return a - b;
    }
    const c = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : byName(String(ka), String(kb));
    return c !== 0 ? c * dir : a - b;
  });
}

export function verdictMatches(verdict: NodeVerdict, filter: VerdictFilter): boolean {
  if (filter === 'feasible') return verdict === 'chosen' || verdict === 'feasible';
  if (filter === 'filtered') return verdict === 'filtered' || verdict === 'excluded-by-prefilter';
  return true;
}

/** What the text box searches in a row: the node name and every reason in it, lower-cased once per table. */
const haystacks = new WeakMap<DecisionTable, string[]>();

function haystackOf(table: DecisionTable): string[] {
  let h = haystacks.get(table);
  if (!h) {
    h = table.rows.map((r) => {
      const reasons = new Set(r.reasons ?? []);
      for (const c of r.filters ?? []) for (const reason of c?.reasons ?? []) reasons.add(reason);
      return [r.node, r.rejectedBy ?? '', ...reasons].join('\n').toLowerCase();
    });
    haystacks.set(table, h);
  }
  return h;
}

/** Indexes of rows whose node name or reasons contain `text` (case-insensitive) and whose verdict matches. */
export function filterRowIndexes(table: DecisionTable, text: string, verdict: VerdictFilter): number[] {
  const q = text.trim().toLowerCase();
  const h = q ? haystackOf(table) : undefined;
  const out: number[] = [];
  table.rows.forEach((row, i) => {
    if (!verdictMatches(row.verdict, verdict)) return;
    if (h && !h[i].includes(q)) return;
    out.push(i);
  });
  return out;
}

export interface RowView {
  sortColumn?: string;
  sortDescending?: boolean;
  filter?: string;
  verdict?: VerdictFilter;
}

/** The rows to show, in order: filter first (fewer rows to sort), then sort. */
export function visibleRowIndexes(table: DecisionTable, view: RowView): number[] {
  const kept = filterRowIndexes(table, view.filter ?? '', view.verdict ?? 'all');
  return sortRowIndexes(table, kept, view.sortColumn, view.sortDescending ?? false);
}
