import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newFramework, scheduleOne } from '../../../src/scheduler';
import { decisionTable } from '../../../src/trace/decision';
import { decisionSummary, joinWords } from '../../../src/trace/summary';
import type { DecisionRow, DecisionTable } from '../../../webview/protocol/trace-messages';
import { makeNode, makePod, seedNodes, Snapshot } from '../scheduler/fixtures';

const PLUGINS = ['NodeResourcesFit', 'ImageLocality', 'TaintToleration'];

/** A hand-made table: node -> weighted scores per PLUGINS, or a rejection. */
function table(rows: Array<[string, number[] | { by: string; reason: string }]>, chosen: string, o: Partial<DecisionTable> = {}): DecisionTable {
  const out: DecisionRow[] = rows.map(([node, v]) => {
    if (!Array.isArray(v)) return { node, verdict: 'filtered', rejectedBy: v.by, reasons: [v.reason], filters: [], scores: [] };
    return { node, verdict: node === chosen ? 'chosen' : 'feasible', filters: [], scores: v.map((w, i) => ({ plugin: PLUGINS[i], weighted: w })), total: v.reduce((a, b) => a + b, 0) };
  });
  const c = out.find((r) => r.verdict === 'chosen');
  for (const r of out) if (r.verdict === 'feasible' && r.total === c?.total) r.tiedWithChosen = true;
  return { source: 'recorded', outcome: 'Scheduled', nodeName: chosen, summary: '', filterPlugins: ['NodeUnschedulable', 'TaintToleration', 'NodeAffinity', 'NodeResourcesFit'], scorePlugins: PLUGINS.map((plugin) => ({ plugin, weight: 1 })), rows: out, warnings: [], detailed: true, ...o };
}

const taint = { by: 'TaintToleration', reason: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }' };

test('the winner, the plugins where it beat the runner-up, and the nodes filters excluded', () => {
  const t = table([['whale1', taint], ['whale2', [80, 40, 300]], ['whale3', [60, 10, 300]]], 'whale2');
  assert.equal(decisionSummary(t), 'whale2 won on NodeResourcesFit and ImageLocality; whale1 excluded by TaintToleration');
});

test('many excluded nodes are counted, with the reason', () => {
  const rows: Array<[string, number[] | { by: string; reason: string }]> = [['a', [90, 0, 0]], ['b', [50, 0, 0]]];
  for (let i = 0; i < 3997; i++) rows.push([`small-${i}`, { by: 'NodeResourcesFit', reason: 'Insufficient cpu' }]);
  rows.push(['whale1', taint]);
  assert.equal(decisionSummary(table(rows, 'a')), 'a won on NodeResourcesFit; 3,997 nodes excluded by NodeResourcesFit (Insufficient cpu); whale1 excluded by TaintToleration');
});

test('ties are said as ties', () => {
  assert.equal(decisionSummary(table([['whale2', [50, 0, 300]], ['whale3', [50, 0, 300]]], 'whale3')), 'whale3 tied with whale2 on total score at 350 and was picked at random');
  const many: Array<[string, number[]]> = Array.from({ length: 12 }, (_, i) => [`n${i}`, [1, 1, 1]]);
  assert.equal(decisionSummary(table(many, 'n4')), 'n4 tied with 11 other nodes on total score at 3 and was picked at random');
});

test('the only feasible node', () => {
  assert.equal(decisionSummary(table([['whale1', taint], ['whale3', [1, 1, 1]]], 'whale3')), 'whale3 was the only node that passed every filter; whale1 excluded by TaintToleration');
  assert.equal(decisionSummary(table([['whale3', [1, 1, 1]]], 'whale3', { unlistedNodes: 40 })), 'whale3 was the only node evaluated that passed every filter; 40 nodes not evaluated');
});

test('unschedulable: which filters excluded which nodes and why, and whether preemption helps', () => {
  const t = table([['whale1', taint], ['whale2', { by: 'NodeResourcesFit', reason: 'Insufficient cpu' }], ['whale3', { by: 'NodeResourcesFit', reason: 'Insufficient cpu' }]], '', {
    outcome: 'Unschedulable',
    nodeName: undefined,
    preemption: { message: 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.' },
  });
  assert.equal(decisionSummary(t), `No node fits: whale2 and whale3 excluded by NodeResourcesFit (Insufficient cpu); whale1 excluded by TaintToleration (${taint.reason}). Preemption would not help.`);
  t.preemption = { nominatedNodeName: 'whale2', victims: ['default/low'] };
  assert.match(decisionSummary(t), /\. Preemption nominated whale2; the pod waits there for 1 victim to be evicted\.$/);
});

test('unschedulable without per-node detail: the gist of the FailedScheduling message', () => {
  const t = table([], '', { outcome: 'Unschedulable', detailed: false, message: '0/5000 nodes are available: 5000 Insufficient memory. preemption: 0/5000 nodes are available: 5000 No preemption victims found for incoming pod.' });
  assert.equal(decisionSummary(t), 'No node fits: 5000 Insufficient memory. Preemption would not help.');
  assert.equal(decisionSummary(table([], '', { outcome: 'Unschedulable', message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.' })), 'No node fits: pod has unbound immediate PersistentVolumeClaims');
  assert.equal(decisionSummary(table([], '', { outcome: 'Error', message: 'running "X" filter plugin: boom' })), 'kube-scheduler failed with an error: running "X" filter plugin: boom');
});

test('end to end with the scheduler library: the sentence names real plugins', () => {
  const snap = Snapshot.from({
    nodes: [...seedNodes({ cpu: '4' }).slice(0, 2), makeNode('whale3', { cpu: '4', images: [{ names: ['registry.example/big:1'], sizeBytes: 900 * 1024 * 1024 }] })],
  });
  const { trace } = scheduleOne(newFramework(), snap, makePod('web', { image: 'registry.example/big:1', cpu: '100m' }), { random: () => 0.99 });
  const t = decisionTable(trace, 'recorded');
  assert.equal(t.nodeName, 'whale3');
  assert.equal(t.summary, 'whale3 won on ImageLocality; whale1 excluded by TaintToleration');
});

test('joinWords', () => {
  assert.deepEqual([joinWords([]), joinWords(['a']), joinWords(['a', 'b']), joinWords(['a', 'b', 'c'])], ['', 'a', 'a and b', 'a, b and c']);
});

test('nodes kube-scheduler did not evaluate are counted, with the percentage in force', () => {
  const snap = Snapshot.from({ nodes: Array.from({ length: 200 }, (_, i) => makeNode(`n${i}`, { cpu: i % 2 ? '4' : '8' })) });
  const { trace } = scheduleOne(newFramework(), snap, makePod('web', { cpu: '1' }), { random: () => 0.99 });
  const t = decisionTable(trace, 'recorded');
  assert.match(t.summary, /; 100 nodes not evaluated \(percentageOfNodesToScore 49%\)$/);
  const listed = decisionTable(trace, 'recorded', { allNodeNames: Array.from({ length: 200 }, (_, i) => `n${i}`) });
  assert.equal(listed.summary, t.summary, 'the same sentence whether or not the names are known');
});
