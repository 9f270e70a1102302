// The store keeps managedFields entries apart and interned; every reader must still get the
// exact JSON that was written, and the informers' view must equal parsing and stripping.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../../src/emulator/store/index';
import { InternTable, StoredObject, storedJsonLength, storedJsonWithoutManagedFields, storedValue } from '../../../src/emulator/store/stored-object';
import { randomJson } from './random-json';

const entry = (manager: string, time = '2026-01-01T00:00:00Z') => ({
  manager,
  operation: 'Update',
  apiVersion: 'v1',
  time,
  fieldsType: 'FieldsV1',
  fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {} } } } },
});

function stripped(json: string): string {
  const obj = JSON.parse(json) as { metadata?: Record<string, unknown> };
  if (obj && typeof obj === 'object' && obj.metadata && typeof obj.metadata === 'object' && 'managedFields' in obj.metadata) {
    const { managedFields: _m, ...metadata } = obj.metadata;
    obj.metadata = metadata;
  }
  return JSON.stringify(obj);
}

function assertRoundTrip(obj: unknown, table = new InternTable(64)): void {
  const json = JSON.stringify(obj);
  const v = storedValue('/registry/x', json, 3, 7, undefined, table);
  assert.equal(v.json, json);
  assert.equal(storedJsonLength(v), json.length, json);
  assert.equal(storedJsonWithoutManagedFields(v), stripped(json), json);
  // Again once its body was rendered (and kept for the next reads): the same bytes.
  assert.equal(v.json, json);
  assert.deepEqual([v.key, v.createRevision, v.modRevision], ['/registry/x', 3, 7]);
}

describe('stored values with managedFields kept apart', () => {
  it('give back the exact JSON of the objects the brief lists', () => {
    const cases: unknown[] = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'd', managedFields: [entry('kubectl')] }, spec: {} },
      { metadata: { managedFields: [entry('a'), entry('b'), entry('c')], name: 'first' } },
      { metadata: { managedFields: [entry('only')] } },
      { metadata: { name: 'empty', managedFields: [] } },
      { metadata: { managedFields: [] } },
      { metadata: { name: 'no-fields' }, spec: { x: 1 } },
      { metadata: { name: 'ünïcødé ✓ \u2028', labels: { 'a/b': 'ü' }, managedFields: [entry('kübectl ✓')] } },
      { metadata: { name: 'q', annotations: { note: 'say "managedFields":[{"x":1}] \\ and \\" and ]}' }, managedFields: [entry('m "quoted" \\')] } },
      { metadata: { name: 'label', labels: { managedFields: '"managedFields":[]' }, managedFields: [entry('x')] } },
      { metadata: { name: 'annotation-key', annotations: { managedFields: '[1,2]' } } },
      { kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { template: { metadata: { managedFields: [entry('t')] } } } },
      { kind: 'ReplicaSet', spec: { template: { metadata: { managedFields: [entry('t')] } } }, metadata: { name: 'rs', managedFields: [entry('kcm')] } },
      { apiVersion: 'example.com/v1', kind: 'Widget', spec: { managedFields: [{ manager: 'mine' }], metadata: { managedFields: 1 } }, metadata: { name: 'w', managedFields: [entry('kubectl')] } },
      { metadata: { name: 'odd', managedFields: null } },
      { metadata: { name: 'odd', managedFields: { a: 1 } } },
      { metadata: { managedFields: [1, 'two', null, [3], { four: 4 }], name: 'mixed' } },
      { kind: 'Status', code: 410 },
      {},
    ];
    for (const c of cases) assertRoundTrip(c);
  });

  it('give back the exact JSON of random objects', () => {
    // Values of own keys and values starting with a digit: templated bodies cut on both sides of the span.
    const strings = ['', 'a', '"', '\\', '\\"', ']', '}', ',', '{"k":[1]}', 'managedFields', '"managedFields":[]', 'ü\u2028✓', 'metadata', 'k:{"ip":"1"}', '"k:{', 'k:{\\', '9x', 'name', 'a:', '":'];
    const { random, pick, value } = randomJson({ seed: 7, strings, scalars: [0, -1.5, 1e21, true, false, null], leafChance: 0.3, maxKeys: 4, keys: [...strings, 'managedFields', 'x'] });
    const table = new InternTable(16);
    for (let n = 0; n < 500; n++) {
      const metadata: Record<string, unknown> = {};
      for (let k = Math.floor(random() * 5); k > 0; k--) metadata[pick(['name', 'uid', 'labels', 'annotations', pick(strings)])] = random() < 0.3 ? pick(strings) : value(1);
      const r = random();
      if (r < 0.5) metadata.managedFields = Array.from({ length: Math.floor(random() * 4) }, () => (random() < 0.7 ? entry(pick(['kubelet', 'kubectl', 'kcm']), pick(['t1', 't2'])) : value(1)));
      else if (r < 0.7) metadata.managedFields = value(0);
      if (random() < 0.5) metadata.zz = value(1);
      const obj: Record<string, unknown> = {};
      for (const key of ['apiVersion', 'metadata', 'spec', 'status'].sort(() => random() - 0.5)) obj[key] = key === 'metadata' ? metadata : value(0);
      assertRoundTrip(obj, table);
    }
  });

  it('share one string per distinct piece, with the table bounded', () => {
    const table = new InternTable(64);
    const a = storedValue('/k/a', JSON.stringify({ metadata: { name: 'a', managedFields: [entry('kubectl'), entry('kubelet')] } }), 1, 1, undefined, table);
    const b = storedValue('/k/b', JSON.stringify({ metadata: { name: 'b', managedFields: [entry('kubectl'), entry('kubelet')] } }), 2, 2, undefined, table);
    assert.ok(a instanceof StoredObject && b instanceof StoredObject);
    const shared = table.size;
    storedValue('/k/c', JSON.stringify({ metadata: { name: 'c', managedFields: [entry('kubectl'), entry('kubelet')] } }), 2, 2, undefined, table);
    assert.equal(table.size, shared, 'a third object with the same entries adds nothing');
    // Entries that differ only in a keyed item share all but that key's piece.
    const keyed = (ip: string) => ({ ...entry('kubelet'), fieldsV1: { 'f:status': { 'f:podIPs': { '.': {}, [`k:{"ip":"${ip}"}`]: { '.': {}, 'f:ip': {} } }, 'f:phase': {} } } });
    storedValue('/k/d', JSON.stringify({ metadata: { name: 'd', managedFields: [keyed('10.0.0.1')] } }), 3, 3, undefined, table);
    const before = table.size;
    storedValue('/k/e', JSON.stringify({ metadata: { name: 'e', managedFields: [keyed('10.0.0.2')] } }), 4, 4, undefined, table);
    assert.equal(table.size, before + 1, 'one new piece: the key with the other IP');
    const small = new InternTable(8);
    for (let i = 0; i < 100; i++) storedValue(`/k/${i}`, JSON.stringify({ metadata: { name: 'u', managedFields: [entry(`unique-${i}`)] } }), 3, 3, undefined, small);
    assert.ok(small.size <= 16, `table holds ${small.size} pieces`);
    assert.equal(b.json, JSON.stringify({ metadata: { name: 'b', managedFields: [entry('kubectl'), entry('kubelet')] } }), 'values outlive their table entries');
  });
});

