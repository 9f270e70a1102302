import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../../src/kube/clock';
import { newFramework, SchedulingQueue } from '../../../src/scheduler';
import { makePod } from './fixtures';

const setup = () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const fw = newFramework();
  const q = SchedulingQueue.forFramework(fw, clock);
  return { clock, q };
};

test('activeQ pops by priority, then by arrival', () => {
  const { clock, q } = setup();
  q.add(makePod('low', { priority: 0 }));
  clock.advance(1);
  q.add(makePod('high', { priority: 100 }));
  clock.advance(1);
  q.add(makePod('low-later', { priority: 0 }));
  assert.deepEqual([q.pop(), q.pop(), q.pop()].map((x) => x?.pod.metadata.name), ['high', 'low', 'low-later']);
  assert.equal(q.pop(), undefined);
});

test('backoff doubles from 1s per attempt up to 10s', () => {
  const { q } = setup();
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((a) => q.backoffDuration(a)), [1000, 2000, 4000, 8000, 10000, 10000]);
});

test('an unschedulable pod waits for an event its rejecting plugin registered, then backs off', () => {
  const { clock, q } = setup();
  q.add(makePod('p', { cpu: '8' }));
  const qpi = q.pop()!;
  q.addUnschedulable(qpi, ['NodeResourcesFit']);
  assert.equal(q.whereIs(qpi.pod), 'unschedulable');
  assert.equal(q.moveAllToActiveOrBackoff({ resource: 'Node', action: 'UpdateNodeLabel' }), 0, 'a label change cannot give the pod more cpu');
  assert.equal(q.whereIs(qpi.pod), 'unschedulable');
  assert.equal(q.moveAllToActiveOrBackoff({ resource: 'Pod', action: 'Delete' }), 1);
  assert.equal(q.whereIs(qpi.pod), 'backoff', 'still within its 1s backoff');
  assert.equal(q.pop(), undefined);
  clock.advance(1000);
  assert.equal(q.pop()?.pod.metadata.name, 'p');
});

test('an event during the attempt sends the pod to backoff instead of waiting', () => {
  const { clock, q } = setup();
  q.add(makePod('p'));
  const qpi = q.pop()!;
  q.moveAllToActiveOrBackoff({ resource: 'Node', action: 'Add' });
  q.addUnschedulable(qpi, ['TaintToleration']);
  assert.equal(q.whereIs(qpi.pod), 'backoff');
  clock.advance(999);
  assert.equal(q.pop(), undefined);
  clock.advance(1);
  assert.equal(q.pop()?.attempts, 2);
});

test('unschedulable pods are retried after 5 minutes without any event', () => {
  const { clock, q } = setup();
  const timer = q.run();
  q.add(makePod('p'));
  const qpi = q.pop()!;
  q.addUnschedulable(qpi, ['NodeAffinity']);
  clock.advance(4 * 60_000);
  assert.equal(q.whereIs(qpi.pod), 'unschedulable');
  clock.advance(90_000);
  assert.equal(q.whereIs(qpi.pod), 'active');
  timer.cancel();
});

test('gated pods stay out of activeQ until their gates are removed', () => {
  const { q } = setup();
  const gated = makePod('g', { spec: { containers: [{ name: 'c' }], schedulingGates: [{ name: 'example.com/wait' }] } });
  q.add(gated);
  assert.equal(q.whereIs(gated), 'gated');
  assert.equal(q.pop(), undefined);
  q.moveAllToActiveOrBackoff({ resource: 'Node', action: 'Add' });
  assert.equal(q.whereIs(gated), 'gated');
  q.update({ ...gated, spec: { ...gated.spec, schedulingGates: [] } });
  assert.equal(q.pop()?.pod.metadata.name, 'g');
});

test('a pod deleted while queued or during its attempt is gone', () => {
  const { q } = setup();
  const a = makePod('a');
  const b = makePod('b');
  q.add(a);
  q.add(b);
  q.delete(a);
  const qpi = q.pop()!;
  assert.equal(qpi.pod.metadata.name, 'b');
  q.delete(b);
  q.addUnschedulable(qpi, ['NodeAffinity']);
  assert.equal(q.whereIs(b), undefined);
  assert.deepEqual(q.pending(), { active: 0, backoff: 0, unschedulable: 0, gated: 0 });
});

test("a status-only update (the scheduler's own PodScheduled condition) does not requeue an unschedulable pod", () => {
  const { q } = setup();
  const pod = makePod('p');
  q.add(pod);
  const qpi = q.pop()!;
  q.addUnschedulable(qpi, ['NodeAffinity']);
  q.update({ ...pod, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } });
  assert.equal(q.whereIs(pod), 'unschedulable');
  q.update({ ...pod, spec: { ...pod.spec, nodeSelector: { disk: 'ssd' } } });
  assert.equal(q.whereIs(pod), 'backoff', 'a spec change requeues it, after its backoff');
});

test('adding a pod the queue already holds (a relist) keeps it where it is', () => {
  const { q } = setup();
  const pod = makePod('p');
  q.add(pod);
  const qpi = q.pop()!;
  q.addUnschedulable(qpi, ['NodeAffinity']);
  q.add(pod);
  assert.equal(q.whereIs(pod), 'unschedulable');
});
