// The in-process transport without JSON: bodies as values (ApiRequest.object), results the
// caller ignores left unparsed, and watch events handed over per object. Each must behave
// exactly as the JSON path it replaces.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeObjectBody, decodeOptionalJson, decodePatchBody, decodeRequestObject, decodeRequestOptions, decodeRequestPatch, jsonCopy } from '../../../src/emulator/apiserver/codec';
import { valueRequest, type ApiRequest, type WatchEventType } from '../../../src/emulator/apiserver/request';
import { ApiError } from '../../../src/emulator/apiserver/status';
import { ApiClientError, isAlreadyExists, isNotFound, LoopbackClient } from '../../../src/emulator/client/loopback-client';
import { R } from '../../../src/emulator/client/paths';
import { testServer } from '../apiserver/support';

const roundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

function bytesRequest(value: unknown, contentType: string): ApiRequest {
  return { method: 'POST', path: '/', query: new URLSearchParams(), headers: { 'content-type': contentType }, body: Buffer.from(JSON.stringify(value)) };
}

function valueOf(value: unknown, contentType: string): ApiRequest {
  return valueRequest('POST', '/', new URLSearchParams(), { 'content-type': contentType }, value);
}

/** The decoded value, or the error's code and message. */
function outcome(f: () => unknown): unknown {
  try {
    return { value: JSON.stringify(f()) };
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
    return { code: e.code, message: e.message };
  }
}

describe('jsonCopy', () => {
  it('gives what JSON.parse(JSON.stringify(v)) gives, key order included', () => {
    class Quantity {
      constructor(readonly v: string) {}
      toJSON(): string {
        return this.v;
      }
    }
    const sparse: unknown[] = [1];
    sparse[3] = 4;
    const tricky = {
      kind: 'Pod',
      metadata: { name: 'a', labels: undefined, annotations: { b: '1', a: '2', 10: 'ten', 2: 'two' } },
      spec: { f: () => 1, s: Symbol('x'), nan: NaN, inf: -Infinity, zero: -0, when: new Date(Date.UTC(2026, 0, 2)), q: new Quantity('100m') },
      list: [undefined, () => 1, null, [1, [2, { x: undefined }]], sparse],
      nothing: null,
      t: true,
      map: new Map([['k', 'v']]),
    };
    const copy = jsonCopy(tricky);
    assert.deepEqual(copy, roundTrip(tricky));
    assert.equal(JSON.stringify(copy), JSON.stringify(tricky));
    assert.ok(Object.is((copy as { spec: { zero: number } }).spec.zero, 0), '-0 becomes 0 as in JSON');
  });

  it('keeps "__proto__" an own key, as JSON.parse does', () => {
    const v = JSON.parse('{"metadata":{"__proto__":{"polluted":true}}}');
    const copy = jsonCopy(v) as { metadata: Record<string, unknown> };
    assert.deepEqual(Object.keys(copy.metadata), ['__proto__']);
    assert.equal((copy.metadata as { polluted?: boolean }).polluted, undefined);
  });

  it('shares nothing with the original', () => {
    const original = { metadata: { name: 'a', labels: { x: 'y' } }, items: [{ a: 1 }] };
    const copy = jsonCopy(original) as typeof original;
    copy.metadata.labels.x = 'changed';
    copy.items[0].a = 2;
    assert.deepEqual(original, { metadata: { name: 'a', labels: { x: 'y' } }, items: [{ a: 1 }] });
  });
});

