// What each cell of the decision table says, and its tooltip: pure, so the wording is tested
// without a browser. Reasons are kube-scheduler's own strings, shown verbatim.

import type { DecisionRow, DecisionTable, FilterCell, ScoreCell } from '../protocol/trace-messages.js';

export const PASSED_MARK = '✓';

export interface CellText {
  text: string;
  /** Tooltip (title): the full reason, or how a score was computed. */
  title?: string;
  tone?: 'passed' | 'rejected' | 'muted';
}

const number = new Intl.NumberFormat('en');

export function formatCount(n: number): string {
  return number.format(n);
}

export function verdictText(row: DecisionRow, table: DecisionTable): CellText {
  const tie = row.tiedWithChosen && row.verdict !== 'chosen' ? ' (tied)' : '';
  switch (row.verdict) {
    case 'chosen':
      return { text: table.source === 'what-if' ? 'would be chosen' : 'chosen', title: 'The node the pod was bound to (highest total score).' };
    case 'feasible':
      return { text: `feasible${tie}`, title: tie ? 'Passed every filter and tied with the chosen node on total score; kube-scheduler picks among tied nodes at random.' : 'Passed every filter; scored lower than the chosen node.' };
    case 'filtered':
      return { text: row.rejectedBy ? `filtered by ${row.rejectedBy}` : 'filtered', title: (row.reasons ?? []).join('\n') || undefined, tone: 'rejected' };
    case 'excluded-by-prefilter':
      return { text: 'excluded by PreFilter', title: 'A PreFilter plugin narrowed the search to other nodes (e.g. nodeName or a nodeAffinity on metadata.name).', tone: 'muted' };
    case 'not-evaluated':
      return { text: 'not evaluated', title: notEvaluatedExplanation(table), tone: 'muted' };
    default:
      return { text: String(row.verdict) };
  }
}

export function notEvaluatedExplanation(table: DecisionTable): string {
  const s = table.sampling;
  const base = 'kube-scheduler stops filtering once it has found enough feasible nodes (percentageOfNodesToScore), so large clusters are not searched in full';
  if (!s) return `${base}.`;
  return `${base}: this attempt evaluated ${formatCount(s.numEvaluated)} of ${formatCount(s.numAllNodes)} nodes (percentageOfNodesToScore ${s.percentageOfNodesToScore}%); the other ${formatCount(s.numNotEvaluated)} were never looked at.`;
}

export function filterText(cell: FilterCell | undefined): CellText {
  if (cell?.result === 'passed') return { text: PASSED_MARK, title: `${cell.plugin}: passed`, tone: 'passed' };
  if (cell?.result === 'rejected') {
    const reasons = (cell.reasons ?? []).join('; ') || 'rejected';
    return { text: reasons, title: `${cell.plugin}: ${reasons}`, tone: 'rejected' };
  }
  return { text: '', title: cell ? `${cell.plugin}: did not run on this node` : undefined, tone: 'muted' };
}

function num(v: number | undefined): string {
  return v === undefined ? '–' : formatCount(v);
}

export function scoreText(cell: ScoreCell | undefined, weight: number, skipped?: boolean): CellText {
  if (skipped) return { text: '', title: 'PreScore skipped this plugin for the pod: it gave no score.', tone: 'muted' };
  if (!cell || cell.weighted === undefined) return { text: '', tone: 'muted' };
  return { text: num(cell.weighted), title: `raw ${num(cell.raw)}, normalized ${num(cell.normalized)} × weight ${weight} = ${num(cell.weighted)}` };
}

export function totalText(row: DecisionRow): CellText {
  return row.total === undefined ? { text: '', tone: 'muted' } : { text: formatCount(row.total) };
}
