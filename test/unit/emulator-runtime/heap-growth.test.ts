import assert from 'node:assert/strict';
import { test } from 'node:test';
import { limitHeapGrowthWhenLarge } from '../../../src/emulator/heap-growth';

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('heap growth is limited once, when the used heap passes the threshold, and not before', async () => {
  let used = 100;
  const flags: string[] = [];
  const logs: string[] = [];
  const stop = limitHeapGrowthWhenLarge({ thresholdBytes: 1000, growthPercent: 35, intervalMs: 5, usedHeapBytes: () => used, setV8Flags: (f) => flags.push(f), log: (m) => logs.push(m) });
  await new Promise((r) => setTimeout(r, 40));
  assert.deepEqual(flags, []);
  used = 1500;
  await until(() => flags.length > 0);
  await new Promise((r) => setTimeout(r, 40));
  assert.deepEqual(flags, ['--heap-growing-percent=35']);
  assert.match(logs[0], /grows by 35 %/);
  stop();
});

test('a heap already past the threshold is limited at once; stopping before it grows sets nothing', () => {
  const flags: string[] = [];
  limitHeapGrowthWhenLarge({ thresholdBytes: 10, usedHeapBytes: () => 20, setV8Flags: (f) => flags.push(f), log: () => undefined })();
  assert.deepEqual(flags, ['--heap-growing-percent=35']);
  const none: string[] = [];
  limitHeapGrowthWhenLarge({ thresholdBytes: 10, intervalMs: 1, usedHeapBytes: () => 5, setV8Flags: (f) => none.push(f), log: () => undefined })();
  assert.deepEqual(none, []);
});