describe('decoding a request body given as a value', () => {
  const objects: unknown[] = [{ kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v', u: undefined } }, { kind: 'ConfigMap' }, { metadata: null }, { metadata: [] }, { metadata: 'x' }, [1, 2], null, 'text', 42, true];
  const mediaTypes = ['application/json', 'application/yaml', 'text/plain', 'application/json; charset=utf-8'];

  it('decodes objects and rejects bad ones exactly as from bytes', () => {
    for (const v of objects) {
      for (const type of mediaTypes) {
        assert.deepEqual(outcome(() => decodeRequestObject(valueOf(v, type))), outcome(() => decodeObjectBody(type, bytesRequest(v, type).body)), `${JSON.stringify(v)} as ${type}`);
      }
    }
  });

  it('decodes patches and rejects bad ones exactly as from bytes', () => {
    const patches: unknown[] = [...objects, [{ op: 'add', path: '/metadata/labels', value: {} }], []];
    const patchTypes = ['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml', 'application/json'];
    for (const v of patches) {
      for (const type of patchTypes) {
        assert.deepEqual(outcome(() => decodeRequestPatch(valueOf(v, type))), outcome(() => decodePatchBody(type, bytesRequest(v, type).body)), `${JSON.stringify(v)} as ${type}`);
      }
    }
  });

  it('decodes delete options and rejects bad ones exactly as from bytes', () => {
    const options: unknown[] = [{ kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 }, {}, [1], null, 7];
    for (const v of options) {
      for (const type of mediaTypes) {
        assert.deepEqual(outcome(() => decodeRequestOptions(valueOf(v, type))), outcome(() => decodeOptionalJson(type, bytesRequest(v, type).body)), `${JSON.stringify(v)} as ${type}`);
      }
    }
  });

  it('serializes the value for code that reads the bytes', () => {
    const req = valueOf({ kind: 'ConfigMap', metadata: { name: 'a', labels: undefined } }, 'application/json');
    assert.equal(req.body?.toString(), '{"kind":"ConfigMap","metadata":{"name":"a"}}');
    assert.deepEqual(decodeObjectBody('application/json', req.body), decodeRequestObject(req));
  });

  it('hands each decode a fresh value, leaving the caller\'s untouched', () => {
    const mine = { kind: 'ConfigMap', data: { k: 'v' } };
    const req = valueOf(mine, 'application/json');
    const decoded = decodeRequestObject(req);
    decoded.data.k = 'changed';
    assert.deepEqual(mine, { kind: 'ConfigMap', data: { k: 'v' } }, 'metadata was not added to the caller\'s object either');
    assert.equal(decodeRequestObject(req).data.k, 'v');
  });
});

describe('LoopbackClient', () => {
  it('stores what the JSON path stores, without changing the caller\'s body', async () => {
    const s = await testServer();
    const client = new LoopbackClient(s.api, 'test/v0');
    const ref = { ...R.configMaps, namespace: 'default' };
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'by-value', labels: { a: 'b' }, annotations: undefined }, data: { k: 'v', skipped: undefined } };
    const snapshot = structuredClone(body);
    const created = await client.create(ref, body);
    assert.deepEqual(body, snapshot);
    const viaBytes = await s.call('POST', '/api/v1/namespaces/default/configmaps', { ...body, metadata: { ...body.metadata, name: 'by-bytes' } }, { 'user-agent': 'test/v0' });
    assert.equal(viaBytes.status, 201);
    const comparable = (o: any) => ({ ...o, metadata: { ...o.metadata, name: undefined, uid: undefined, resourceVersion: undefined } });
    assert.equal(created.metadata.managedFields?.[0]?.manager, 'test');
    assert.deepEqual(roundTrip(comparable(created)), roundTrip(comparable(viaBytes.json)));
    assert.deepEqual(created.data, { k: 'v' });

    const patch = { data: { k: 'w' } };
    const patched = await client.patch({ ...ref, name: 'by-value' }, patch, 'strategic');
    assert.equal(patched.data?.k, 'w');
    assert.deepEqual(patch, { data: { k: 'w' } });
    await s.close();
  });

  it('serves requests whose handlers read bytes (an access review)', async () => {
    const s = await testServer();
    const client = new LoopbackClient(s.api, 'test/v0');
    const review = await client.create<any>({ group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews' }, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'default' } },
    });
    assert.equal(review.status?.allowed, true);
    await s.close();
  });

  it('noResult writes resolve to nothing, and fail as the others do', async () => {
    const s = await testServer();
    const client = new LoopbackClient(s.api, 'test/v0');
    const ref = { ...R.configMaps, namespace: 'default' };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'quiet' } };
    assert.equal(await client.noResult.create(ref, cm), undefined);
    await assert.rejects(client.noResult.create(ref, cm), (e) => isAlreadyExists(e));
    assert.equal(await client.noResult.patch({ ...ref, name: 'quiet' }, { data: { a: '1' } }), undefined);
    assert.equal(await client.noResult.update({ ...ref, name: 'quiet' }, { ...cm, data: { a: '2' } }), undefined);
    assert.equal((await client.get<any>({ ...ref, name: 'quiet' })).data.a, '2');
    assert.equal(await client.noResult.delete({ ...ref, name: 'quiet' }), undefined);
    await assert.rejects(client.noResult.delete({ ...ref, name: 'quiet' }), (e) => isNotFound(e));
    await assert.rejects(client.noResult.patch({ ...ref, name: 'missing' }, { data: {} }), (e) => e instanceof ApiClientError && e.code === 404 && e.reason === 'NotFound');
    await s.close();
  });
});

