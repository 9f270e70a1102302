import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../src/kube/clock';
import { CompactedError, openStore } from '../../../src/emulator/store/index';
import { parse, pod, podKey, scratchDir } from './fixtures/objects';

describe('store compaction', () => {
  it('drops history at and below the revision but keeps every current object', async () => {
    const store = await openStore({});
    await store.create(podKey('a'), pod('a', { n: 1 }));
    await store.create(podKey('b'), pod('b'));
    await store.update(podKey('a'), pod('a', { n: 2 }));
    await store.delete(podKey('b'));
    store.compact(4);
    assert.equal(store.compactedRevision, 4);
    assert.deepEqual(
      store.list('/registry/pods/').items.map((v) => v.key),
      [podKey('a')],
    );
    assert.throws(() => store.list('/registry/pods/', { revision: 3 }), CompactedError);
    assert.throws(() => store.watch('/registry/pods/', 3, () => {}), CompactedError);
    store.compact(2); // older than what is compacted: nothing to do
    assert.equal(store.compactedRevision, 4);
    assert.throws(() => store.compact(9), RangeError);
  });

  it('compacts by count, keeping at least historyRevisions revisions', async () => {
    const store = await openStore({ historyRevisions: 50 });
    for (let i = 0; i < 300; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
    assert.ok(store.compactedRevision > 0, 'auto-compaction ran');
    assert.ok(store.revision - store.compactedRevision >= 50, 'the last 50 revisions stay');
    assert.ok(store.revision - store.compactedRevision <= 50 + 6, 'history stays bounded');
    assert.equal(store.list('/registry/pods/').items.length, 300);
    const replay: number[] = [];
    store.watch('/registry/pods/', store.revision - 50, (e) => replay.push(e.revision));
    assert.equal(replay.length, 50);
  });

  it('compacts on the clock like kube-apiserver: each tick to the revision seen at the tick before', async () => {
    const clock = new FakeClock();
    const store = await openStore({ clock, compactionIntervalMs: 5 * 60_000 });
    for (let i = 0; i < 10; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
    clock.advance(5 * 60_000);
    assert.equal(store.compactedRevision, 0, 'the first tick only remembers revision 10');
    for (let i = 10; i < 15; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
    clock.advance(5 * 60_000);
    assert.equal(store.compactedRevision, 10);
    await store.close();
    clock.advance(5 * 60_000);
    assert.equal(store.compactedRevision, 10, 'no compaction after close');
  });
});

describe('store compaction by history size', () => {
  const padding = 'x'.repeat(1000);
  const budget = 10_000; // ~9 superseded values of ~1.1 KB

  it('keeps at most historyBytes of superseded values; older reads and watches are compacted away', async () => {
    const store = await openStore({ historyBytes: budget });
    await store.create(podKey('a'), pod('a', { n: 0, padding }));
    for (let n = 1; n <= 40; n++) await store.update(podKey('a'), pod('a', { n, padding }));
    const window = store.revision - store.compactedRevision;
    assert.ok(store.compactedRevision > 0, 'size-based compaction ran');
    assert.ok(window >= 5 && window <= 9, `history holds ${window} revisions of ~1.1 KB within a ${budget}-byte budget`);
    // As etcd after compaction: the API server turns these into 410 "too old resource version".
    assert.throws(() => store.watch('/registry/pods/', store.compactedRevision - 1, () => {}), CompactedError);
    assert.throws(() => store.list('/registry/pods/', { revision: store.compactedRevision - 1 }), CompactedError);
    // Inside the window a watch replays every revision exactly, with the value it replaced.
    const from = store.compactedRevision;
    const seen: { revision: number; n: number; prev?: number }[] = [];
    store.watch('/registry/pods/', from, (e) =>
      seen.push({ revision: e.revision, n: parse(e.value.json).spec!.n as number, prev: e.prev && (parse(e.prev.json).spec!.n as number) }),
    );
    assert.deepEqual(seen.map((e) => e.revision), Array.from({ length: store.revision - from }, (_, i) => from + 1 + i));
    for (const e of seen) assert.deepEqual([e.n, e.prev], [e.revision - 1, e.revision - 2]);
    assert.equal(parse(store.list('/registry/pods/', { revision: from }).items[0].json).spec!.n, from - 1, 'a list at the oldest kept revision still reads');
  });

  it('counts deleted values but not creates', async () => {
    const store = await openStore({ historyBytes: budget });
    for (let i = 0; i < 50; i++) await store.create(podKey(`p${i}`), pod(`p${i}`, { padding }));
    assert.equal(store.compactedRevision, 0, 'creates supersede nothing');
    for (let i = 0; i < 50; i++) await store.delete(podKey(`p${i}`));
    assert.ok(store.compactedRevision > 50, 'deleted values (kept for watchers) count against the budget');
    assert.equal(store.list('/registry/pods/').items.length, 0);
  });

  it('counts the history restored from disk', async () => {
    const scratch = scratchDir();
    try {
      const options = { dir: scratch.dir, historyBytes: budget, fsync: false };
      let store = await openStore(options);
      await store.create(podKey('a'), pod('a', { n: 0, padding }));
      for (let n = 1; n <= 6; n++) await store.update(podKey('a'), pod('a', { n, padding }));
      assert.equal(store.compactedRevision, 0);
      await store.close();
      store = await openStore(options);
      for (let n = 7; n <= 12; n++) await store.update(podKey('a'), pod('a', { n, padding }));
      const window = store.revision - store.compactedRevision;
      assert.ok(window >= 5 && window <= 9, `after a restart history still fits the budget (${window} revisions)`);
      await store.close();
    } finally {
      scratch.remove();
    }
  });
});
