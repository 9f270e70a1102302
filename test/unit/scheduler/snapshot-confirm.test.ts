import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../../src/scheduler';
import { newFramework, podRequests, scheduleOne } from '../../../src/scheduler';
import { makeNode, makePod, Snapshot } from './fixtures';

/** The pod as the informer delivers it after the binding: a new object with spec.nodeName. */
const bound = (p: Pod, node: string): Pod => JSON.parse(JSON.stringify({ ...p, spec: { ...p.spec, nodeName: node } })) as Pod;

test('the API confirming an assumed pod keeps the node totals and serves the new pod object', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a', { cpu: '2' })] });
  const p = makePod('web', { cpu: '500m', memory: '1Gi', labels: { app: 'web' } });
  const { result } = scheduleOne(newFramework(), snap, p);
  assert.equal(result.nodeName, 'a');
  const a = snap.get('a')!;
  assert.equal(snap.isAssumed(p), true);
  const confirmed = bound(p, 'a');
  snap.updatePod(confirmed);
  assert.equal(snap.isAssumed(p), false, 'no longer assumed: a failed binding cannot forget it');
  assert.deepEqual([a.requested.milliCPU, a.requested.memory, a.pods.length], [500, 2 ** 30, 1]);
  assert.equal(a.pods[0].pod, confirmed);
  assert.equal([...snap.pods()][0].pod, confirmed);
  snap.removePod(confirmed);
  assert.deepEqual([a.requested.milliCPU, a.pods.length], [0, 0]);
  // The next pod sees the freed node.
  assert.equal(scheduleOne(newFramework(), snap, makePod('big', { cpu: '2' })).result.nodeName, 'a');
});

test('a confirmed pod whose requests or labels changed meanwhile is counted as it now is', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a')] });
  const p = makePod('web', { cpu: '500m', labels: { app: 'web' } });
  snap.assume(p, 'a');
  const changed = bound(p, 'a');
  changed.spec.containers[0].resources = { requests: { cpu: '1500m' } };
  changed.metadata.labels = { app: 'api' };
  snap.updatePod(changed);
  const a = snap.get('a')!;
  assert.equal(a.requested.milliCPU, 1500);
  assert.deepEqual(a.pods.map((x) => x.pod.metadata.labels), [{ app: 'api' }]);
});

test('requests are the same whichever pod parses a quantity first; invalid quantities count as zero', () => {
  const pod = (cpu: string, memory: string) => makePod('p', { cpu, memory });
  assert.deepEqual([podRequests(pod('250m', '64Mi')).milliCPU, podRequests(pod('250m', '64Mi')).memory], [250, 64 * 2 ** 20]);
  assert.deepEqual([podRequests(pod('0.25', '67108864')).milliCPU, podRequests(pod('0.25', '67108864')).memory], [250, 64 * 2 ** 20]);
  assert.equal(podRequests(pod('1', '1')).milliCPU, 1000, 'cpu "1" is 1000m while memory "1" is one byte');
  assert.equal(podRequests(pod('1', '1')).memory, 1);
  assert.equal(podRequests(pod('bogus', '1Gi')).milliCPU, 0);
  assert.equal(podRequests(pod('bogus', '1Gi')).memory, 2 ** 30);
});

test('a status-only update of a placed pod: the snapshot holds the newest object, counts unchanged', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a', { cpu: '2' })] });
  const p = makePod('web', { cpu: '500m', labels: { app: 'web' } });
  snap.assume(p, 'a');
  const confirmed = bound(p, 'a');
  snap.updatePod(confirmed);
  const running = JSON.parse(JSON.stringify({ ...confirmed, status: { phase: 'Running' } })) as Pod;
  snap.refreshPod(running);
  const a = snap.get('a')!;
  assert.equal(a.pods[0].pod, running, 'the bind-time object is no longer held');
  assert.equal([...snap.pods()][0].pod, running);
  assert.deepEqual([a.requested.milliCPU, a.pods.length], [500, 1]);
  // A pod the snapshot does not hold, or holds as assumed, is left alone.
  snap.refreshPod(bound(makePod('other', { cpu: '1' }), 'a'));
  assert.equal(a.pods.length, 1);
  const q = makePod('q', { cpu: '100m' });
  snap.assume(q, 'a');
  snap.refreshPod(bound(q, 'a'));
  assert.equal(snap.isAssumed(q), true);
  snap.removePod(running);
  assert.deepEqual([a.requested.milliCPU, a.pods.length], [100, 1]);
});
