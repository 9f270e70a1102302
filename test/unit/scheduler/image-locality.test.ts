import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PluginNames } from '../../../src/scheduler';
import { makeNode, makePod, pluginOn, runScore, Snapshot } from './fixtures';

const MB = 1024 * 1024;

test('ImageLocality: image size scaled by spread, between the 23MB and 1000MB thresholds', () => {
  const big = { names: ['registry.example/big:1'], sizeBytes: 500 * MB };
  const snap = Snapshot.from({ nodes: [makeNode('a', { images: [big] }), makeNode('b', { images: [big] }), makeNode('c')] });
  const p = pluginOn(PluginNames.ImageLocality, snap);
  // 500MB * 2/3 nodes = 349525333 bytes -> 100 * (349525333 - 23MB) / (1000MB - 23MB) = 31
  assert.deepEqual(runScore(p, snap, makePod('p', { image: 'registry.example/big:1' })), { a: 31, b: 31, c: 0 });
});

test('ImageLocality: small images stay below the threshold; untagged names mean :latest', () => {
  const snap = Snapshot.from({
    nodes: [makeNode('a', { images: [{ names: ['nginx:latest'], sizeBytes: 2000 * MB }] }), makeNode('b', { images: [{ names: ['tiny:1'], sizeBytes: 10 * MB }] })],
  });
  const p = pluginOn(PluginNames.ImageLocality, snap);
  assert.deepEqual(runScore(p, snap, makePod('p', { image: 'nginx' })), { a: 100, b: 0 }, '2000MB on half the nodes = 1000MB, the maximum');
  assert.deepEqual(runScore(p, snap, makePod('q', { image: 'tiny:1' })), { a: 0, b: 0 });
});
