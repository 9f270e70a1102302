import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnyPlugin, SchedulingTrace } from '../../../src/scheduler';
import { compactTrace, DEFAULT_PLUGINS, expandTrace, lazyTrace, newFramework, NodeNameTable, scheduleOne, Status } from '../../../src/scheduler';
import { packNumbers, unpackNumbers } from '../../../src/scheduler/trace/packed-arrays';
import { CONTROL_PLANE_TAINT, makeNode, makePod, seedNodes, Snapshot } from './fixtures';

/** Packs and expands (eagerly and lazily); both must serialize to the very same JSON. */
function roundTrip(trace: SchedulingTrace, table = new NodeNameTable()): { json: string; bytes: number } {
  const json = JSON.stringify(trace);
  const c = compactTrace(trace, table);
  assert.equal(JSON.stringify(expandTrace(c, table)), json, 'expanded JSON equals the recorded JSON');
  assert.equal(JSON.stringify(lazyTrace(c, table)), json, 'the lazy view serializes to the recorded JSON');
  return { json, bytes: c.bytes };
}

const zoned = (n: number) => Array.from({ length: n }, (_, i) => makeNode(`n${i}`, { labels: { zone: `z${i % 3}` }, cpu: i % 7 === 0 ? '1' : '4' }));

test('a scheduled attempt at 1,000 nodes round-trips exactly and is kept in a fraction of its JSON size', () => {
  const snap = Snapshot.from({ nodes: zoned(1000), pods: [makePod('busy', { nodeName: 'n5', cpu: '2' })] });
  const fw = newFramework();
  const table = new NodeNameTable();
  for (let i = 0; i < 5; i++) {
    const { trace } = scheduleOne(fw, snap, makePod(`p${i}`, { cpu: '1500m', labels: { app: 'web' } }), { attempt: i + 1 });
    assert.equal(trace.outcome, 'Scheduled');
    assert.ok(trace.filterRejections!.length > 0, 'the 1-cpu nodes reject it');
    const { json, bytes } = roundTrip(trace, table);
    assert.ok(bytes < json.length / 4, `packed ${bytes} bytes vs ${json.length} bytes of JSON`);
  }
});

test('unschedulable attempts (every node rejected, preemption message) round-trip exactly', () => {
  const snap = Snapshot.from({ nodes: [...seedNodes({ cpu: '2' }), ...zoned(300)] });
  const { trace } = scheduleOne(newFramework(), snap, makePod('huge', { cpu: '64' }));
  assert.equal(trace.outcome, 'Unschedulable');
  assert.equal(trace.filterRejections!.length, 303);
  roundTrip(trace);
});

test('scores of spreading, taints and out-of-tree plugins (weights, negatives, fractions) round-trip exactly', () => {
  const odd: AnyPlugin = {
    name: 'Odd',
    filter: (_s, _p, ni) => (ni.name.endsWith('3') ? Status.unresolvable('node ends in 3') : undefined),
    score: (_s, _p, ni) => (Number(ni.name.slice(1)) % 5) - 2.5,
    normalizeScore: (_s, _p, _n, scores) => {
      for (let i = 0; i < scores.length; i++) scores[i] = Math.max(0, Math.round(scores[i] * 10));
      return undefined;
    },
  };
  const fw = newFramework({ registry: { Odd: () => odd }, plugins: [...DEFAULT_PLUGINS, { name: 'Odd', weight: 7 }] });
  const nodes = zoned(150).map((n, i) => (i % 11 === 0 ? { ...n, spec: { taints: [{ ...CONTROL_PLANE_TAINT, effect: 'PreferNoSchedule' as const }] } } : n));
  const spread = makePod('s', {
    cpu: '100m',
    labels: { app: 'web' },
    spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }] },
  });
  const snap = Snapshot.from({ nodes, pods: [makePod('w', { nodeName: 'n1', labels: { app: 'web' } })] });
  const { trace } = scheduleOne(fw, snap, spread);
  const names = trace.scores!.plugins.filter((p) => !p.skipped).map((p) => p.plugin);
  assert.ok(names.includes('PodTopologySpread') && names.includes('TaintToleration') && names.includes('Odd'), names.join());
  roundTrip(trace);
});

test('hand-made traces: scores over other nodes than evaluated, totals that are not the sum, big and float values', () => {
  const trace: SchedulingTrace = {
    pod: { namespace: 'ns', name: 'p' },
    schedulerName: 'default-scheduler',
    attempt: 2,
    startTime: '2026-01-01T00:00:00.000Z',
    durationMs: 0.5,
    outcome: 'Scheduled',
    detailed: true,
    filterRejections: [
      { node: 'b', plugin: 'X', code: 'Unschedulable', reasons: ['r1'], withNominatedPods: true },
      { node: 'a', plugin: 'X', code: 'Unschedulable', reasons: ['r1'] },
    ],
    preFilterNodeNames: ['c', 'd', 'a'],
    evaluatedNodes: ['b', 'a', 'c', 'd', 'e'],
    scores: {
      nodes: ['c', 'd', 'e'],
      plugins: [
        { plugin: 'Big', weight: 1, raw: [1e12, -5, 3], normalized: [100, 0, 50], weighted: [100, 0, 50] },
        { plugin: 'Frac', weight: 2, raw: [0.5, 0.25, 1], weighted: [1, 0.5, 2], normalized: [0.5, 0.25, 1] },
        { plugin: 'Off', weight: 3, skipped: true },
      ],
      totals: [1, 2, 3],
    },
    nodeName: 'c',
  };
  roundTrip(trace);
  roundTrip({ ...trace, evaluatedNodes: [], scores: { nodes: [], plugins: [], totals: [] }, filterRejections: [] });
});

test('number arrays pack into the smallest exact form and unpack to the same values', () => {
  const cases: number[][] = [[0, 100, 37, 37], [7, 7, 7], [200, 3], [-1, 2], [70000, 1], [2 ** 40, 0], [0.5, 1], [Number.NaN, 1], [], Array.from({ length: 9000 }, (_, i) => i % 101)];
  const kinds = cases.map((a) => {
    const p = packNumbers(a);
    assert.equal(JSON.stringify(unpackNumbers(p)), JSON.stringify(a));
    return 'value' in p ? 'uniform' : 'codes' in p ? 'codes' : p.constructor.name;
  });
  assert.deepEqual(kinds, ['codes', 'uniform', 'Uint8Array', 'Int16Array', 'Int32Array', 'Float64Array', 'Float64Array', 'Float64Array', 'Uint8Array', 'codes']);
  // Every code 0-127 becomes its own character (the string is decoded natively, not built from an argument list).
  const all = Array.from({ length: 128 }, (_, i) => 127 - i);
  assert.deepEqual(packNumbers(all), { codes: String.fromCharCode(...all) });
});
