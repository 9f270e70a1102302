import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortSmall } from '../../../src/emulator/apiserver/patch/sort-small';

/** Strings of path-element shape with repeats, so ties and every position are exercised. */
function randomList(n: number, seed: number): string[] {
  let x = seed;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const kinds = ['f:', 'k:', 'v:', 'i:'];
  return Array.from({ length: n }, () => `${kinds[next() % 4]}${String.fromCharCode(97 + (next() % 6))}${next() % 12}`);
}

test('sorts like Array.prototype.sort, by code units and with a comparator, short lists and long ones', () => {
  const byLength = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  for (let n = 0; n <= 40; n++) {
    for (let seed = 1; seed <= 20; seed++) {
      const list = randomList(n, seed * 7919 + n);
      assert.deepEqual(sortSmall(list.slice()), list.slice().sort(), `default order, ${n} elements, seed ${seed}`);
      assert.deepEqual(sortSmall(list.slice(), byLength), list.slice().sort(byLength), `comparator, ${n} elements, seed ${seed}`);
    }
  }
});

test('sorts in place and returns the same array', () => {
  const list = ['f:b', 'f:a', 'k:{"name":"x"}'];
  assert.equal(sortSmall(list), list);
  assert.deepEqual(list, ['f:a', 'f:b', 'k:{"name":"x"}']);
});
