// Session 5's write-path shortcuts, each against the general code it replaces: the live
// identity fields of an update without deletes, metadata type checks without entry arrays, and
// write answers whose text is made only when read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../src/kube/object';
import { validateMetaTypes } from '../../../src/emulator/apiserver/admission/meta';
import { keptIdentity } from '../../../src/emulator/apiserver/persist';
import type { StoredValue } from '../../../src/emulator/store/types';
import { testServer } from './support';

/** A small deterministic PRNG, so a failure replays. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const IDENTITY = ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const;
const OTHER = ['labels', 'annotations', 'resourceVersion', 'finalizers', 'managedFields', 'ownerReferences'];

/** What updateObject built before: spread the identity fields over, delete the ones left undefined. */
function spreadThenDelete(meta: KubeObject['metadata'], om: KubeObject['metadata']): KubeObject['metadata'] {
  const out: KubeObject['metadata'] = {
    ...meta,
    name: om.name,
    namespace: om.namespace,
    uid: om.uid,
    creationTimestamp: om.creationTimestamp,
    deletionTimestamp: om.deletionTimestamp,
    deletionGracePeriodSeconds: om.deletionGracePeriodSeconds,
    generation: om.generation,
  };
  for (const k of ['namespace', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
    if (out[k] === undefined) delete out[k];
  }
  return out;
}

/** Random metadata: any subset of the fields, in random order, some values undefined. */
function randomMeta(next: () => number, tag: string): KubeObject['metadata'] {
  const keys = [...IDENTITY, ...OTHER].filter(() => next() < 0.5);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  const meta: Record<string, unknown> = {};
  for (const k of keys) meta[k] = next() < 0.15 ? undefined : k === 'generation' || k === 'deletionGracePeriodSeconds' ? Math.floor(next() * 5) : `${tag}-${k}`;
  return meta as KubeObject['metadata'];
}

describe('keptIdentity', () => {
  it('gives the same keys, order and values as spreading the live identity and deleting undefined ones', () => {
    const next = rng(7);
    for (let i = 0; i < 3000; i++) {
      const meta = randomMeta(next, 'new');
      const om = randomMeta(next, 'old');
      const expected = spreadThenDelete({ ...meta }, om);
      const actual = keptIdentity(meta, om);
      assert.deepEqual(Object.keys(actual), Object.keys(expected), `case ${i}`);
      assert.deepEqual(actual, expected);
      assert.equal(JSON.stringify(actual), JSON.stringify(expected));
    }
  });

  it('leaves the metadata it was given unchanged', () => {
    const meta = { name: 'x', deletionTimestamp: 'sent', labels: { a: 'b' } };
    keptIdentity(meta, { name: 'x', uid: 'u', creationTimestamp: 't' });
    assert.deepEqual(meta, { name: 'x', deletionTimestamp: 'sent', labels: { a: 'b' } });
  });
});

describe('validateMetaTypes', () => {
  /** The checks before the shortcut for well-typed metadata. */
  function general(obj: any): unknown[] {
    const m = obj.metadata;
    if (m === undefined) return [];
    if (m === null || typeof m !== 'object' || Array.isArray(m)) return ['metadata'];
    const out: unknown[] = [];
    for (const f of ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp']) {
      if (m[f] !== undefined && m[f] !== null && typeof m[f] !== 'string') out.push(`metadata.${f}`);
    }
    for (const f of ['labels', 'annotations']) {
      const map = m[f];
      if (map === undefined || map === null) continue;
      if (typeof map !== 'object' || Array.isArray(map)) out.push(`metadata.${f}`);
      else for (const [k, v] of Object.entries(map)) if (typeof v !== 'string') out.push(`metadata.${f}[${k}]`);
    }
    return out;
  }

  it('reports the same fields as the general checks, in the same order', () => {
    const next = rng(11);
    const values = [undefined, null, 'x', '', 1, true, {}, [], { a: 'b' }, { a: 1 }, ['x']];
    const pick = () => values[Math.floor(next() * values.length)];
    for (let i = 0; i < 3000; i++) {
      const metadata: Record<string, unknown> = {};
      for (const f of ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'labels', 'annotations', 'finalizers']) {
        if (next() < 0.5) metadata[f] = next() < 0.7 ? (f === 'labels' || f === 'annotations' ? { app: 'web', tier: next() < 0.9 ? 'x' : pick() } : 'v') : pick();
      }
      const obj = { metadata: next() < 0.03 ? pick() : metadata } as unknown as KubeObject;
      const causes = validateMetaTypes(obj).map((c) => c.field);
      assert.deepEqual(causes, general(obj), JSON.stringify(obj));
    }
  });

  it('names the field and the label of a wrong value', () => {
    const causes = validateMetaTypes({ metadata: { name: 'a', labels: { ok: 'x', bad: 3 } } } as unknown as KubeObject);
    assert.equal(causes.length, 1);
    assert.equal(causes[0].field, 'metadata.labels[bad]');
    assert.match(causes[0].message ?? '', /must be a string/);
  });
});

describe('the answer to a write', () => {
  it('is the stored object, its text built from the stored value only when read', async () => {
    const server = await testServer();
    try {
      let reads = 0;
      const counted = (v: StoredValue): StoredValue => ({
        key: v.key,
        createRevision: v.createRevision,
        modRevision: v.modRevision,
        get json() {
          reads++;
          return v.json;
        },
      });
      const store = server.store as unknown as { create: (...a: unknown[]) => Promise<StoredValue>; update: (...a: unknown[]) => Promise<StoredValue> };
      const create = store.create.bind(store);
      const update = store.update.bind(store);
      store.create = async (...a) => counted(await create(...a));
      store.update = async (...a) => counted(await update(...a));
      const req = (method: string, path: string, body: unknown, contentType = 'application/json') => {
        const url = new URL(path, 'https://x');
        return { method, path: url.pathname, query: url.searchParams, headers: { 'content-type': contentType, 'user-agent': 'kubelet/v1' }, body: Buffer.from(JSON.stringify(body)) };
      };
      const created = await server.api.handle(req('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } }));
      const patched = await server.api.handle(req('PATCH', '/api/v1/namespaces/default/configmaps/c', { data: { a: 'c' } }, 'application/merge-patch+json'));
      assert.equal(created.status, 201);
      assert.equal(patched.status, 200);
      assert.equal(reads, 0, 'no text made for answers nobody read');
      assert.equal(String(patched.body), server.store.get('/registry/core/configmaps/default/c')!.json);
      assert.equal(JSON.parse(String(created.body)).data.a, 'b');
      assert.equal(String(created.body), String(created.body));
      assert.equal(reads, 2, 'each answer made once');
      assert.equal(created.headers['content-type'], 'application/json');
    } finally {
      await server.close();
    }
  });
});
