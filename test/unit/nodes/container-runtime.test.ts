// A node's container runtime: pulls queue per node, pods asking for an image being pulled
// join that pull (one timer for all of them), and container ids are unique 64-hex-digit ids.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../../src/kube/clock';
import { ContainerRuntime, type PullResult } from '../../../src/emulator/nodes/container-runtime';

test('pods asking for an image while it is pulled join that pull and each report their own wait', () => {
  const clock = new FakeClock();
  const rt = new ContainerRuntime(clock);
  const done: { who: string; at: number; r: PullResult }[] = [];
  const pull = (who: string) => rt.pull('nginx:1.29', (r) => done.push({ who, at: clock.now(), r }));
  const t0 = clock.now();
  pull('a');
  clock.advance(500);
  pull('b');
  const gaveUp = pull('c');
  gaveUp.cancel();
  clock.advance(10_000);
  assert.deepEqual(done.map((d) => d.who), ['a', 'b'], 'the cancelled pod is not called');
  const [a, b] = done;
  assert.equal(a.at, b.at, 'one pull ends for both');
  const pullMs = ContainerRuntime.pullDurationMs(a.r.info);
  assert.equal(a.at - t0, pullMs);
  assert.deepEqual([a.r.pullMs, a.r.totalMs], [pullMs, pullMs]);
  assert.deepEqual([b.r.pullMs, b.r.totalMs], [pullMs - 500, pullMs - 500]);
  assert.equal(rt.hasImage('docker.io/library/nginx:1.29'), true);
});

test('pulls of different images queue one after another; a pull every pod gave up on leaves no image', () => {
  const clock = new FakeClock();
  const rt = new ContainerRuntime(clock);
  const ends: Record<string, number> = {};
  const t0 = clock.now();
  rt.pull('busybox', () => (ends.busybox = clock.now() - t0));
  rt.pull('redis:7', () => (ends.redis = clock.now() - t0));
  rt.pull('alpine', () => assert.fail('cancelled')).cancel();
  clock.advance(60_000);
  const busybox = ContainerRuntime.pullDurationMs({ ref: '', digestRef: '', sizeBytes: 2_155_103 });
  assert.equal(ends.busybox, busybox);
  assert.equal(ends.redis, busybox + ContainerRuntime.pullDurationMs({ ref: '', digestRef: '', sizeBytes: 45_183_102 }));
  assert.equal(rt.hasImage('alpine'), false);
  assert.deepEqual(rt.listImages().map((i) => i.ref), ['docker.io/library/redis:7', 'docker.io/library/busybox:latest']);
});

test('a stopped runtime ends no pull', () => {
  const clock = new FakeClock();
  const rt = new ContainerRuntime(clock);
  rt.pull('nginx', () => assert.fail('stopped'));
  rt.stop();
  clock.advance(60_000);
  assert.equal(rt.hasImage('nginx'), false);
});

test('container ids are containerd ids of 64 hex digits, all different', () => {
  const rt = new ContainerRuntime(new FakeClock());
  const ids = Array.from({ length: 1000 }, () => rt.newContainerId());
  for (const id of ids) assert.match(id, /^containerd:\/\/[0-9a-f]{64}$/);
  assert.equal(new Set(ids).size, ids.length);
});
