import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PluginNames } from '../../../src/scheduler';
import { CONTROL_PLANE_TAINT, makeNode, makePod, pluginOn, runFilter, runScore, Snapshot } from './fixtures';

test('TaintToleration filter: an untolerated NoSchedule taint names key and value', () => {
  const snap = Snapshot.from({
    nodes: [makeNode('cp', { taints: [CONTROL_PLANE_TAINT] }), makeNode('gpu', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] }), makeNode('w')],
  });
  const p = pluginOn(PluginNames.TaintToleration, snap);
  assert.deepEqual(runFilter(p, snap, makePod('p')), {
    cp: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    gpu: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}',
    w: 'ok',
  });
  const tolerant = makePod('t', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }, { key: 'dedicated', value: 'gpu' }] });
  assert.deepEqual(runFilter(p, snap, tolerant), { cp: 'ok', gpu: 'ok', w: 'ok' });
  const wrongValue = makePod('x', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'cpu' }] });
  assert.match(runFilter(p, snap, wrongValue).gpu, /untolerated taint \{dedicated: gpu\}/);
});

test('TaintToleration filter ignores PreferNoSchedule taints', () => {
  const snap = Snapshot.from({ nodes: [makeNode('soft', { taints: [{ key: 'k', value: 'v', effect: 'PreferNoSchedule' }] })] });
  assert.deepEqual(runFilter(pluginOn(PluginNames.TaintToleration, snap), snap, makePod('p')), { soft: 'ok' });
});

test('TaintToleration score: more untolerated PreferNoSchedule taints score lower (reversed)', () => {
  const soft = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'v', effect: 'PreferNoSchedule' }));
  const snap = Snapshot.from({ nodes: [makeNode('none'), makeNode('one', { taints: soft(1) }), makeNode('two', { taints: soft(2) })] });
  const p = pluginOn(PluginNames.TaintToleration, snap);
  assert.deepEqual(runScore(p, snap, makePod('p')), { none: 100, one: 50, two: 0 });
  const tolerant = makePod('t', { tolerations: [{ key: 'k0', operator: 'Exists', effect: 'PreferNoSchedule' }] });
  assert.deepEqual(runScore(p, snap, tolerant), { none: 100, one: 100, two: 0 });
});
