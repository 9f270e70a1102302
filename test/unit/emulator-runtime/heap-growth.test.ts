import assert from 'node:assert/strict';
import { test } from 'node:test';
import { growthPercentFor, limitHeapGrowthToBudget, RecentMinimum } from '../../../src/emulator/heap-growth';

const MIB = 1024 ** 2;

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('growth: V8 decides while 4x the live heap fits the budget; then what fits, in steps of 5 %, never under the floor', () => {
  const budget = 1000 * MIB;
  assert.equal(growthPercentFor(100 * MIB, budget), 0);
  assert.equal(growthPercentFor(250 * MIB, budget), 0, '250 x 4 = 1000: still fits');
  assert.equal(growthPercentFor(300 * MIB, budget), 230, '(1000 - 300) / 300 = 233 %, rounded down');
  assert.equal(growthPercentFor(600 * MIB, budget), 65);
  assert.equal(growthPercentFor(700 * MIB, budget), 40);
  assert.equal(growthPercentFor(900 * MIB, budget), 20, '11 % would fit: the floor');
  assert.equal(growthPercentFor(2000 * MIB, budget), 20, 'past the budget: the floor');
  assert.equal(growthPercentFor(900 * MIB, budget, 5), 10);
  assert.equal(growthPercentFor(400 * MIB, budget, 20, 100), 0, 'a lower ceiling hands back to V8 sooner');
});

test('the live size is the least of the recent samples (used bytes fall to it at each full GC)', () => {
  const m = new RecentMinimum(3);
  assert.equal(m.add(500), 500);
  assert.equal(m.add(900), 500);
  assert.equal(m.add(700), 500);
  assert.equal(m.add(800), 700, 'the 500 left the window');
  assert.equal(m.add(100), 100);
});

test('the setting follows the heaps: set once per change, back to V8 (0) when they shrink, logged on the way', async () => {
  let used = 100 * MIB;
  const flags: string[] = [];
  const logs: string[] = [];
  const stop = limitHeapGrowthToBudget({ budgetBytes: 1000 * MIB, windowSamples: 1, intervalMs: 5, usedHeapBytes: () => used, setV8Flags: (f) => flags.push(f), log: (m) => logs.push(m) });
  await new Promise((r) => setTimeout(r, 40));
  assert.deepEqual(flags, [], 'small heaps: nothing set');
  used = 600 * MIB;
  await until(() => flags.length === 1);
  await new Promise((r) => setTimeout(r, 40));
  assert.deepEqual(flags, ['--heap-growing-percent=65'], 'the same estimate sets nothing again');
  assert.match(logs[0], /~600 MiB live \(budget 1000 MiB\): they now grow by 65 %/);
  used = 620 * MIB;
  await until(() => flags.length === 2);
  assert.equal(flags[1], '--heap-growing-percent=60');
  assert.equal(logs.length, 1, 'a move of 5 points is set but not logged');
  used = 100 * MIB;
  await until(() => flags.length === 3);
  assert.equal(flags[2], '--heap-growing-percent=0');
  assert.match(logs[1], /V8 sizes their growth again/);
  stop();
  const before = flags.length;
  used = 900 * MIB;
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(flags.length, before, 'stopped: nothing more is set');
});

test('heaps already large at start are limited at once', () => {
  const flags: string[] = [];
  limitHeapGrowthToBudget({ budgetBytes: 1000 * MIB, usedHeapBytes: () => 700 * MIB, setV8Flags: (f) => flags.push(f), log: () => undefined })();
  assert.deepEqual(flags, ['--heap-growing-percent=40']);
});
