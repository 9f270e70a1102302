import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decisionColumns, filterRowIndexes, sortRowIndexes, visibleRowIndexes } from '../../../webview/trace/decision-rows.js';
import { TAINT_REASON, seedDecision, syntheticDecision } from './fixtures.js';

const names = (table: ReturnType<typeof seedDecision>, idx: number[]) => idx.map((i) => table.rows[i].node);

test('the columns are node, verdict, every filter plugin, every score plugin with its weight, and the total', () => {
  const cols = decisionColumns(seedDecision());
  assert.equal(cols.length, 2 + 10 + 7 + 1);
  assert.deepEqual(cols.slice(0, 3).map((c) => c.key), ['node', 'verdict', 'filter:NodeUnschedulable']);
  assert.deepEqual(cols.find((c) => c.key === 'score:TaintToleration'), { key: 'score:TaintToleration', label: 'TaintToleration', kind: 'score', index: 0, weight: 3, skipped: undefined });
  assert.equal(cols.find((c) => c.key === 'score:NodeAffinity')?.skipped, true);
  assert.equal(cols.at(-1)?.key, 'total');
});

test('sorting by total puts the best node first when descending and keeps unscored nodes last both ways', () => {
  const t = seedDecision();
  const all = [0, 1, 2];
  assert.deepEqual(names(t, sortRowIndexes(t, all, 'total', true)), ['whale2', 'whale3', 'whale1']);
  assert.deepEqual(names(t, sortRowIndexes(t, all, 'total', false)), ['whale3', 'whale2', 'whale1']);
  assert.deepEqual(names(t, sortRowIndexes(t, all, 'score:NodeResourcesFit', false)), ['whale3', 'whale2', 'whale1']);
});

test('sorting by a filter column groups passes, then rejections by reason, then nodes it never ran on', () => {
  const t = seedDecision();
  assert.deepEqual(names(t, sortRowIndexes(t, [0, 1, 2], 'filter:TaintToleration', true)), ['whale1', 'whale2', 'whale3']);
  assert.deepEqual(names(t, sortRowIndexes(t, [0, 1, 2], 'filter:TaintToleration', false)), ['whale2', 'whale3', 'whale1']);
  // NodeResourcesFit never ran on whale1 (TaintToleration rejected it first): blank sorts last.
  assert.deepEqual(names(t, sortRowIndexes(t, [0, 1, 2], 'filter:NodeResourcesFit', true)), ['whale2', 'whale3', 'whale1']);
});

test('node names sort naturally, verdicts best first, and an unknown column keeps the table order', () => {
  const t = syntheticDecision(30);
  const all = t.rows.map((_, i) => i);
  const byName = names(t, sortRowIndexes(t, all, 'node', true));
  assert.equal(byName[0], 'node-00029');
  assert.equal(byName.at(-1), 'node-00000');
  const byVerdict = sortRowIndexes(t, all, 'verdict', false).map((i) => t.rows[i].verdict);
  assert.equal(byVerdict[0], 'chosen');
  assert.equal(byVerdict.at(-1), 'not-evaluated');
  assert.deepEqual(sortRowIndexes(t, all, 'score:NoSuchPlugin', true), all);
  assert.deepEqual(sortRowIndexes(t, all, undefined, true), all);
});

test('ties keep the table order, so among equal totals the chosen node stays on top', () => {
  const t = seedDecision();
  t.rows[2].total = 493;
  t.rows[2].tiedWithChosen = true;
  assert.deepEqual(names(t, sortRowIndexes(t, [0, 1, 2], 'total', true)), ['whale2', 'whale3', 'whale1']);
});

test('the text filter matches node names and reasons, case-insensitively', () => {
  const t = seedDecision();
  assert.deepEqual(names(t, filterRowIndexes(t, 'WHALE3', 'all')), ['whale3']);
  assert.deepEqual(names(t, filterRowIndexes(t, 'control-plane', 'all')), ['whale1']);
  assert.deepEqual(names(t, filterRowIndexes(t, 'tainttoleration', 'all')), ['whale1']);
  assert.deepEqual(names(t, filterRowIndexes(t, '  ', 'all')), ['whale1', 'whale2', 'whale3']);
  assert.deepEqual(filterRowIndexes(t, 'no such thing', 'all'), []);
  assert.ok(TAINT_REASON.includes('control-plane'));
});

test('the verdict toggle shows feasible (chosen included) or filtered nodes; not-evaluated ones only under all', () => {
  const t = syntheticDecision(35);
  const feasible = filterRowIndexes(t, '', 'feasible').map((i) => t.rows[i].verdict);
  assert.ok(feasible.includes('chosen'));
  assert.ok(feasible.every((v) => v === 'chosen' || v === 'feasible'));
  const filtered = filterRowIndexes(t, '', 'filtered').map((i) => t.rows[i].verdict);
  assert.equal(filtered.length, 6); // i % 5 === 1 below 35, except 31 (not evaluated)
  assert.ok(filtered.every((v) => v === 'filtered'));
  assert.equal(filterRowIndexes(t, '', 'all').length, 35);
  // Text and verdict combine.
  assert.deepEqual(names(t, filterRowIndexes(t, 'insufficient', 'feasible')), []);
});

test('filter then sort: the visible rows of a 5,000-node decision, best total first, in well under a frame budget', () => {
  const t = syntheticDecision(5000);
  const started = performance.now();
  const shown = visibleRowIndexes(t, { sortColumn: 'total', sortDescending: true, filter: 'node-0', verdict: 'feasible' });
  const ms = performance.now() - started;
  assert.equal(t.rows[shown[0]].verdict, 'chosen');
  for (let i = 1; i < shown.length; i++) assert.ok((t.rows[shown[i - 1]].total ?? 0) >= (t.rows[shown[i]].total ?? 0));
  assert.ok(shown.length > 3000 && shown.length < 5000, String(shown.length));
  // Generous bound for a shared, loaded machine; typically a few ms.
  assert.ok(ms < 250, `${ms.toFixed(1)} ms`);
});

test('a filter column that rejected a node is wide enough for kube-scheduler\'s reason; passing columns stay narrow', async () => {
  const { columnWidths } = await import('../../../webview/trace/decision-grid.js');
  const t = seedDecision();
  const cols = decisionColumns(t);
  const widths = columnWidths(t, cols);
  const of = (key: string) => widths[cols.findIndex((c) => c.key === key)];
  assert.ok(of('filter:TaintToleration') >= TAINT_REASON.length * 7, String(of('filter:TaintToleration')));
  assert.ok(of('filter:NodePorts') < of('filter:TaintToleration') / 3);
  assert.ok(of('verdict') >= 'filtered by TaintToleration'.length * 7);
  // A very long reason is capped: the rest is in the tooltip.
  t.rows[0].filters[2].reasons = ['x'.repeat(2000)];
  assert.equal(columnWidths(t, cols)[cols.findIndex((c) => c.key === 'filter:TaintToleration')], 560);
});
