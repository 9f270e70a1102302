import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompactedError, openStore, type StoredValue } from '../../../src/emulator/store/index';
import { parse, pod, podKey } from './fixtures/objects';

const names = (items: StoredValue[]) => items.map((v) => parse(v.json).metadata.name);

describe('store list', () => {
  it('lists the keys under a prefix in lexical order, and only those', async () => {
    const store = await openStore({});
    for (const n of ['web-2', 'web-10', 'api', 'web-1']) await store.create(podKey(n), pod(n));
    await store.create(podKey('other', 'kube-system'), pod('other'));
    await store.create('/registry/podtemplates/default/x', pod('x'));
    assert.deepEqual(names(store.list('/registry/pods/default/').items), ['api', 'web-1', 'web-10', 'web-2']);
    assert.deepEqual(names(store.list('/registry/pods/').items), ['api', 'web-1', 'web-10', 'web-2', 'other']);
    assert.equal(store.list('/registry/pods/nope/').items.length, 0);
    assert.equal(store.list('/registry/pods/').revision, 6);
  });

  it('pages with startAfter and limit, consistent at the first page revision while writes go on', async () => {
    const store = await openStore({});
    for (let i = 0; i < 25; i++) await store.create(podKey(`p${String(i).padStart(2, '0')}`), pod(`p${i}`));
    const first = store.list('/registry/pods/', { limit: 10 });
    assert.equal(first.items.length, 10);
    assert.equal(first.more, true);
    // Changes after the first page must not show in later pages of the same list.
    await store.create(podKey('p05x'), pod('new'));
    await store.delete(podKey('p15'));
    await store.update(podKey('p20'), pod('p20', { changed: true }));
    const seen = [...first.items];
    let page = first;
    while (page.more) {
      page = store.list('/registry/pods/', { revision: first.revision, startAfter: page.items[page.items.length - 1].key, limit: 10 });
      assert.equal(page.revision, first.revision);
      seen.push(...page.items);
    }
    assert.equal(seen.length, 25);
    assert.deepEqual(
      seen.map((v) => v.key),
      Array.from({ length: 25 }, (_, i) => podKey(`p${String(i).padStart(2, '0')}`)),
    );
    assert.equal(seen.find((v) => v.key === podKey('p20'))?.modRevision, 21, 'the old version of p20');
    const now = store.list('/registry/pods/');
    assert.equal(now.items.length, 25);
    assert.ok(now.items.some((v) => v.key === podKey('p05x')));
    assert.ok(!now.items.some((v) => v.key === podKey('p15')));
  });

  it('counts only filter matches against the limit and says more only when a match follows', async () => {
    const store = await openStore({});
    for (let i = 0; i < 20; i++) await store.create(podKey(`p${String(i).padStart(2, '0')}`), pod(`p${i}`, { nodeName: i % 4 === 0 ? 'whale2' : 'whale3' }));
    const onWhale2 = (v: StoredValue) => (parse(v.json).spec as { nodeName: string }).nodeName === 'whale2';
    const p1 = store.list('/registry/pods/', { filter: onWhale2, limit: 3 });
    assert.deepEqual(names(p1.items), ['p0', 'p4', 'p8']);
    assert.equal(p1.more, true);
    const p2 = store.list('/registry/pods/', { filter: onWhale2, limit: 2, startAfter: p1.items[2].key, revision: p1.revision });
    assert.deepEqual(names(p2.items), ['p12', 'p16']);
    assert.equal(p2.more, false, 'p17..p19 follow but none matches');
  });

  it('a startAfter before the prefix starts at the prefix', async () => {
    const store = await openStore({});
    await store.create(podKey('a'), pod('a'));
    assert.equal(store.list('/registry/pods/', { startAfter: '/registry/a' }).items.length, 1);
  });

  it('rejects a compacted revision with CompactedError and a future one with RangeError', async () => {
    const store = await openStore({});
    for (let i = 0; i < 5; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
    store.compact(3);
    assert.throws(() => store.list('/registry/pods/', { revision: 2 }), (e: unknown) => {
      assert.ok(e instanceof CompactedError);
      assert.equal(e.requested, 2);
      assert.equal(e.compacted, 3);
      assert.equal(e.current, 5);
      return true;
    });
    assert.equal(store.list('/registry/pods/', { revision: 3 }).items.length, 3, 'the compacted revision itself stays readable');
    assert.throws(() => store.list('/registry/pods/', { revision: 6 }), RangeError);
  });

  it('agrees with a simple model over many random writes, compactions and historical reads', async () => {
    const store = await openStore({ historyRevisions: 1_000_000 });
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const model = new Map<string, string>();
    const history: { revision: number; snapshot: Map<string, string> }[] = [];
    for (let i = 0; i < 4000; i++) {
      const key = podKey(`p${rand(1500)}`);
      const op = rand(10);
      if (!model.has(key)) {
        const v = await store.create(key, pod(key, { i }));
        model.set(key, v.json);
      } else if (op < 6) {
        const v = await store.update(key, pod(key, { i }));
        model.set(key, v.json);
      } else {
        await store.delete(key);
        model.delete(key);
      }
      if (i % 500 === 0) history.push({ revision: store.revision, snapshot: new Map(model) });
      if (i === 2000) store.compact(history[2].revision);
    }
    const expectAt = (revision: number, snapshot: Map<string, string>) => {
      const want = [...snapshot.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const got: [string, string][] = [];
      let startAfter: string | undefined;
      for (;;) {
        const page = store.list('/registry/pods/', { revision, startAfter, limit: 97 });
        got.push(...page.items.map((v): [string, string] => [v.key, v.json]));
        if (!page.more) break;
        startAfter = page.items[page.items.length - 1].key;
      }
      assert.deepEqual(got, want, `list at revision ${revision}`);
    };
    for (const h of history.slice(2)) expectAt(h.revision, h.snapshot);
    expectAt(store.revision, model);
    assert.throws(() => store.list('/registry/pods/', { revision: history[1].revision }), CompactedError);
  });

  it('keeps lexical order and paging exact through heavy churn (pods come and go)', async () => {
    const store = await openStore({ historyRevisions: 10 });
    const live = new Set<string>();
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 3000; i++) {
        const key = podKey(`web-${rand(1_000_000).toString(36)}`);
        if (live.has(key)) continue;
        await store.create(key, pod(key));
        live.add(key);
      }
      for (const key of [...live]) {
        if (rand(10) < 9) {
          await store.delete(key);
          live.delete(key);
        }
      }
      store.compact(store.revision); // deleted keys leave the index now
      const listed: string[] = [];
      let startAfter: string | undefined;
      for (;;) {
        const page = store.list('/registry/pods/', { startAfter, limit: 50 });
        listed.push(...page.items.map((v) => v.key));
        if (!page.more) break;
        startAfter = listed[listed.length - 1];
      }
      assert.deepEqual(listed, [...live].sort(), `round ${round}`);
    }
  });
});
