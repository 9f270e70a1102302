import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompactedError, openStore, type StoreEvent } from '../../../src/emulator/store/index';
import { parse, pod, podKey } from './fixtures/objects';

const brief = (e: StoreEvent) => `${e.type} ${e.revision} ${parse(e.value.json).metadata.name}`;

describe('store watch', () => {
  it('replays history after fromRevision, then follows live writes, in order and only under the prefix', async () => {
    const store = await openStore({});
    await store.create(podKey('a'), pod('a'));
    await store.create(podKey('b'), pod('b'));
    await store.create('/registry/services/default/s', pod('s'));
    await store.update(podKey('a'), pod('a'));
    const seen: string[] = [];
    const handle = store.watch('/registry/pods/', 1, (e) => seen.push(brief(e)));
    assert.deepEqual(seen, ['ADDED 2 b', 'MODIFIED 4 a'], 'history after revision 1, without the service');
    await store.delete(podKey('b'));
    await store.create('/registry/services/default/t', pod('t'));
    await store.create(podKey('c'), pod('c'));
    assert.deepEqual(seen, ['ADDED 2 b', 'MODIFIED 4 a', 'DELETED 5 b', 'ADDED 7 c']);
    handle.cancel();
    await store.create(podKey('d'), pod('d'));
    assert.equal(seen.length, 4, 'no events after cancel');
  });

  it('reports the previous value of updates and deletes, and the deletion revision on DELETED', async () => {
    const store = await openStore({});
    const events: StoreEvent[] = [];
    store.watch('/registry/pods/', 0, (e) => events.push(e));
    const v1 = await store.create(podKey('a'), pod('a', { n: 1 }));
    const v2 = await store.update(podKey('a'), pod('a', { n: 2 }));
    await store.delete(podKey('a'));
    assert.equal(events[0].prev, undefined);
    assert.equal(events[1].prev?.json, v1.json);
    assert.equal(events[2].prev?.json, v2.json);
    assert.equal(parse(events[2].value.json).metadata.resourceVersion, '3');
    assert.deepEqual(parse(events[2].value.json).spec, { n: 2 }, 'DELETED carries the last value');
  });

  it('throws CompactedError synchronously for a compacted fromRevision', async () => {
    const store = await openStore({});
    for (let i = 0; i < 4; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
    store.compact(3);
    assert.throws(() => store.watch('/registry/pods/', 2, () => {}), CompactedError);
    const seen: string[] = [];
    store.watch('/registry/pods/', 3, (e) => seen.push(brief(e)));
    assert.deepEqual(seen, ['ADDED 4 p3'], 'watching from the compacted revision itself works');
  });

  it('keeps revision order when a watcher writes from inside its callback', async () => {
    const store = await openStore({});
    const first: number[] = [];
    const second: number[] = [];
    const writes: Promise<unknown>[] = [];
    store.watch('/registry/', 0, (e) => {
      first.push(e.revision);
      // A controller reacting to a pod by writing an event object.
      if (e.value.key.startsWith('/registry/pods/')) writes.push(store.create(`/registry/events/default/${e.revision}`, pod(`ev${e.revision}`)));
    });
    store.watch('/registry/', 0, (e) => second.push(e.revision));
    await store.create(podKey('a'), pod('a'));
    await store.create(podKey('b'), pod('b'));
    await Promise.all(writes);
    assert.deepEqual(first, [1, 2, 3, 4]);
    assert.deepEqual(second, [1, 2, 3, 4]);
  });

  it('has no gap and no duplicate when a watch is opened from inside a callback', async () => {
    const store = await openStore({});
    const inner: number[] = [];
    store.watch('/registry/pods/', 0, (e) => {
      if (e.revision === 2) store.watch('/registry/pods/', 1, (x) => inner.push(x.revision));
    });
    for (let i = 0; i < 4; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
    assert.deepEqual(inner, [2, 3, 4]);
  });

  it('cancels a watcher whose callback throws and keeps serving the others', async () => {
    const logged: string[] = [];
    const store = await openStore({ log: (m, severity) => logged.push(`${severity} ${m}`) });
    const good: number[] = [];
    let bad = 0;
    store.watch('/registry/', 0, () => {
      bad++;
      throw new Error('boom');
    });
    store.watch('/registry/', 0, (e) => good.push(e.revision));
    await store.create(podKey('a'), pod('a'));
    await store.create(podKey('b'), pod('b'));
    assert.equal(bad, 1);
    assert.deepEqual(good, [1, 2]);
    assert.match(logged.join('\n'), /^E store: a watch callback threw/m);
  });

  it('calls the watchers of an event in the order they were opened, whatever their prefixes', async () => {
    const store = await openStore({});
    const calls: string[] = [];
    const open = (name: string, prefix: string) => store.watch(prefix, 0, (e) => calls.push(`${name} ${e.revision}`));
    open('ns-1', '/registry/pods/default/');
    open('all', '/registry/');
    const late = open('ns-2', '/registry/pods/default/');
    open('pods', '/registry/pods/');
    open('services', '/registry/services/');
    store.watch('/registry/pods/default/', 0, (e) => {
      calls.push(`canceller ${e.revision}`);
      if (e.revision === 1) late.cancel();
    });
    open('ns-3', '/registry/pods/default/');
    await store.create(podKey('a'), pod('a'));
    await store.create('/registry/services/default/s', pod('s'));
    await store.create(podKey('b', 'other'), pod('b'));
    await store.create(podKey('c'), pod('c'));
    assert.deepEqual(calls, [
      'ns-1 1', 'all 1', 'ns-2 1', 'pods 1', 'canceller 1', 'ns-3 1',
      'all 2', 'services 2',
      'all 3', 'pods 3',
      'ns-1 4', 'all 4', 'pods 4', 'canceller 4', 'ns-3 4',
    ]);
  });
});
