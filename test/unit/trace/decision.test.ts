import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SchedulingTrace } from '../../../src/scheduler';
import { newFramework, scheduleOne } from '../../../src/scheduler';
import { decisionTable } from '../../../src/trace/decision';
import { makeNode, makePod, seedNodes, Snapshot } from '../scheduler/fixtures';

const last = () => 0.99;

function seedWithBusyWhale3() {
  return Snapshot.from({ nodes: seedNodes({ cpu: '2', memory: '4Gi' }), pods: [makePod('busy', { nodeName: 'whale3', cpu: '1', memory: '1Gi' })] });
}

test('score cells carry raw, normalized and weighted numbers; the total is their sum; skipped plugins have no numbers', () => {
  const { trace } = scheduleOne(newFramework(), seedWithBusyWhale3(), makePod('web', { cpu: '100m' }), { random: last });
  const table = decisionTable(trace, 'recorded');
  assert.deepEqual(table.scorePlugins.map((p) => p.plugin), trace.scores!.plugins.map((p) => p.plugin));
  const taint = table.scorePlugins.findIndex((p) => p.plugin === 'TaintToleration');
  assert.equal(table.scorePlugins[taint].weight, 3);
  const whale2 = table.rows.find((r) => r.node === 'whale2')!;
  assert.deepEqual(whale2.scores[taint], { plugin: 'TaintToleration', raw: 0, normalized: 100, weighted: 300 });
  const affinity = table.scorePlugins.findIndex((p) => p.plugin === 'NodeAffinity');
  assert.equal(table.scorePlugins[affinity].skipped, true);
  assert.deepEqual(whale2.scores[affinity], { plugin: 'NodeAffinity' });
  for (const r of table.rows.filter((r) => r.total !== undefined)) {
    assert.equal(r.total, r.scores.reduce((s, c) => s + (c.weighted ?? 0), 0));
  }
  assert.equal(whale2.verdict, 'chosen');
  assert.equal(table.rows.find((r) => r.node === 'whale3')!.verdict, 'feasible');
  assert.ok(whale2.filters.every((c) => c.result === 'passed' || c.result === undefined));
  assert.equal(table.detailed, true);
  assert.equal(table.warnings.length, 0);
});

test('a filtered node: plugins before the rejecting one passed, later ones did not run, nor did PreFilter-skipped ones', () => {
  const { trace } = scheduleOne(newFramework(), Snapshot.from({ nodes: seedNodes() }), makePod('web'), { random: last });
  const table = decisionTable(trace, 'recorded');
  const whale1 = table.rows.find((r) => r.node === 'whale1')!;
  const at = table.filterPlugins.indexOf('TaintToleration');
  assert.ok(at > 0);
  const skipped = new Set(trace.preFilter!.filter((p) => p.code === 'Skip').map((p) => p.plugin));
  whale1.filters.forEach((c, i) => {
    if (i < at && !skipped.has(c.plugin)) assert.equal(c.result, 'passed', c.plugin);
    if (i > at || skipped.has(c.plugin)) assert.equal(c.result, undefined, c.plugin);
  });
  assert.equal(whale1.total, undefined);
  assert.ok(whale1.scores.every((c) => c.weighted === undefined));
});

function uniformCluster(n: number) {
  return Snapshot.from({ nodes: Array.from({ length: n }, (_, i) => makeNode(`node-${String(i).padStart(3, '0')}`)) });
}

test('sampling: with the node names the table lists the nodes kube-scheduler did not evaluate; without, it counts them', () => {
  const { trace } = scheduleOne(newFramework(), uniformCluster(200), makePod('web'), { random: last });
  assert.equal(trace.sampling!.numNotEvaluated, 100);
  const counted = decisionTable(trace, 'recorded');
  assert.equal(counted.rows.length, 100);
  assert.equal(counted.unlistedNodes, 100);
  assert.deepEqual(counted.sampling, { numAllNodes: 200, numEvaluated: 100, numNotEvaluated: 100, percentageOfNodesToScore: 49 });
  const all = Array.from({ length: 200 }, (_, i) => `node-${String(i).padStart(3, '0')}`);
  const listed = decisionTable(trace, 'recorded', { allNodeNames: all });
  assert.equal(listed.rows.length, 200);
  assert.equal(listed.unlistedNodes, undefined);
  assert.equal(listed.rows.filter((r) => r.verdict === 'not-evaluated').length, 100);
  // Identical nodes: every other evaluated node ties with the chosen one.
  assert.equal(listed.rows.filter((r) => r.tiedWithChosen).length, 99);
  assert.equal(listed.rows.find((r) => r.verdict === 'chosen')!.tiedWithChosen, undefined);
});

