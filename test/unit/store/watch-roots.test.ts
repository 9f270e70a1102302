// The watch hub offers each event only to the watchers of its key's resource root (and the
// broad ones), remembering the last roots it saw: watchers opened or cancelled between events
// must still get exactly their events.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../../src/emulator/store/index';

const obj = () => ({ metadata: { resourceVersion: undefined as string | undefined } });

describe('watchers by resource root', () => {
  it('sees events of a root whose first watcher opens after writes under it', async () => {
    const store = await openStore({});
    const roots = ['pods', 'events', 'leases', 'nodes', 'services', 'endpoints', 'configmaps', 'secrets', 'jobs', 'deployments'];
    // Cycle through more roots than the hub remembers, with no watcher on most of them.
    for (let round = 0; round < 3; round++) for (const r of roots) await store.create(`/registry/core/${r}/ns/x${round}`, obj());
    const seen: string[] = [];
    const late = store.watch('/registry/core/events/', store.revision, (e) => seen.push(e.value.key));
    const broad = store.watch('/registry/core/', store.revision, (e) => seen.push(`broad ${e.value.key}`));
    for (const r of roots) await store.create(`/registry/core/${r}/ns/y`, obj());
    assert.deepEqual(
      seen.filter((k) => !k.startsWith('broad')),
      ['/registry/core/events/ns/y'],
    );
    assert.equal(seen.filter((k) => k.startsWith('broad')).length, roots.length);
    assert.ok(seen.indexOf('/registry/core/events/ns/y') < seen.indexOf('broad /registry/core/events/ns/y'), 'in the order the watches were opened');
    // A cancelled watcher gets nothing more, the other one goes on.
    late.cancel();
    const other: string[] = [];
    const events2 = store.watch('/registry/core/events/ns/', store.revision, (e) => other.push(e.value.key));
    await store.create('/registry/core/events/ns/z', obj());
    await store.create('/registry/core/pods/ns/z', obj());
    assert.deepEqual(other, ['/registry/core/events/ns/z']);
    assert.deepEqual(seen.slice(-2), ['broad /registry/core/events/ns/z', 'broad /registry/core/pods/ns/z']);
    assert.equal(seen.filter((k) => k === '/registry/core/events/ns/z').length, 0);
    events2.cancel();
    broad.cancel();
    await store.close();
  });

  it('sees events of a root just written under, once a first watcher opens on it', async () => {
    const store = await openStore({});
    for (const r of ['pods', 'events', 'leases']) await store.create(`/registry/core/${r}/ns/a`, obj());
    const seen: string[] = [];
    store.watch('/registry/core/events/', store.revision, (e) => seen.push(e.value.key));
    await store.create('/registry/core/events/ns/b', obj());
    assert.deepEqual(seen, ['/registry/core/events/ns/b']);
    await store.close();
  });

  it('sees events of a root whose other watcher was cancelled before it opened', async () => {
    const store = await openStore({});
    const first: string[] = [];
    const second: string[] = [];
    const third: string[] = [];
    const a = store.watch('/registry/core/events/', 0, (e) => first.push(e.value.key));
    store.watch('/registry/core/events/', 0, (e) => second.push(e.value.key));
    await store.create('/registry/core/events/ns/a', obj());
    a.cancel();
    store.watch('/registry/core/events/', store.revision, (e) => third.push(e.value.key));
    await store.create('/registry/core/events/ns/b', obj());
    assert.deepEqual([first, second, third], [['/registry/core/events/ns/a'], ['/registry/core/events/ns/a', '/registry/core/events/ns/b'], ['/registry/core/events/ns/b']]);
    await store.close();
  });

  it('delivers keys with fewer than four slashes to every watcher whose prefix matches', async () => {
    const store = await openStore({});
    const seen: string[] = [];
    store.watch('/registry/core/pods/', 0, (e) => seen.push(`pods ${e.value.key}`));
    store.watch('/a', 0, (e) => seen.push(`a ${e.value.key}`));
    await store.create('/registry/core/pods/ns/p', obj());
    await store.create('/ab', obj());
    await store.create('/registry/core/pods/ns/q', obj());
    assert.deepEqual(seen, ['pods /registry/core/pods/ns/p', 'a /ab', 'pods /registry/core/pods/ns/q']);
    await store.close();
  });
});
