import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodAffinityTerm } from '../../../src/scheduler';
import { newFramework, PluginNames, simulate } from '../../../src/scheduler';
import { makeNode, makePod, pluginOn, runFilter, runScore, Snapshot } from './fixtures';

const nodes = () => [makeNode('a', { labels: { zone: 'z1' } }), makeNode('b', { labels: { zone: 'z1' } }), makeNode('c', { labels: { zone: 'z2' } })];
const term = (app: string, topologyKey: string): PodAffinityTerm => ({ labelSelector: { matchLabels: { app } }, topologyKey });

test('InterPodAffinity filter: required affinity needs a matching pod in the same domain', () => {
  const snap = Snapshot.from({ nodes: nodes(), pods: [makePod('db', { labels: { app: 'db' }, nodeName: 'a' })] });
  const pod = makePod('p', { spec: { containers: [{ name: 'c' }], affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', 'zone')] } } } });
  assert.deepEqual(runFilter(pluginOn(PluginNames.InterPodAffinity, snap), snap, pod), {
    a: 'ok',
    b: 'ok',
    c: "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules",
  });
});

test('InterPodAffinity filter: the first pod of a self-affine group may go anywhere', () => {
  const snap = Snapshot.from({ nodes: nodes() });
  const pod = makePod('p', { labels: { app: 'cache' }, spec: { containers: [{ name: 'c' }], affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('cache', 'zone')] } } } });
  assert.deepEqual(runFilter(pluginOn(PluginNames.InterPodAffinity, snap), snap, pod), { a: 'ok', b: 'ok', c: 'ok' });
});

test('InterPodAffinity filter: required anti-affinity keeps the pod out of matching domains', () => {
  const snap = Snapshot.from({ nodes: nodes(), pods: [makePod('db', { labels: { app: 'db' }, nodeName: 'a' })] });
  const pod = makePod('p', { spec: { containers: [{ name: 'c' }], affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', 'kubernetes.io/hostname')] } } } });
  assert.deepEqual(runFilter(pluginOn(PluginNames.InterPodAffinity, snap), snap, pod), {
    a: "Unschedulable: node(s) didn't match pod anti-affinity rules",
    b: 'ok',
    c: 'ok',
  });
});

test("InterPodAffinity filter: existing pods' anti-affinity repels the incoming pod", () => {
  const guard = makePod('guard', { nodeName: 'a', spec: { containers: [{ name: 'c' }], affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', 'zone')] } } } });
  const snap = Snapshot.from({ nodes: nodes(), pods: [guard] });
  assert.deepEqual(runFilter(pluginOn(PluginNames.InterPodAffinity, snap), snap, makePod('w', { labels: { app: 'web' } })), {
    a: "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules",
    b: "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules",
    c: 'ok',
  });
  assert.deepEqual(runFilter(pluginOn(PluginNames.InterPodAffinity, snap), snap, makePod('x', { labels: { app: 'other' } })), { a: 'skip', b: 'skip', c: 'skip' });
});

test('InterPodAffinity score: preferred affinity and anti-affinity weights per domain, min-max normalized', () => {
  const snap = Snapshot.from({ nodes: nodes(), pods: [makePod('db', { labels: { app: 'db' }, nodeName: 'a' }), makePod('noisy', { labels: { app: 'noisy' }, nodeName: 'c' })] });
  const pod = makePod('p', {
    spec: {
      containers: [{ name: 'c' }],
      affinity: {
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: term('db', 'zone') }] },
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20, podAffinityTerm: term('db', 'kubernetes.io/hostname') }] },
      },
    },
  });
  // a: +50 (zone) -20 (host) = 30; b: +50; c: 0 -> normalized (s - 0) / 50
  assert.deepEqual(runScore(pluginOn(PluginNames.InterPodAffinity, snap), snap, pod), { a: 60, b: 100, c: 0 });
  assert.equal(runScore(pluginOn(PluginNames.InterPodAffinity, snap), snap, makePod('q')), 'skip');
});

test('InterPodAffinity: counts follow pods as they come and go between attempts', () => {
  const guard = makePod('guard', { nodeName: 'a', spec: { containers: [{ name: 'c' }], affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', 'kubernetes.io/hostname')] } } } });
  const db = makePod('db', { labels: { app: 'db' }, nodeName: 'b' });
  const snap = Snapshot.from({ nodes: nodes(), pods: [guard, db] });
  const p = pluginOn(PluginNames.InterPodAffinity, snap);
  const web = makePod('w', { labels: { app: 'web' }, spec: { containers: [{ name: 'c' }], affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', 'kubernetes.io/hostname')] } } } });
  assert.deepEqual(runFilter(p, snap, web), {
    a: "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules",
    b: "Unschedulable: node(s) didn't match pod anti-affinity rules",
    c: 'ok',
  });
  snap.removePod(guard);
  snap.removePod(db);
  snap.addPod(makePod('db2', { labels: { app: 'db' }, nodeName: 'c' }));
  assert.deepEqual(runFilter(p, snap, web), { a: 'ok', b: 'ok', c: "Unschedulable: node(s) didn't match pod anti-affinity rules" });
});

test('InterPodAffinity: maintained per-domain counts agree with looking at every pod', () => {
  const many = () => Array.from({ length: 3 }, (_, i) => makeNode(`n${i}`, { labels: { zone: `z${i % 2}` } }));
  const pods = (slowPath: boolean) =>
    Array.from({ length: 30 }, (_, i) => {
      const color = `c${i % 4}`;
      // A namespaceSelector (matching every namespace; all pods are in "default") forces the pod-by-pod path.
      const t = { labelSelector: { matchLabels: { color } }, topologyKey: 'kubernetes.io/hostname', namespaces: ['default'], ...(slowPath ? { namespaceSelector: {} } : {}) };
      const affinity = i % 3 === 0 ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...t, topologyKey: 'zone' }] } } : { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [t] } };
      return makePod(`p${i}`, { labels: { color }, cpu: '100m', spec: { containers: [{ name: 'c' }], affinity } });
    });
  const run = (slowPath: boolean) => {
    const snap = Snapshot.from({ nodes: many() });
    const fw = newFramework({ trace: false });
    const all = pods(slowPath);
    const first = simulate(snap, all.slice(0, 15), { framework: fw, random: () => 0.99 });
    for (const p of first.slice(0, 5)) snap.removePod(p.pod);
    const second = simulate(snap, all.slice(15), { framework: fw, random: () => 0.99 });
    return [...first, ...second].map((p) => p.result.nodeName ?? p.result.message);
  };
  const fast = run(false);
  assert.deepEqual(fast, run(true));
  assert.ok(fast.some((x) => x && x.startsWith('0/3')), 'some pods are rejected by the rules, so the rules were exercised');
});
