// A write resolves with the value as stored: the API server answers clients with its JSON,
// so it must be byte for byte what GET, LIST and watchers see, durable store or not.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore, type EmulatorStore, type StoredValue } from '../../../src/emulator/store/index';

const entry = { manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:x': {} } } };
const pod = (name: string, x: number) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', managedFields: [entry], resourceVersion: undefined as string | undefined }, spec: { x } });

async function checkWrites(store: EmulatorStore): Promise<void> {
  const seen: StoredValue[] = [];
  const watch = store.watch('/registry/', 0, (e) => seen.push(e.value));
  const key = '/registry/core/pods/default/a';
  const same = (written: StoredValue, label: string) => {
    const stored = store.get(written.key);
    assert.ok(stored, label);
    assert.deepEqual([written.key, written.json, written.createRevision, written.modRevision], [stored.key, stored.json, stored.createRevision, stored.modRevision], label);
    assert.equal(JSON.parse(written.json).metadata.resourceVersion, String(written.modRevision), label);
  };
  const created = await store.create(key, pod('a', 1));
  same(created, 'create');
  const updated = await store.update(key, pod('a', 2), created.modRevision);
  same(updated, 'update');
  assert.equal(updated.createRevision, created.createRevision);
  const kubeletEvent = { kind: 'Event', metadata: { name: 'a.1', managedFields: [entry], resourceVersion: undefined as string | undefined }, reason: 'Pulled', source: { host: 'n1' } };
  const event = await store.create('/registry/core/events/default/a.1', kubeletEvent);
  same(event, 'Event create');
  const gone = await store.delete(key);
  assert.equal(JSON.parse(gone.json).metadata.resourceVersion, String(gone.modRevision));
  watch.cancel();
  assert.deepEqual(
    seen.map((v) => v.json),
    [created.json, updated.json, event.json, gone.json],
    'watchers see the JSON the writers got',
  );
}

describe('what a write resolves with', () => {
  it('is the stored value, in a memory-only store', async () => {
    const store = await openStore({});
    await checkWrites(store);
    await store.close();
  });

  it('is the stored value, in a durable store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'write-result-'));
    try {
      const store = await openStore({ dir, fsync: false });
      await checkWrites(store);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
