import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newFramework, numFeasibleNodesToFind, scheduleOne } from '../../../src/scheduler';
import { makeNode, makePod, Snapshot } from './fixtures';

test('percentageOfNodesToScore is adaptive like kube-scheduler: 50 - nodes/125, at least 5% and 100 nodes', () => {
  assert.deepEqual(numFeasibleNodesToFind(undefined, 50), { numNodes: 50, percentage: 50 });
  assert.deepEqual(numFeasibleNodesToFind(undefined, 1000), { numNodes: 420, percentage: 42 });
  assert.deepEqual(numFeasibleNodesToFind(undefined, 5000), { numNodes: 500, percentage: 10 });
  assert.deepEqual(numFeasibleNodesToFind(undefined, 100_000), { numNodes: 5000, percentage: 5 });
  assert.deepEqual(numFeasibleNodesToFind(1, 1000), { numNodes: 100, percentage: 1 }, 'never fewer than 100 nodes');
  assert.deepEqual(numFeasibleNodesToFind(100, 1000), { numNodes: 1000, percentage: 100 });
});

test('sampling stops after enough feasible nodes and the next attempt starts where it stopped', () => {
  const nodes = Array.from({ length: 1000 }, (_, i) => makeNode(`n${i}`));
  const snap = Snapshot.from({ nodes });
  const fw = newFramework();
  const first = scheduleOne(fw, snap, makePod('p1', { cpu: '100m' }), { assume: false }).trace;
  assert.deepEqual(first.sampling, { numAllNodes: 1000, percentageOfNodesToScore: 42, numNodesToFind: 420, startIndex: 0, numEvaluated: 420, numNotEvaluated: 580 });
  assert.equal(first.evaluatedNodes?.length, 420);
  assert.equal(first.scores?.nodes.length, 420);
  const second = scheduleOne(fw, snap, makePod('p2', { cpu: '100m' }), { assume: false }).trace;
  assert.equal(second.sampling?.startIndex, 420);
  assert.equal(second.evaluatedNodes?.[0], 'n420');
});

test('a configured percentageOfNodesToScore of 100 evaluates every node', () => {
  const snap = Snapshot.from({ nodes: Array.from({ length: 300 }, (_, i) => makeNode(`n${i}`)) });
  const { trace } = scheduleOne(newFramework({ percentageOfNodesToScore: 100 }), snap, makePod('p'));
  assert.equal(trace.sampling?.numEvaluated, 300);
  assert.equal(trace.sampling?.numNotEvaluated, 0);
});

test('when no node fits, every node is evaluated whatever the sample size', () => {
  const snap = Snapshot.from({ nodes: Array.from({ length: 300 }, (_, i) => makeNode(`n${i}`, { cpu: '1' })) });
  const { result, trace } = scheduleOne(newFramework(), snap, makePod('p', { cpu: '2' }));
  assert.equal(trace.sampling?.numEvaluated, 300);
  assert.match(result.message ?? '', /^0\/300 nodes are available: 300 Insufficient cpu\./);
});
