// Stored Events are kept as a shared template and their own values (value-template.ts): every
// reader must still get the exact bytes written (GET, watch, list, delete, restart), and Events
// must share the template's text instead of each holding a copy.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../../src/emulator/store/index';
import { InternTable, storedJsonLength, storedJsonWithoutManagedFields, storedValue } from '../../../src/emulator/store/stored-object';
import { templated, TemplatedText, TemplateTable } from '../../../src/emulator/store/value-template';

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
      const v = storedValue('/registry/core/events/default/x', json, 3, 7, undefined, table);
      assert.equal(v.json, json);
      assert.equal(storedJsonLength(v), json.length);
      assert.equal(storedJsonWithoutManagedFields(v), stripped(json));
    }
  });

  it('cuts the values that name one Event out of the shared template', () => {
    const table = new TemplateTable(64);
    const body = (i: number) => stripped(JSON.stringify(kubeletEvent(i)));
    const a = templated(body(1), table);
    const b = templated(body(8), table);
    assert.ok(a instanceof TemplatedText && b instanceof TemplatedText);
    assert.equal(a.render(), body(1));
    assert.equal(b.render(), body(8));
    assert.equal(a.template, b.template, 'one template for Events that differ in their own values');
    const own = b.own.split('\u0000');
    for (const expected of ['web-5d8f7c9b6d-00008.18ec38201ea19008', '2f99c79f-98e2-40ea-8c2d-000000000008', '108', 'node-1']) assert.ok(own.includes(expected), `${expected} is the Event's own`);
    // What the Event keeps of its own is a small part of its text.
    assert.ok(b.own.length < body(8).length / 2, `${b.own.length} of ${body(8).length} characters are this Event's own`);
  });

  it('keeps long messages with the Event, not in the shared table', () => {
    const table = new TemplateTable(64);
    const long = (i: number) => stripped(JSON.stringify(kubeletEvent(i, 'Failed', { message: `${'x'.repeat(600)} ${i}` })));
    const templates = new Set<unknown>();
    for (let i = 0; i < 50; i++) {
      const t = templated(long(i), table);
      assert.ok(t instanceof TemplatedText);
      assert.equal(t.render(), long(i));
      templates.add(t.template);
    }
    assert.equal(templates.size, 1, '50 Events with their own long message share one template');
  });

  it('serves, watches, deletes, lists at old revisions and restores identical Event JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stored-events-'));
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
