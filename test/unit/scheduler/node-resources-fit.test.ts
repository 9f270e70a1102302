import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PluginNames } from '../../../src/scheduler';
import { makeNode, makePod, pluginOn, runFilter, runScore, Snapshot } from './fixtures';

test('NodeResourcesFit filter: every missing resource is a reason, in kube-scheduler order', () => {
  const snap = Snapshot.from({
    nodes: [makeNode('small', { cpu: '1', memory: '1Gi', pods: 1 }), makeNode('big'), makeNode('gpu', { extended: { 'nvidia.com/gpu': '1' } })],
    pods: [makePod('existing', { nodeName: 'small', cpu: '100m' })],
  });
  const p = pluginOn(PluginNames.NodeResourcesFit, snap);
  const pod = makePod('p', { cpu: '2', memory: '2Gi' });
  assert.deepEqual(runFilter(p, snap, pod), { small: 'Unschedulable: Too many pods, Insufficient cpu, Insufficient memory', big: 'ok', gpu: 'ok' });
  const gpuPod = makePod('g', { cpu: '1', extended: { 'nvidia.com/gpu': '1' } });
  assert.deepEqual(runFilter(p, snap, gpuPod), { small: 'Unschedulable: Too many pods, Insufficient cpu, Insufficient nvidia.com/gpu', big: 'Unschedulable: Insufficient nvidia.com/gpu', gpu: 'ok' });
});

test('NodeResourcesFit filter counts requests of pods already on the node, init containers by their maximum', () => {
  const snap = Snapshot.from({ nodes: [makeNode('n', { cpu: '4' })], pods: [makePod('a', { nodeName: 'n', cpu: '3' })] });
  const p = pluginOn(PluginNames.NodeResourcesFit, snap);
  assert.equal(runFilter(p, snap, makePod('fits', { cpu: '1' })).n, 'ok');
  assert.equal(runFilter(p, snap, makePod('over', { cpu: '1001m' })).n, 'Unschedulable: Insufficient cpu');
  const withInit = makePod('init', { cpu: '500m' });
  withInit.spec.initContainers = [{ name: 'setup', resources: { requests: { cpu: '2' } } }];
  assert.equal(runFilter(p, snap, withInit).n, 'Unschedulable: Insufficient cpu', 'the 2-cpu init container dominates the 500m app container');
});

test('NodeResourcesFit score: LeastAllocated averages free cpu and memory fractions', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a'), makeNode('b')], pods: [makePod('x', { nodeName: 'b', cpu: '2', memory: '8Gi' })] });
  const p = pluginOn(PluginNames.NodeResourcesFit, snap);
  // a: cpu (4-1)/4 = 75, memory (32-4)/32 = 87 -> 81; b: cpu 25, memory 62 -> 43
  assert.deepEqual(runScore(p, snap, makePod('p', { cpu: '1', memory: '4Gi' })), { a: 81, b: 43 });
  // A pod without requests counts as 100m cpu / 200Mi memory when scoring.
  const s = runScore(p, snap, makePod('best-effort')) as Record<string, number>;
  assert.ok(s.a > s.b);
});
