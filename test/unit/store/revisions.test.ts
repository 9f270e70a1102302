import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyExistsError, KeyNotFoundError, openStore, RevisionConflictError, StoreUnavailableError } from '../../../src/emulator/store/index';
import { parse, pod, podKey } from './fixtures/objects';

describe('store revisions and write errors', () => {
  it('gives every write the next revision, starting at 1, and stamps it into resourceVersion', async () => {
    const store = await openStore({});
    assert.equal(store.revision, 0);
    const a = await store.create(podKey('a'), pod('a'));
    const b = await store.create(podKey('b'), pod('b'));
    const a2 = await store.update(podKey('a'), pod('a', { nodeName: 'whale2' }));
    const gone = await store.delete(podKey('b'));
    assert.deepEqual([a.modRevision, b.modRevision, a2.modRevision, gone.modRevision], [1, 2, 3, 4]);
    assert.equal(store.revision, 4);
    assert.equal(parse(a.json).metadata.resourceVersion, '1');
    assert.equal(parse(a2.json).metadata.resourceVersion, '3');
    assert.equal(a2.createRevision, 1, 'an update keeps the creation revision');
    assert.equal(parse(gone.json).metadata.resourceVersion, '4', 'a deleted value carries the delete revision');
    assert.equal(store.get(podKey('a'))?.json, a2.json);
    assert.equal(store.get(podKey('b')), undefined);
  });

  it('sets resourceVersion on the caller object as well', async () => {
    const store = await openStore({});
    const obj = pod('a');
    await store.create(podKey('a'), obj);
    assert.equal(obj.metadata.resourceVersion, '1');
  });

  it('rejects a create of an existing key and keeps the first value', async () => {
    const store = await openStore({});
    const first = await store.create(podKey('a'), pod('a', { n: 1 }));
    await assert.rejects(store.create(podKey('a'), pod('a', { n: 2 })), KeyExistsError);
    assert.equal(store.get(podKey('a'))?.json, first.json);
    assert.equal(store.revision, 1, 'a failed write takes no revision');
  });

  it('rejects update and delete of a missing key', async () => {
    const store = await openStore({});
    await assert.rejects(store.update(podKey('nope'), pod('nope')), KeyNotFoundError);
    await assert.rejects(store.delete(podKey('nope')), KeyNotFoundError);
    await store.create(podKey('a'), pod('a'));
    await store.delete(podKey('a'));
    await assert.rejects(store.update(podKey('a'), pod('a')), KeyNotFoundError, 'a deleted key is missing');
  });

  it('rejects a stale expected revision on update and delete (optimistic concurrency)', async () => {
    const store = await openStore({});
    const v1 = await store.create(podKey('a'), pod('a'));
    const v2 = await store.update(podKey('a'), pod('a', { n: 2 }), v1.modRevision);
    await assert.rejects(store.update(podKey('a'), pod('a', { n: 3 }), v1.modRevision), (e: unknown) => {
      assert.ok(e instanceof RevisionConflictError);
      assert.equal(e.expected, v1.modRevision);
      assert.equal(e.actual, v2.modRevision);
      return true;
    });
    await assert.rejects(store.delete(podKey('a'), v1.modRevision), RevisionConflictError);
    assert.equal(store.get(podKey('a'))?.json, v2.json);
    await store.delete(podKey('a'), v2.modRevision);
    assert.equal(store.get(podKey('a')), undefined);
  });

  it('re-creating a deleted key starts a new creation revision', async () => {
    const store = await openStore({});
    await store.create(podKey('a'), pod('a'));
    await store.delete(podKey('a'));
    const again = await store.create(podKey('a'), pod('a'));
    assert.equal(again.createRevision, 3);
    assert.equal(again.modRevision, 3);
  });

  it('fault injection: writes fail while unavailable, reads go on, health says why', async () => {
    const store = await openStore({});
    await store.create(podKey('a'), pod('a'));
    assert.deepEqual(store.health(), { ok: true });
    store.setAvailable(false, 'etcd member down (test)');
    assert.deepEqual(store.health(), { ok: false, reason: 'etcd member down (test)' });
    await assert.rejects(store.create(podKey('b'), pod('b')), StoreUnavailableError);
    await assert.rejects(store.update(podKey('a'), pod('a')), StoreUnavailableError);
    await assert.rejects(store.delete(podKey('a')), StoreUnavailableError);
    assert.ok(store.get(podKey('a')));
    assert.equal(store.list('/registry/pods/').items.length, 1);
    store.setAvailable(true);
    assert.deepEqual(store.health(), { ok: true });
    await store.create(podKey('b'), pod('b'));
    assert.equal(store.revision, 2);
  });

  it('refuses writes after close', async () => {
    const store = await openStore({});
    await store.close();
    await assert.rejects(store.create(podKey('a'), pod('a')), StoreUnavailableError);
  });
});
