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

test('a framework reusing its score and feasible buffers across attempts of different node counts decides and traces as a fresh one', () => {
  // A plugin with NormalizeScore (reversed counts) and one without, both scoring every node differently.
  const byIndex: AnyPlugin = {
    name: 'ByIndex',
    score: (_s, _p, ni) => Number(ni.name.slice(1)) * 3,
    normalizeScore: (_s, _p, _n, scores) => {
      const max = Math.max(...scores);
      for (let i = 0; i < scores.length; i++) scores[i] = max === 0 ? 100 : Math.trunc(100 - (100 * scores[i]) / max);
      return undefined;
    },
  };
  // Its scores change from one attempt to the next (web-<i>), so a reused buffer never holds the same values twice.
  const plain: AnyPlugin = { name: 'Plain', score: (_s, p, ni) => (Number(ni.name.slice(1)) * 7 + Number(p.pod.metadata.name!.slice(4)) * 13) % 101 };
  const options = (trace: boolean) => ({ trace, registry: { ByIndex: () => byIndex, Plain: () => plain }, plugins: [...DEFAULT_PLUGINS, { name: 'ByIndex', weight: 2 }, { name: 'Plain', weight: 1 }] });
  // Node counts repeat (the buffers are reused) and change (they are replaced), down and up.
  const counts = [12, 12, 5, 5, 12, 9, 9, 2, 2, 12];
  const snapshot = (i: number) => {
    const nodes = Array.from({ length: counts[i] }, (_, k) => makeNode(`n${k}`));
    // Every fourth node is full: rejected nodes are evaluated but not scored.
    const pods = Array.from({ length: counts[i] }, (_, k) => makePod(`busy-${k}`, { nodeName: `n${k}`, cpu: k % 4 === 3 ? '4' : `${(k * 300) % 3500}m`, memory: `${k + 1}Gi` }));
    return Snapshot.from({ nodes, pods });
  };
  const fixed = () => ({ clock: new FakeClock(Date.UTC(2026, 4, 1)), random: () => 0.5, elapsed: () => 0 });
  for (const trace of [true, false]) {
    const shared = newFramework(options(trace));
    const kept: Array<{ trace: unknown; json: string }> = [];
    for (let i = 0; i < counts.length; i++) {
      const pod = makePod(`web-${i}`, { cpu: '100m', memory: '1Gi' });
      shared.nextStartNodeIndex = 0;
      const again = scheduleOne(shared, snapshot(i), pod, fixed());
      const fresh = scheduleOne(newFramework(options(trace)), snapshot(i), pod, fixed());
      assert.deepEqual(again.result, fresh.result, `attempt ${i}, traces ${trace}`);
      assert.equal(JSON.stringify(again.trace), JSON.stringify(fresh.trace), `attempt ${i}, traces ${trace}`);
      const scored = counts[i] - Math.floor(counts[i] / 4);
      if (trace) assert.ok(again.trace.scores?.plugins.some((p) => p.plugin === 'ByIndex' && p.raw?.length === scored && new Set(p.raw).size > 1));
      if (trace) assert.equal(again.trace.evaluatedNodes?.length, counts[i]);
      kept.push({ trace: again.trace, json: JSON.stringify(again.trace) });
    }
    // Later attempts wrote into the same buffers: no earlier trace may have changed with them.
    for (const [i, k] of kept.entries()) assert.equal(JSON.stringify(k.trace), k.json, `trace ${i} kept as recorded`);
  }
});
