import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SchedulingTrace } from '../../../src/scheduler/index';
import { newFramework, scheduleOne, Snapshot } from '../../../src/scheduler/index';
import { SchedulingTraceRing } from '../../../src/emulator/scheduling/trace-ring';
import { makeNode, makePod } from '../scheduler/fixtures';

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

test('watchers see attempts added and dropped (no retention beyond the ring)', () => {
  const ring = new SchedulingTraceRing(1, undefined, { retainedBytes: 0 });
  const seen: string[] = [];
  const stop = ring.watch((e) => seen.push(`${e.type} ${e.object.metadata.name}`));
  ring.record(trace('a', 1));
  ring.record(trace('b', 1));
  stop();
  ring.record(trace('c', 1));
  assert.deepEqual(seen, ['ADDED a.1', 'DELETED a.1', 'ADDED b.1']);
  assert.ok(Number(ring.resourceVersion()) >= 3);
  assert.equal(ring.get('default', 'a'), undefined);
});

test('a pod whose attempts left the ring is still traceable by name until it is deleted', () => {
  const ring = new SchedulingTraceRing(2);
  const seen: string[] = [];
  ring.watch((e) => seen.push(`${e.type} ${e.object.metadata.name}`));
  ring.record(trace('a', 1));
  ring.record(trace('a', 2, 'Scheduled'));
  for (const p of ['b', 'c', 'd']) ring.record(trace(p, 1, 'Scheduled'));
  assert.deepEqual(seen, ['ADDED a.1', 'ADDED a.2', 'DELETED a.1', 'ADDED b.1', 'ADDED c.1', 'ADDED d.1'], 'a.1 was superseded; a.2 and b.1 are kept as their pods latest');
  assert.equal(ring.size, 4);
  assert.deepEqual(ring.list('default').map((o) => o.metadata.name), ['a.2', 'b.1', 'c.1', 'd.1']);
  assert.equal(ring.get('default', 'a')?.status.outcome, 'Scheduled');
  assert.equal(ring.get('default', 'a.2')?.spec.attempt, 2);
  assert.equal(ring.get('default', 'a.1'), undefined);
  ring.forgetPod('default', 'a', 'uid-a');
  assert.equal(ring.get('default', 'a'), undefined, 'a deleted pod is not kept beyond the ring');
  assert.deepEqual(seen.slice(-1), ['DELETED a.2']);
  ring.forgetPod('default', 'd');
  assert.equal(ring.get('default', 'd')?.spec.attempt, 1, 'attempts in the ring stay until they leave it');
  ring.record(trace('e', 1));
  ring.record(trace('f', 1));
  assert.equal(ring.get('default', 'd'), undefined);
  assert.equal(ring.get('default', 'b')?.spec.attempt, 1);
});

test('kept records beyond the ring stay within the byte budget, oldest pods first out', () => {
  const ring = new SchedulingTraceRing(10, undefined, { retainedBytes: 20_000 });
  for (let i = 0; i < 500; i++) ring.record(trace(`p${i}`, 1));
  assert.ok(ring.retainedBytes <= 20_000 && ring.retainedBytes > 10_000, `${ring.retainedBytes}`);
  assert.equal(ring.get('default', 'p0'), undefined, 'the oldest pod went first');
  assert.ok(ring.get('default', 'p480'), 'recent pods are kept');
  assert.ok(ring.size > 10 && ring.size < 500, `${ring.size}`);
});

test('a served record is the same JSON as the attempt recorded (kubectl get schedulingtrace <pod> -o yaml)', () => {
  const nodes = Array.from({ length: 400 }, (_, i) => makeNode(`n${i}`, { cpu: i % 5 === 0 ? '1' : '4' }));
  const snap = Snapshot.from({ nodes });
  const fw = newFramework();
  const ring = new SchedulingTraceRing(1);
  const recorded: SchedulingTrace[] = [];
  for (const name of ['web', 'api']) {
    const { trace: t } = scheduleOne(fw, snap, makePod(name, { cpu: '2' }), { attempt: 1 });
    recorded.push(JSON.parse(JSON.stringify(t)) as SchedulingTrace);
    ring.record(t);
  }
  const served = JSON.parse(JSON.stringify(ring.get('default', 'web')));
  assert.deepEqual(served, {
    apiVersion: 'emulator.cluster-anatomy.dev/v1',
    kind: 'SchedulingTrace',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: `${recorded[0].pod.uid}-1`,
      resourceVersion: '1',
      creationTimestamp: recorded[0].startTime.replace(/\.\d+Z$/, 'Z'),
      labels: { 'emulator.cluster-anatomy.dev/pod': 'web' },
    },
    spec: { podName: 'web', podUID: recorded[0].pod.uid, attempt: 1, schedulerName: 'default-scheduler' },
    status: recorded[0],
  });
  assert.ok(recorded[0].filterRejections!.length > 0 && recorded[0].scores!.nodes.length > 100);
  assert.equal(JSON.stringify(ring.list(undefined).map((o) => o.status)), JSON.stringify(recorded), 'list serves both: the kept one and the ring one');
});
