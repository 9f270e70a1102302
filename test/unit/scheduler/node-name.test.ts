import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PluginNames } from '../../../src/scheduler';
import { makeNode, makePod, pluginOn, runFilter, Snapshot } from './fixtures';

test('NodeName: a pod naming a node fits only that node, with kube-scheduler\'s reason', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a'), makeNode('b')] });
  const p = pluginOn(PluginNames.NodeName, snap);
  const pod = makePod('p', { spec: { containers: [{ name: 'c' }], nodeName: 'b' } });
  assert.deepEqual(runFilter(p, snap, pod), { a: "UnschedulableAndUnresolvable: node(s) didn't match the requested node name", b: 'ok' });
  assert.deepEqual(runFilter(p, snap, makePod('q')), { a: 'ok', b: 'ok' });
});