describe('a store keeping managedFields apart', () => {
  const withFields = (name: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { managedFields: 'label' }, managedFields: [entry('kubectl'), entry('kubelet')] as unknown[], resourceVersion: undefined as string | undefined },
    spec: { managedFields: 'not metadata', ...extra },
  });

  it('serves, watches, deletes and restores identical JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stored-object-'));
    try {
      const store = await openStore({ dir, fsync: false });
      const written: string[] = [];
      const seen: string[] = [];
      const watch = store.watch('/registry/pods/', 0, (e) => seen.push(e.value.json));
      // resourceVersion before managedFields, and its text also in spec: deletes re-stamp only metadata's.
      const twice: { metadata: Record<string, unknown>; spec: unknown } = { metadata: { resourceVersion: '', managedFields: [entry('x')], name: 'c' }, spec: { resourceVersion: '1' } };
      const c = await store.create('/registry/pods/default/c', twice);
      for (let i = 2; i < 9; i++) await store.create(`/registry/other/${i}`, { metadata: {} });
      const first: { metadata: Record<string, unknown> } = { metadata: { name: 'd', resourceVersion: '', managedFields: [entry('x'), entry('y')] } };
      const d = await store.create('/registry/pods/default/d', first);
      const cGone = await store.delete('/registry/pods/default/c');
      const dGone = await store.delete('/registry/pods/default/d');
      assert.equal(cGone.json, c.json.replace('"resourceVersion":"1","managedFields"', '"resourceVersion":"10","managedFields"'));
      assert.equal(dGone.json, d.json.replace('"resourceVersion":"9"', '"resourceVersion":"11"'), 'a longer resourceVersion before the entries');
      written.push(c.json, d.json, cGone.json, dGone.json);
      const a = await store.create('/registry/pods/default/a', withFields('a'));
      const a2 = await store.update('/registry/pods/default/a', withFields('a', { nodeName: 'n1' }));
      const bare: { metadata: Record<string, unknown> } = { metadata: { name: 'b', managedFields: [] } };
      const b = await store.create('/registry/pods/default/b', bare);
      const gone = await store.delete('/registry/pods/default/b');
      written.push(a.json, a2.json, b.json, gone.json);
      assert.equal(JSON.parse(a2.json).metadata.resourceVersion, '13');
      assert.equal(JSON.parse(gone.json).metadata.resourceVersion, '15');
      assert.deepEqual(JSON.parse(gone.json).metadata.managedFields, []);
      assert.deepEqual(seen, written);
      assert.deepEqual(store.list('/registry/pods/', { revision: 12 }).items.map((v) => v.json), [a.json]);
      assert.deepEqual(store.list('/registry/pods/', { revision: 9 }).items.map((v) => v.json), [c.json, d.json]);
      watch.cancel();
      await store.close();
      // Restored from the snapshot written at close: the same bytes, history included.
      const again = await openStore({ dir, fsync: false });
      assert.equal(again.get('/registry/pods/default/a')?.json, a2.json);
      assert.deepEqual(again.list('/registry/pods/', { revision: 14 }).items.map((v) => v.json), [a2.json, b.json]);
      const replayed: string[] = [];
      again.watch('/registry/pods/', 0, (e) => replayed.push(e.value.json)).cancel();
      assert.deepEqual(replayed, written);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