describe('in-process watch events', () => {
  type Seen = { type: WatchEventType | string; object: any }[];

  /** The same watch read both ways: as frames (the HTTPS path) and as per-object events. */
  async function bothWays(s: Awaited<ReturnType<typeof testServer>>, path: string): Promise<{ frames: Seen; events: Seen; stop(): void; ended(): [boolean, boolean] }> {
    const url = new URL(path, 'https://x');
    const req = (): ApiRequest => ({ method: 'GET', path: url.pathname, query: url.searchParams, headers: { accept: 'application/json' } });
    const a = await s.api.handle(req());
    const b = await s.api.handle(req());
    const frames: Seen = [];
    const events: Seen = [];
    let endedA = false;
    let endedB = false;
    a.watch!.start(
      (frame) => frames.push(...frame.split('\n').filter(Boolean).map((l) => JSON.parse(l))),
      () => (endedA = true),
    );
    assert.ok(b.watch!.startEvents, 'API server watches offer per-object events');
    b.watch!.startEvents!(
      (type, json) => events.push({ type, object: JSON.parse(json) }),
      () => (endedB = true),
    );
    return {
      frames,
      events,
      stop: () => {
        a.watch!.stop();
        b.watch!.stop();
      },
      ended: () => [endedA, endedB],
    };
  }

  it('match the frames in content and order, with selectors and bookmarks', async () => {
    const s = await testServer({ bookmarkIntervalMs: 1000 });
    const plain = await bothWays(s, '/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true');
    const selected = await bothWays(s, '/api/v1/namespaces/default/configmaps?watch=true&labelSelector=app%3Dweb');
    await s.call('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { app: 'web' } } });
    await s.call('PATCH', '/api/v1/namespaces/default/configmaps/a', { data: { k: 'v' } });
    await s.call('PATCH', '/api/v1/namespaces/default/configmaps/a', { metadata: { labels: { app: 'db' } } });
    s.clock.advance(1000);
    await s.call('DELETE', '/api/v1/namespaces/default/configmaps/a');
    assert.deepEqual(
      plain.events.map((e) => e.type),
      ['ADDED', 'MODIFIED', 'MODIFIED', 'BOOKMARK', 'DELETED'],
    );
    assert.deepEqual(plain.events, plain.frames);
    assert.deepEqual(
      selected.events.map((e) => e.type),
      ['ADDED', 'MODIFIED', 'DELETED'],
      'leaving the selection is a DELETED',
    );
    assert.deepEqual(selected.events, selected.frames);
    plain.stop();
    selected.stop();
    await s.close();
  });

  it('report a compacted resourceVersion as the same 410 ERROR event, then end', async () => {
    const s = await testServer();
    await s.call('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    const old = s.store.revision;
    await s.call('PATCH', '/api/v1/namespaces/default/configmaps/a', { data: { k: 'v' } });
    s.store.compact(s.store.revision);
    const w = await bothWays(s, `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${old}`);
    assert.equal(w.events.length, 1);
    assert.equal(w.events[0].type, 'ERROR');
    assert.equal(w.events[0].object.code, 410);
    assert.deepEqual(w.events, w.frames);
    assert.deepEqual(w.ended(), [true, true]);
    await s.close();
  });

  it('reach a LoopbackClient watch in order, and end when the server ends them', async () => {
    const s = await testServer();
    const client = new LoopbackClient(s.api, 'test/v0');
    const seen: string[] = [];
    let ended = false;
    await client.watch(
      { ...R.configMaps, namespace: 'default' },
      { resourceVersion: s.store.revision },
      (e) => seen.push(`${e.type} ${e.object.metadata.name} ${e.object.data?.k ?? ''}`.trim()),
      () => (ended = true),
    );
    const ref = { ...R.configMaps, namespace: 'default' };
    await client.noResult.create(ref, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w' } });
    await client.noResult.patch({ ...ref, name: 'w' }, { data: { k: '1' } });
    await client.noResult.delete({ ...ref, name: 'w' });
    assert.deepEqual(seen, ['ADDED w', 'MODIFIED w 1', 'DELETED w 1']);
    assert.equal(s.api.terminateWatches(), 1);
    assert.equal(ended, true);
    await s.close();
  });
});
