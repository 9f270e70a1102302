import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../src/kube/clock';
import { WorkQueue } from '../../../src/emulator/controllers/work-queue';

test('a key added many times while queued is synced once; a re-add during its sync runs it again after', async () => {
  const clock = new FakeClock();
  const runs: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const q = new WorkQueue(
    async (key) => {
      runs.push(key);
      if (runs.length === 1) await gate;
    },
    { clock, workers: 1 },
  );
  q.add('a');
  q.add('a'); // a is being processed: marked dirty
  q.add('b');
  q.add('b'); // b is queued: deduplicated
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(runs, ['a'], 'one worker: b waits, a never runs twice at once');
  release();
  await q.whenIdle();
  assert.deepEqual(runs, ['a', 'b', 'a'], 'b once; a once more for the add during its sync');
  q.stop();
});

test('failures retry with per-key exponential backoff on the clock, and success forgets the count', async () => {
  const clock = new FakeClock();
  let attempts = 0;
  const q = new WorkQueue(
    async () => {
      attempts++;
      if (attempts < 4) throw new Error('boom');
    },
    { clock, baseDelayMs: 100 },
  );
  q.add('k');
  await q.whenIdle();
  assert.equal(attempts, 1);
  clock.advance(99);
  await q.whenIdle();
  assert.equal(attempts, 1, 'not before 100 ms');
  clock.advance(1);
  await q.whenIdle();
  assert.equal(attempts, 2);
  clock.advance(199);
  await q.whenIdle();
  assert.equal(attempts, 2, 'second retry waits 200 ms');
  clock.advance(1);
  await q.whenIdle();
  clock.advance(400);
  await q.whenIdle();
  assert.equal(attempts, 4);
  assert.equal(q.retries('k'), 0, 'success resets the backoff');
  q.stop();
});
