import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CycleState, PluginNames, podInfoOf } from '../../../src/scheduler';
import { makeNode, makePod, pluginOn, runFilter, runScore, Snapshot } from './fixtures';

const nodes = () => [
  makeNode('a', { labels: { disk: 'ssd', zone: 'z1', cores: '16' } }),
  makeNode('b', { labels: { zone: 'z2', cores: '4' } }),
  makeNode('c', { labels: { zone: 'z1' } }),
];
const REASON = "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector";

test('NodeAffinity filter: nodeSelector must match every label', () => {
  const snap = Snapshot.from({ nodes: nodes() });
  const p = pluginOn(PluginNames.NodeAffinity, snap);
  assert.deepEqual(runFilter(p, snap, makePod('p', { spec: { containers: [{ name: 'c' }], nodeSelector: { disk: 'ssd' } } })), { a: 'ok', b: REASON, c: REASON });
  assert.deepEqual(runFilter(p, snap, makePod('q')), { a: 'skip', b: 'skip', c: 'skip' });
});

test('NodeAffinity filter: required terms are ORed, expressions within a term ANDed, with Gt and NotIn', () => {
  const snap = Snapshot.from({ nodes: nodes() });
  const p = pluginOn(PluginNames.NodeAffinity, snap);
  const pod = makePod('p', {
    spec: {
      containers: [{ name: 'c' }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] },
              { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }, { key: 'disk', operator: 'NotIn', values: ['ssd'] }] },
            ],
          },
        },
      },
    },
  });
  assert.deepEqual(runFilter(p, snap, pod), { a: 'ok', b: 'ok', c: REASON });
});

test('NodeAffinity: matchFields metadata.name narrows the nodes evaluated', () => {
  const snap = Snapshot.from({ nodes: nodes() });
  const p = pluginOn(PluginNames.NodeAffinity, snap);
  const pod = makePod('p', {
    spec: {
      containers: [{ name: 'c' }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }] } } },
    },
  });
  const r = p.preFilter!(new CycleState(), podInfoOf(pod), snap.nodeInfos());
  assert.deepEqual(r && 'nodeNames' in r ? [...r.nodeNames] : r, ['b']);
  assert.deepEqual(runFilter(p, snap, pod), { a: REASON, b: 'ok', c: REASON });
});

test('NodeAffinity score: preferred terms add their weights, normalized to the best node', () => {
  const snap = Snapshot.from({ nodes: nodes() });
  const p = pluginOn(PluginNames.NodeAffinity, snap);
  const pod = makePod('p', {
    spec: {
      containers: [{ name: 'c' }],
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] } },
            { weight: 5, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } },
          ],
        },
      },
    },
  });
  assert.deepEqual(runScore(p, snap, pod), { a: 100, b: 0, c: 66 });
  assert.equal(runScore(p, snap, makePod('q')), 'skip');
});
