import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PluginNames } from '../../../src/scheduler';
import { makeNode, makePod, pluginOn, runScore, Snapshot } from './fixtures';

test('NodeResourcesBalancedAllocation: (1 - std of cpu and memory fractions) * 100', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a'), makeNode('b')], pods: [makePod('x', { nodeName: 'b', cpu: '2', memory: '8Gi' })] });
  const p = pluginOn(PluginNames.NodeResourcesBalancedAllocation, snap);
  // a: cpu 1/4, memory 4/32 -> std 0.0625 -> 93; b: cpu 3/4, memory 12/32 -> std 0.1875 -> 81
  assert.deepEqual(runScore(p, snap, makePod('p', { cpu: '1', memory: '4Gi' })), { a: 93, b: 81 });
});

test('NodeResourcesBalancedAllocation skips best-effort pods', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a')] });
  assert.equal(runScore(pluginOn(PluginNames.NodeResourcesBalancedAllocation, snap), snap, makePod('p')), 'skip');
});
