// The key index behind LIST and paging: keys in lexical order through inserts and removes
// that split and merge its chunks (a wrong chunk boundary would skip or repeat keys).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyIndex } from '../../../src/emulator/store/key-index';

describe('key index', () => {
  it('agrees with a sorted array through random inserts, removes and scans', () => {
    let seed = 11;
    const random = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const index = new KeyIndex<{ key: string }>();
    const model: string[] = [];
    const keyOf = (i: number) => `/registry/core/pods/ns-${i % 7}/p-${i.toString(36)}`;
    const scan = (from: string, exclusive: boolean, max: number): string[] => {
      const out: string[] = [];
      index.scan(from, exclusive, (item) => {
        out.push(item.key);
        return out.length < max;
      });
      return out;
    };
    for (let op = 0; op < 6000; op++) {
      const key = keyOf(random(3000));
      const at = model.indexOf(key);
      // Mostly inserts at first (chunks split), then as many removes (chunks shrink and merge).
      if (at < 0 && random(100) < (op < 3000 ? 85 : 30)) {
        index.insert({ key });
        model.push(key);
        model.sort();
      } else if (at >= 0) {
        assert.equal(index.remove(key), true);
        model.splice(at, 1);
      } else {
        assert.equal(index.remove(key), false);
      }
      if (op % 97 === 0) {
        const from = keyOf(random(3000));
        const exclusive = random(2) === 0;
        const expected = model.filter((k) => (exclusive ? k > from : k >= from)).slice(0, 50);
        assert.deepEqual(scan(from, exclusive, 50), expected, `scan from ${from} at op ${op}`);
        // From existing keys too, the last one included: chunk boundaries are found by key.
        for (let k = model.length - 1; k >= 0; k -= 37) assert.deepEqual(scan(model[k], false, 3), model.slice(k, k + 3), `scan from ${model[k]} at op ${op}`);
      }
    }
    assert.equal(index.size, model.length);
    assert.deepEqual(index.toArray().map((x) => x.key), model);
    assert.deepEqual(scan('', false, Infinity), model);
  });

  it('loads sorted items and goes on inserting among them', () => {
    const index = new KeyIndex<{ key: string }>();
    const keys = Array.from({ length: 1500 }, (_, i) => `k${String(i * 2).padStart(5, '0')}`);
    index.load(keys.map((key) => ({ key })));
    index.insert({ key: 'k00001' });
    index.insert({ key: 'k02999' });
    index.insert({ key: 'z' });
    assert.throws(() => index.insert({ key: 'k00002' }), /duplicate key/);
    const all = index.toArray().map((x) => x.key);
    assert.deepEqual(all, [...keys, 'k00001', 'k02999', 'z'].sort());
    assert.equal(index.size, 1503);
  });
});
