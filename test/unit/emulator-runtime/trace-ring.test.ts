import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SchedulingTrace } from '../../../src/scheduler/index';
import { SchedulingTraceRing } from '../../../src/emulator/scheduling/trace-ring';

const trace = (pod: string, attempt: number, outcome: SchedulingTrace['outcome'] = 'Unschedulable'): SchedulingTrace => ({
  pod: { namespace: 'default', name: pod, uid: `uid-${pod}` },
  schedulerName: 'default-scheduler',
  attempt,
  startTime: '2026-01-01T12:00:00.000Z',
  durationMs: 1,
  outcome,
  detailed: true,
});

test('the ring keeps the last N attempts, serves the latest by pod name and each by <pod>.<attempt>', () => {
  const ring = new SchedulingTraceRing(3);
  ring.record(trace('a', 1));
  ring.record(trace('a', 2));
  ring.record(trace('b', 1, 'Scheduled'));
  ring.record(trace('a', 3, 'Scheduled'));
  assert.equal(ring.size, 3);
  assert.deepEqual(ring.list(undefined).map((o) => o.metadata.name), ['a.2', 'b.1', 'a.3']);
  assert.equal(ring.get('default', 'a.1'), undefined, 'the oldest attempt was dropped');
  const latest = ring.get('default', 'a')!;
  assert.equal(latest.metadata.name, 'a');
  assert.equal(latest.spec.attempt, 3);
  assert.equal(latest.status.outcome, 'Scheduled');
  assert.equal(ring.get('other', 'a'), undefined);
  assert.deepEqual(ring.list('other'), []);
});

test('watchers see attempts added and dropped', () => {
  const ring = new SchedulingTraceRing(1);
  const seen: string[] = [];
  const stop = ring.watch((e) => seen.push(`${e.type} ${e.object.metadata.name}`));
  ring.record(trace('a', 1));
  ring.record(trace('b', 1));
  stop();
  ring.record(trace('c', 1));
  assert.deepEqual(seen, ['ADDED a.1', 'DELETED a.1', 'ADDED b.1']);
  assert.ok(Number(ring.resourceVersion()) >= 3);
});
