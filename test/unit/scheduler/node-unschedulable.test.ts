import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PluginNames } from '../../../src/scheduler';
import { makeNode, makePod, pluginOn, runFilter, Snapshot } from './fixtures';

test('NodeUnschedulable: cordoned nodes reject pods unless they tolerate the unschedulable taint', () => {
  const snap = Snapshot.from({ nodes: [makeNode('cordoned', { unschedulable: true }), makeNode('open')] });
  const p = pluginOn(PluginNames.NodeUnschedulable, snap);
  assert.deepEqual(runFilter(p, snap, makePod('p')), { cordoned: 'UnschedulableAndUnresolvable: node(s) were unschedulable', open: 'ok' });
  const tolerant = makePod('t', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
  assert.deepEqual(runFilter(p, snap, tolerant), { cordoned: 'ok', open: 'ok' });
});
