import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PersistentVolumeClaim, Pod } from '../../../src/scheduler';
import { fitErrorMessage, newFramework, scheduleOne, Status } from '../../../src/scheduler';
import { makeNode, makePod, seedNodes, Snapshot } from './fixtures';

test('an impossible request on the seed cluster gives kube-scheduler\'s FailedScheduling message', () => {
  const snap = Snapshot.from({ nodes: seedNodes({ cpu: '2' }) });
  const { result } = scheduleOne(newFramework(), snap, makePod('huge', { cpu: '3' }));
  assert.equal(result.outcome, 'Unschedulable');
  assert.equal(
    result.message,
    '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
      'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
  );
  assert.deepEqual(result.unschedulablePlugins.sort(), ['NodeResourcesFit', 'TaintToleration']);
});

test('reasons are counted per node and sorted as strings, several reasons per node each count', () => {
  const statuses = new Map([
    ['a', Status.unschedulable('Insufficient cpu', 'Insufficient memory')],
    ['b', Status.unschedulable('Insufficient cpu')],
    ['c', Status.unresolvable("node(s) didn't match Pod's node affinity/selector")],
  ]);
  assert.equal(fitErrorMessage({ numAllNodes: 3, statuses }), "0/3 nodes are available: 1 Insufficient memory, 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu.");
});

test('a PreFilter rejection replaces the per-node reasons, and preemption cannot help', () => {
  const pvc: PersistentVolumeClaim = { metadata: { name: 'data', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'] } };
  const snap = Snapshot.from({ nodes: [makeNode('a'), makeNode('b')], persistentVolumeClaims: [pvc] });
  const pod: Pod = makePod('p');
  pod.spec.volumes = [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }];
  const { result } = scheduleOne(newFramework(), snap, pod);
  assert.equal(result.message, '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
});

test('preemptionPolicy Never says so after the filter reasons', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a', { cpu: '1' })] });
  const pod = makePod('p', { cpu: '2', spec: { containers: [{ name: 'c', resources: { requests: { cpu: '2' } } }], preemptionPolicy: 'Never' } });
  assert.equal(scheduleOne(newFramework(), snap, pod).result.message, '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
});

test('an empty cluster says no nodes are available', () => {
  const { result } = scheduleOne(newFramework(), Snapshot.from({}), makePod('p'));
  assert.equal(result.outcome, 'Unschedulable');
  assert.equal(result.message, 'no nodes available to schedule pods');
});