test('a reconstruction that picked a node tied with the real one shows the real one as chosen, without a warning', () => {
  const { trace } = scheduleOne(newFramework({ percentageOfNodesToScore: 100 }), uniformCluster(4), makePod('web'), { random: () => 0 });
  const picked = trace.nodeName!;
  const actual = ['node-000', 'node-001', 'node-002', 'node-003'].find((n) => n !== picked)!;
  const table = decisionTable(trace, 'reconstructed', { actualNodeName: actual });
  assert.equal(table.nodeName, actual);
  assert.equal(table.rows.find((r) => r.verdict === 'chosen')!.node, actual);
  assert.equal(table.rows.find((r) => r.node === picked)!.tiedWithChosen, true);
  assert.deepEqual(table.warnings, []);
});

test('a reconstruction whose pick is not where the pod runs warns with the likely causes', () => {
  const { trace } = scheduleOne(newFramework({ percentageOfNodesToScore: 100 }), seedWithBusyWhale3(), makePod('web', { cpu: '100m' }), { random: last });
  const onControlPlane = decisionTable(trace, 'reconstructed', { actualNodeName: 'whale1' });
  assert.equal(onControlPlane.nodeName, 'whale2');
  assert.equal(onControlPlane.warnings.length, 1);
  assert.match(onControlPlane.warnings[0], /^The reconstruction picks whale2, but the pod runs on whale1 \(today TaintToleration rejects whale1: node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}\)\. Likely causes: /);
  assert.match(onControlPlane.warnings[0], /custom scheduler profile or scheduler extenders/);
  assert.match(onControlPlane.warnings[0], /nominated node/);
  assert.equal(decisionTable(trace, 'recorded', { actualNodeName: 'whale1' }).warnings.length, 0, 'only reconstructions are second-guessed');
});

test('a PreFilter rejection marks every listed node with its reason', () => {
  const pod = makePod('web', { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'missing' } }] } as any });
  const { trace } = scheduleOne(newFramework(), Snapshot.from({ nodes: seedNodes() }), pod);
  const rejection = trace.preFilter!.find((p) => p.code !== 'Success' && p.code !== 'Skip')!;
  const table = decisionTable(trace, 'recorded', { allNodeNames: ['whale1', 'whale2', 'whale3'] });
  assert.equal(table.outcome, 'Unschedulable');
  assert.ok(table.rows.every((r) => r.verdict === 'filtered' && r.rejectedBy === rejection.plugin && r.reasons!.join() === rejection.reasons!.join()));
});

test('preemption is carried over: the nominated node and the victims', () => {
  const snap = Snapshot.from({ nodes: seedNodes({ cpu: '2' }), pods: [makePod('low', { nodeName: 'whale2', cpu: '2', priority: 0 }), makePod('low2', { nodeName: 'whale3', cpu: '2', priority: 0 })] });
  const { trace } = scheduleOne(newFramework(), snap, makePod('high', { cpu: '1', priority: 1000 }));
  const table = decisionTable(trace, 'recorded');
  assert.ok(['whale2', 'whale3'].includes(table.preemption!.nominatedNodeName!));
  assert.equal(table.preemption!.victims!.length, 1);
  assert.match(table.preemption!.victims![0], /^default\/low2?$/);
});

test('a garbled record gives a thin table, never an exception', () => {
  const garbage: unknown[] = [{}, { outcome: 'Scheduled', nodeName: 'x' }, { evaluatedNodes: 'no', filterRejections: [null, 3], scores: { nodes: ['a'], plugins: [null, { plugin: 'P', raw: 'x' }], totals: null } }, { evaluatedNodes: ['a', 'a'], scores: { nodes: 5 } }];
  for (const g of garbage) {
    const table = decisionTable(g as SchedulingTrace, 'recorded');
    assert.equal(typeof table.summary, 'string');
    assert.ok(Array.isArray(table.rows));
  }
  assert.equal(decisionTable({ evaluatedNodes: ['a', 'a'] } as unknown as SchedulingTrace, 'recorded').rows.length, 1);
  assert.equal(decisionTable({ outcome: 'Scheduled', nodeName: 'x', detailed: false } as unknown as SchedulingTrace, 'recorded').summary, 'Scheduled to x (kube-scheduler recorded only the outcome of this attempt)');
});

test('a record without per-plugin detail lists no nodes rather than wrong verdicts', () => {
  const { trace } = scheduleOne(newFramework({ trace: false }), Snapshot.from({ nodes: seedNodes() }), makePod('web'), { random: last });
  const table = decisionTable(trace, 'recorded', { allNodeNames: ['whale1', 'whale2', 'whale3'] });
  assert.equal(table.detailed, false);
  assert.deepEqual(table.rows, []);
  assert.ok(['whale2', 'whale3'].includes(table.nodeName!));
  assert.match(table.summary, /^Scheduled to whale[23] \(kube-scheduler recorded only the outcome of this attempt\)$/);
});
