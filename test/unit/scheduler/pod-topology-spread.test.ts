import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod, TopologySpreadConstraint } from '../../../src/scheduler';
import { newFramework, PluginNames, simulate } from '../../../src/scheduler';
import { makeNode, makePod, pluginOn, runFilter, runScore, Snapshot } from './fixtures';

const zoned = () => [makeNode('a', { labels: { zone: 'z1' } }), makeNode('b', { labels: { zone: 'z1' } }), makeNode('c', { labels: { zone: 'z2' } })];
const web = (name: string, nodeName?: string) => makePod(name, { labels: { app: 'web' }, nodeName });
const spread = (c: Partial<TopologySpreadConstraint>): Pod => {
  const p = web('incoming');
  p.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...c }];
  return p;
};

test('PodTopologySpread filter: a domain may exceed the least-loaded one by maxSkew at most', () => {
  const snap = Snapshot.from({ nodes: zoned(), pods: [web('w1', 'a'), web('w2', 'a')] });
  const p = pluginOn(PluginNames.PodTopologySpread, snap);
  // z1 has 2 matching pods, z2 none: placing in z1 gives skew 3 > 1.
  assert.deepEqual(runFilter(p, snap, spread({})), {
    a: "Unschedulable: node(s) didn't match pod topology spread constraints",
    b: "Unschedulable: node(s) didn't match pod topology spread constraints",
    c: 'ok',
  });
  assert.deepEqual(runFilter(p, snap, spread({ maxSkew: 3 })), { a: 'ok', b: 'ok', c: 'ok' });
});

test('PodTopologySpread filter: nodes without the topology key are unresolvable', () => {
  const snap = Snapshot.from({ nodes: [...zoned(), makeNode('d')] });
  const r = runFilter(pluginOn(PluginNames.PodTopologySpread, snap), snap, spread({}));
  assert.equal(r.d, "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)");
  assert.equal(r.a, 'ok');
});

test('PodTopologySpread filter: pods in other namespaces and pods being deleted do not count', () => {
  const other = makePod('o', { namespace: 'other', labels: { app: 'web' }, nodeName: 'a' });
  const leaving = web('l', 'a');
  leaving.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
  const snap = Snapshot.from({ nodes: zoned(), pods: [other, leaving] });
  assert.equal(runFilter(pluginOn(PluginNames.PodTopologySpread, snap), snap, spread({})).a, 'ok');
});

test('PodTopologySpread score: ScheduleAnyway prefers the emptier domains', () => {
  const snap = Snapshot.from({ nodes: zoned(), pods: [web('w1', 'a'), web('w2', 'a')] });
  const p = pluginOn(PluginNames.PodTopologySpread, snap);
  // hostname spreading: a has 2 matching pods -> raw round(2 * ln(3+2)) = 3, others 0; normalized 100 * (max + min - s) / max
  assert.deepEqual(runScore(p, snap, spread({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' })), { a: 0, b: 100, c: 100 });
  assert.equal(runScore(p, snap, makePod('lonely')), 'skip', 'no constraints and no owning controller or service: skipped');
});

test('PodTopologySpread score: system default constraints spread a ReplicaSet\'s pods', () => {
  const owned = (name: string, nodeName?: string) => {
    const p = web(name, nodeName);
    p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-rs', uid: 'rs', controller: true }];
    return p;
  };
  const nodes = [makeNode('a', { labels: { 'topology.kubernetes.io/zone': 'z1' } }), makeNode('b', { labels: { 'topology.kubernetes.io/zone': 'z1' } }), makeNode('c', { labels: { 'topology.kubernetes.io/zone': 'z2' } })];
  const snap = Snapshot.from({
    nodes,
    pods: [owned('w1', 'a'), owned('w2', 'a'), owned('w3', 'b')],
    replicaSets: [{ metadata: { name: 'web-rs', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } } } }],
  });
  const s = runScore(pluginOn(PluginNames.PodTopologySpread, snap), snap, owned('w4')) as Record<string, number>;
  assert.ok(s.c > s.b && s.b > s.a, `expected c > b > a, got ${JSON.stringify(s)}`);
});

test('PodTopologySpread: maintained per-domain counts agree with counting every node', () => {
  const nodes = () => Array.from({ length: 9 }, (_, i) => makeNode(`n${i}`, { labels: { zone: `z${i % 3}`, all: 'yes' } }));
  const pods = (withSelector: boolean) =>
    Array.from({ length: 40 }, (_, i) => {
      const p = makePod(`p${i}`, { labels: { app: i % 2 ? 'web' : 'api' }, cpu: '100m' });
      p.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: p.metadata.labels!.app } } }];
      // A node selector every node satisfies forces the node-by-node counting path.
      if (withSelector) p.spec.nodeSelector = { all: 'yes' };
      return p;
    });
  const run = (withSelector: boolean) => {
    const snap = Snapshot.from({ nodes: nodes() });
    const fw = newFramework({ trace: false });
    const all = pods(withSelector);
    const first = simulate(snap, all.slice(0, 20), { framework: fw, random: () => 0.99 });
    // Deleting pods in between must lower the counts of their domains.
    for (const p of first.slice(0, 6)) snap.removePod(p.pod);
    const second = simulate(snap, all.slice(20), { framework: fw, random: () => 0.99 });
    return [...first, ...second].map((p) => p.result.nodeName);
  };
  assert.deepEqual(run(false), run(true));
});
