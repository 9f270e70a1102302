import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CycleState, PluginNames, podInfoOf } from '../../../src/scheduler';
import { makeNode, makePod, pluginOn, Snapshot } from './fixtures';

const snap = Snapshot.from({ nodes: [makeNode('a')] });

test('PrioritySort: higher priority first, then the earlier queue timestamp', () => {
  const p = pluginOn(PluginNames.PrioritySort, snap);
  const q = (priority: number, timestamp: number) => ({ pod: makePod('x', { priority }), timestamp, attempts: 0, unschedulablePlugins: new Set<string>() });
  assert.equal(p.less!(q(10, 5), q(0, 1)), true);
  assert.equal(p.less!(q(0, 1), q(10, 5)), false);
  assert.equal(p.less!(q(0, 1), q(0, 2)), true);
});

test('SchedulingGates: gated pods wait with kube-scheduler\'s message', () => {
  const p = pluginOn(PluginNames.SchedulingGates, snap);
  const gated = makePod('g', { spec: { containers: [{ name: 'c' }], schedulingGates: [{ name: 'example.com/a' }, { name: 'example.com/b' }] } });
  const s = p.preEnqueue!(gated);
  assert.equal(s?.code, 'UnschedulableAndUnresolvable');
  assert.equal(s?.message, 'waiting for scheduling gates: [example.com/a example.com/b]');
  assert.equal(p.preEnqueue!(makePod('free')), undefined);
});

test('DefaultBinder: returns the Binding to POST to pods/binding', () => {
  const p = pluginOn(PluginNames.DefaultBinder, snap);
  const pod = makePod('web-1', { namespace: 'shop' });
  const { binding } = p.bind!(new CycleState(), podInfoOf(pod), 'a');
  assert.deepEqual(binding, {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: 'web-1', namespace: 'shop', uid: pod.metadata.uid },
    target: { apiVersion: 'v1', kind: 'Node', name: 'a' },
  });
});
