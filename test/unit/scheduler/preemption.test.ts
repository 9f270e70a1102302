import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodDisruptionBudget } from '../../../src/scheduler';
import { newFramework, scheduleOne } from '../../../src/scheduler';
import { makeNode, makePod, Snapshot } from './fixtures';

const cluster = (pdbs: PodDisruptionBudget[] = []) => {
  const low1 = makePod('low1', { nodeName: 'a', cpu: '1', priority: 0, labels: { app: 'batch' }, startTime: '2026-01-01T00:00:00Z' });
  const low2 = makePod('low2', { nodeName: 'a', cpu: '1', priority: 0, labels: { app: 'protected' }, startTime: '2026-01-01T01:00:00Z' });
  const mid = makePod('mid', { nodeName: 'b', cpu: '2', priority: 5 });
  const snap = Snapshot.from({ nodes: [makeNode('a', { cpu: '2' }), makeNode('b', { cpu: '2' })], pods: [low1, low2, mid], podDisruptionBudgets: pdbs });
  return { snap, low1, low2, mid };
};

test('preemption nominates the node whose victims have the lowest priority, evicting as few pods as possible', () => {
  const { snap } = cluster();
  const { result, trace } = scheduleOne(newFramework(), snap, makePod('high', { cpu: '1', priority: 10 }));
  assert.equal(result.outcome, 'Unschedulable');
  assert.equal(result.nominatedNodeName, 'a');
  assert.deepEqual(result.victims?.map((v) => v.metadata.name), ['low2'], 'the later-started of two equal pods is evicted');
  assert.equal(result.message, '0/2 nodes are available: 2 Insufficient cpu.');
  assert.equal(trace.preemption?.nominatedNodeName, 'a');
  assert.deepEqual(trace.preemption?.victims?.map((v) => v.name), ['low2']);
});

test('preemption spares pods a PodDisruptionBudget protects when it can', () => {
  const pdb: PodDisruptionBudget = { metadata: { name: 'keep', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'protected' } } }, status: { disruptionsAllowed: 0 } };
  const { snap } = cluster([pdb]);
  const { result } = scheduleOne(newFramework(), snap, makePod('high', { cpu: '1', priority: 10 }));
  assert.equal(result.nominatedNodeName, 'a');
  assert.deepEqual(result.victims?.map((v) => v.metadata.name), ['low1']);
});

test('a pod cannot preempt pods of equal or higher priority', () => {
  const { snap } = cluster();
  const { result } = scheduleOne(newFramework(), snap, makePod('peer', { cpu: '1', priority: 0 }));
  assert.equal(result.nominatedNodeName, undefined);
  assert.equal(result.message, '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
});

test('a node where evicting every lower-priority pod is still not enough reports the filter reason', () => {
  const { snap } = cluster();
  const { result } = scheduleOne(newFramework(), snap, makePod('wide', { cpu: '3', priority: 3 }));
  assert.equal(result.message, '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for incoming pod.');
});

test('the nominated pod keeps the room preemption made: lower-priority pods cannot take it', () => {
  const { snap, low2 } = cluster();
  const fw = newFramework();
  const high = makePod('high', { cpu: '1', priority: 10 });
  const first = scheduleOne(fw, snap, high);
  assert.equal(first.result.nominatedNodeName, 'a');
  snap.removePod(low2); // the caller deleted the victim
  const sneaky = scheduleOne(fw, snap, makePod('sneaky', { cpu: '1', priority: 5 }));
  assert.equal(sneaky.result.outcome, 'Unschedulable');
  const retry = scheduleOne(fw, snap, { ...high, status: { ...high.status, nominatedNodeName: 'a' } });
  assert.equal(retry.result.outcome, 'Scheduled');
  assert.equal(retry.result.nodeName, 'a');
});
