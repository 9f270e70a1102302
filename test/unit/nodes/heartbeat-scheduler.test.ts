import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, type Clock } from '../../../src/kube/clock';
import { HeartbeatScheduler } from '../../../src/emulator/nodes/heartbeat-scheduler';

test('one timer beats every member once per period, spread evenly over the period', () => {
  const fake = new FakeClock(0);
  let timers = 0;
  const clock: Clock = { now: () => fake.now(), setTimeout: (f, ms) => fake.setTimeout(f, ms), setInterval: (f, ms) => (timers++, fake.setInterval(f, ms)) };
  const scheduler = new HeartbeatScheduler(clock, 10_000);
  const beats = new Map<number, number[]>();
  const members = Array.from({ length: 1000 }, (_, i) => ({ beat: (now: number) => beats.set(i, [...(beats.get(i) ?? []), now]) }));
  scheduler.add(members);
  scheduler.start();
  fake.advance(30_000);
  assert.equal(timers, 1, 'a single interval drives all members');
  for (const [, times] of beats) {
    assert.ok(times.length === 3 || times.length === 4, `${times.length} beats in 30 s`);
    for (let i = 1; i < times.length; i++) assert.ok(Math.abs(times[i] - times[i - 1] - 10_000) <= 250);
  }
  // Spread: in any one second about a tenth of the members beat.
  const inSecondSecond = [...beats.values()].filter((t) => t[0] >= 1000 && t[0] < 2000).length;
  assert.ok(inSecondSecond > 80 && inSecondSecond < 120, `${inSecondSecond} members beat in one second`);
  scheduler.remove(members[0]);
  const before = beats.get(0)!.length;
  fake.advance(20_000);
  assert.equal(beats.get(0)!.length, before, 'a removed member no longer beats');
  scheduler.stop();
});
