import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnyPlugin } from '../../../src/scheduler';
import { DEFAULT_PLUGINS, newFramework, scheduleOne, Status } from '../../../src/scheduler';
import { FakeClock } from '../../../src/kube/clock';
import { makeNode, makePod, seedNodes, Snapshot } from './fixtures';

test('a trace records every filter rejection, every score and the choice, as plain JSON', () => {
  const snap = Snapshot.from({ nodes: seedNodes(), pods: [makePod('busy', { nodeName: 'whale3', cpu: '2', memory: '16Gi' })] });
  const clock = new FakeClock(Date.UTC(2026, 4, 1, 12));
  const { result, trace } = scheduleOne(newFramework(), snap, makePod('web', { cpu: '500m', memory: '1Gi' }), { clock, attempt: 3 });
  assert.equal(result.nodeName, 'whale2');
  assert.deepEqual(JSON.parse(JSON.stringify(trace)), trace, 'survives a JSON round trip unchanged');
  assert.equal(trace.startTime, '2026-05-01T12:00:00.000Z');
  assert.equal(trace.attempt, 3);
  assert.equal(trace.outcome, 'Scheduled');
  assert.equal(trace.nodeName, 'whale2');
  assert.deepEqual(trace.evaluatedNodes, ['whale1', 'whale2', 'whale3']);
  assert.deepEqual(trace.filterRejections?.map((r) => [r.node, r.plugin]), [['whale1', 'TaintToleration']]);
  const scores = trace.scores!;
  assert.deepEqual(scores.nodes, ['whale2', 'whale3']);
  const fit = scores.plugins.find((p) => p.plugin === 'NodeResourcesFit')!;
  assert.equal(fit.weight, 1);
  assert.ok(fit.raw![0] > fit.raw![1], 'the empty node scores higher on LeastAllocated');
  const taint = scores.plugins.find((p) => p.plugin === 'TaintToleration')!;
  assert.deepEqual([taint.raw, taint.normalized, taint.weighted], [[0, 0], [100, 100], [300, 300]]);
  assert.equal(scores.plugins.find((p) => p.plugin === 'NodeAffinity')?.skipped, true);
  const sum = (i: number) => scores.plugins.reduce((s, p) => s + (p.weighted?.[i] ?? 0), 0);
  assert.deepEqual(scores.totals, [sum(0), sum(1)]);
});

test('a failed attempt records the FailedScheduling message and the preemption outcome', () => {
  const snap = Snapshot.from({ nodes: seedNodes({ cpu: '2' }) });
  const { trace } = scheduleOne(newFramework(), snap, makePod('huge', { cpu: '3' }));
  assert.equal(trace.outcome, 'Unschedulable');
  assert.match(trace.message!, /^0\/3 nodes are available/);
  assert.deepEqual(trace.preemption, { message: 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.' });
  assert.equal(trace.filterRejections?.length, 3, 'the preemption dry run does not add filter results');
  assert.equal(trace.scores, undefined);
});

test('tracing can be switched off: same decision, only the outcome is recorded', () => {
  const mk = () => Snapshot.from({ nodes: seedNodes(), pods: [makePod('busy', { nodeName: 'whale3', cpu: '2' })] });
  const on = scheduleOne(newFramework(), mk(), makePod('a', { cpu: '1' }));
  const off = scheduleOne(newFramework({ trace: false }), mk(), makePod('a', { cpu: '1' }));
  assert.equal(off.result.nodeName, on.result.nodeName);
  assert.equal(off.trace.detailed, false);
  assert.equal(off.trace.filterRejections, undefined);
  assert.equal(off.trace.scores, undefined);
  assert.equal(off.trace.outcome, 'Scheduled');
});

test('out-of-tree plugins are traced by the decorator without any tracing code of their own', () => {
  const onlyEven: AnyPlugin = {
    name: 'EvenNodes',
    filter: (_s, _p, ni) => (Number(ni.name.slice(1)) % 2 === 0 ? undefined : Status.unschedulable('node is odd')),
    score: (_s, _p, ni) => Number(ni.name.slice(1)),
  };
  const fw = newFramework({ registry: { EvenNodes: () => onlyEven }, plugins: [...DEFAULT_PLUGINS, { name: 'EvenNodes', weight: 5 }] });
  const snap = Snapshot.from({ nodes: ['n1', 'n2', 'n3', 'n4'].map((n) => makeNode(n)) });
  const { result, trace } = scheduleOne(fw, snap, makePod('p'));
  assert.equal(result.nodeName, 'n4');
  assert.deepEqual(trace.filterRejections?.map((r) => `${r.node} ${r.plugin} ${r.reasons}`), ['n1 EvenNodes node is odd', 'n3 EvenNodes node is odd']);
  const even = trace.scores?.plugins.find((p) => p.plugin === 'EvenNodes');
  assert.deepEqual([even?.raw, even?.weighted], [[2, 4], [10, 20]]);
});
