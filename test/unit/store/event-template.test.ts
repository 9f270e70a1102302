// Stored Events are kept as template pieces and their own values: every reader must still get
// the exact bytes written (GET, watch, list, delete, restart), and Events must share the
// template's text instead of each holding a copy.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isEventKey, templatedText } from '../../../src/emulator/store/event-template';
import { openStore } from '../../../src/emulator/store/index';
import { InternTable, storedJsonLength, storedJsonWithoutManagedFields, storedValue } from '../../../src/emulator/store/stored-object';

const fields = { manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:04Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:count': {}, 'f:reason': {} } };

/** A kubelet's Event as the emulator stores it (resourceVersion after managedFields, as a put appends it). */
function kubeletEvent(i: number, reason = 'Pulled', extra: Record<string, unknown> = {}) {
  const pod = `web-5d8f7c9b6d-${String(i).padStart(5, '0')}`;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${pod}.18ec38201ea1${String(9000 + i)}`, namespace: 'default', uid: `2f99c79f-98e2-40ea-8c2d-${String(i).padStart(12, '0')}`, creationTimestamp: '2026-01-01T00:00:04Z', managedFields: [fields], resourceVersion: undefined as string | undefined },
    involvedObject: { kind: 'Pod', namespace: 'default', name: pod, uid: `8c1e0000-0000-4000-8000-${String(i).padStart(12, '0')}`, apiVersion: 'v1', resourceVersion: String(100 + i), fieldPath: 'spec.containers{app}' },
    reason,
    message: 'Container image "nginx:1.27" already present on machine',
    source: { component: 'kubelet', host: `node-${i % 7}` },
    firstTimestamp: '2026-01-01T00:00:04Z',
    lastTimestamp: '2026-01-01T00:00:04Z',
    count: 1,
    type: 'Normal',
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: `node-${i % 7}`,
    ...extra,
  };
}

const eventKey = (i: number) => `/registry/core/events/default/e${i}`;

function stripped(json: string): string {
  const obj = JSON.parse(json) as { metadata: Record<string, unknown> };
  delete obj.metadata.managedFields;
  return JSON.stringify(obj);
}

describe('stored Events kept as a template', () => {
  it('applies to the two Event prefixes only', () => {
    assert.equal(isEventKey('/registry/core/events/default/a.1'), true);
    assert.equal(isEventKey('/registry/events.k8s.io/events/default/a.1'), true);
    assert.equal(isEventKey('/registry/core/pods/default/a'), false);
    assert.equal(isEventKey('/registry/core/eventsx/default/a'), false);
  });

  it('gives back the exact JSON, its length and the JSON without managedFields', () => {
    const cases: unknown[] = [
      kubeletEvent(1),
      kubeletEvent(2, 'Scheduled', { message: 'Successfully assigned default/web-1 to node-1', source: { component: 'default-scheduler' } }),
      kubeletEvent(3, 'Failed', { message: 'say "name":"x" \\ and \\" ü ✓ \u2028 "uid":"' }),
      kubeletEvent(4, 'Odd', { involvedObject: { name: 5, uid: null, resourceVersion: '' }, message: '' }),
      { metadata: { managedFields: [fields], name: 'no-other-cuts' } },
      { metadata: { name: 'a', uid: 'b', managedFields: [fields] }, host: 'h', name: { name: 'nested' } },
      { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'x.1', namespace: 'n', managedFields: [fields], resourceVersion: '7' }, note: 'n', regarding: { name: 'p', uid: 'u' }, reportingController: 'kubelet', reportingInstance: 'node-1' },
    ];
    const table = new InternTable(64);
    for (const c of cases) {
      const json = JSON.stringify(c);
      const v = storedValue('/registry/core/events/default/x', json, 3, 7, table);
      assert.equal(v.json, json);
      assert.equal(storedJsonLength(v), json.length);
      assert.equal(storedJsonWithoutManagedFields(v), stripped(json));
    }
  });

  it('cuts the values that name one Event out of the shared template', () => {
    const table = new InternTable(256);
    const body = (i: number) => stripped(JSON.stringify(kubeletEvent(i)));
    const a = templatedText(body(1), table);
    const b = templatedText(body(8), table); // same host as 1

    assert.ok(Array.isArray(a) && Array.isArray(b));
    assert.equal(a.join(''), body(1));
    assert.equal(b.join(''), body(8));
    // Same template: the pieces that are not this Event's own values are the same strings.
    const own = (pieces: readonly string[]) => pieces.filter((p) => /web-5d8f7c9b6d|2f99c79f|^\d+$/.test(p));
    assert.equal(a.length, b.length);
    for (let k = 0; k < a.length; k++) if (!own(a).includes(a[k])) assert.equal(a[k], b[k], `piece ${k}`);
    assert.ok(own(a).length >= 2, 'the Event and its object each keep their own names');
    // What the Event keeps of its own is a small part of its text.
    const ownChars = own(b).reduce((n, p) => n + p.length, 0);
    assert.ok(ownChars < body(8).length / 3, `${ownChars} of ${body(8).length} characters are this Event's own`);
  });

  it('keeps long pieces out of the shared table', () => {
    const table = new InternTable(10_000);
    const long = (i: number) => stripped(JSON.stringify(kubeletEvent(i, 'Failed', { message: `${'x'.repeat(600)} ${i}`, note: `${'y'.repeat(700)} ${i}` })));
    for (let i = 0; i < 50; i++) {
      const pieces = templatedText(long(i), table);
      assert.equal(typeof pieces === 'string' ? pieces : pieces.join(''), long(i));
    }
    // 50 Events with their own long message and note: only the short template pieces are shared.
    assert.ok(table.size < 30, `the table holds ${table.size} pieces`);
  });

  it('leaves text without those keys whole', () => {
    const table = new InternTable(16);
    assert.equal(templatedText('{"kind":"Event","count":1}', table), '{"kind":"Event","count":1}');
    assert.equal(templatedText('{"name":""}', table), '{"name":""}');
  });

  it('serves, watches, deletes, lists at old revisions and restores identical Event JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-template-'));
    try {
      const store = await openStore({ dir, fsync: false });
      const seen: string[] = [];
      const watch = store.watch('/registry/core/events/', 0, (e) => seen.push(`${e.type} ${e.value.json}`));
      const written: string[] = [];
      const created = [];
      for (let i = 0; i < 20; i++) {
        const v = await store.create(eventKey(i), kubeletEvent(i));
        created.push(v);
        written.push(`ADDED ${v.json}`);
      }
      const again3 = kubeletEvent(3);
      again3.count = 2;
      const updated = await store.update(eventKey(3), again3);
      written.push(`MODIFIED ${updated.json}`);
      const gone = await store.delete(eventKey(5));
      written.push(`DELETED ${gone.json}`);
      assert.equal(JSON.parse(gone.json).metadata.resourceVersion, String(gone.modRevision), 'a delete re-stamps resourceVersion');
      assert.equal(gone.json, created[5].json.replace(`"resourceVersion":"${created[5].modRevision}"`, `"resourceVersion":"${gone.modRevision}"`));
      assert.deepEqual(seen, written);
      for (const v of created) assert.equal(JSON.parse(v.json).metadata.resourceVersion, String(v.modRevision));
      assert.equal(store.get(eventKey(3))?.json, updated.json);
      const before = store.list('/registry/core/events/', { revision: 20 }).items.map((v) => v.json);
      const byKey = [...created].sort((x, y) => (x.key < y.key ? -1 : 1));
      assert.deepEqual(before, byKey.map((v) => v.json), 'the list as of revision 20: before the update and the delete');
      watch.cancel();
      await store.close();
      const again = await openStore({ dir, fsync: false });
      assert.equal(again.get(eventKey(3))?.json, updated.json);
      assert.equal(again.get(eventKey(5)), undefined);
      assert.deepEqual(again.list('/registry/core/events/', { revision: 20 }).items.map((v) => v.json), before);
      const replayed: string[] = [];
      again.watch('/registry/core/events/', 0, (e) => replayed.push(`${e.type} ${e.value.json}`)).cancel();
      assert.deepEqual(replayed, written);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
