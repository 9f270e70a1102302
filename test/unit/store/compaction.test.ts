import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../src/kube/clock';
import { CompactedError, openStore } from '../../../src/emulator/store/index';
import { pod, podKey } from './fixtures/objects';

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
