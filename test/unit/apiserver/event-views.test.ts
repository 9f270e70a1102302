// core/v1 and events.k8s.io/v1 Events are two views of one stored Event, as in kube-apiserver:
// whatever one API writes the other reads, lists, watches, patches and deletes, converted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testServer, until, type TestServer } from './support';

const CORE = '/api/v1/namespaces/ev/events';
const V1 = '/apis/events.k8s.io/v1/namespaces/ev/events';

const v1Event = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name, labels: { via: 'events' } },
  eventTime: '2026-01-01T00:00:00.000000Z',
  series: { count: 2, lastObservedTime: '2026-01-01T00:00:05.000000Z' },
  reportingController: 'example.com/scaler',
  reportingInstance: 'scaler-1',
  action: 'Scale',
  reason: 'Scaled',
  note: 'scaled to 3',
  type: 'Normal',
  regarding: { kind: 'Deployment', namespace: 'ev', name: `${name}-target`, apiVersion: 'apps/v1' },
  related: { kind: 'ReplicaSet', namespace: 'ev', name: 'rs-1' },
  ...extra,
});

const coreEvent = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, labels: { via: 'core' } },
  involvedObject: { kind: 'Pod', namespace: 'ev', name: `${name}-pod`, uid: 'u-1', fieldPath: 'spec.containers{c}' },
  reason: 'Pulled',
  message: 'pulled image',
  type: 'Normal',
  source: { component: 'kubelet', host: 'node-1' },
  firstTimestamp: '2026-01-01T00:00:00Z',
  lastTimestamp: '2026-01-01T00:00:09Z',
  count: 3,
  ...extra,
});

const names = (list: any): string[] => list.items.map((i: any) => i.metadata.name).sort();

describe('Events through core/v1 and events.k8s.io/v1', () => {
  let s: TestServer;
  before(async () => {
    s = await testServer();
    await s.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ev' } });
  });
  after(() => s.close());

  it('reads an events.k8s.io/v1 Event through core/v1, field by field, from one stored object', async () => {
    const created = await s.call('POST', `${V1}?fieldManager=scaler`, v1Event('a'));
    assert.equal(created.status, 201, created.text);
    const core = await s.call('GET', `${CORE}/a`);
    assert.equal(core.status, 200, core.text);
    const e = core.json;
    assert.equal(e.apiVersion, 'v1');
    assert.equal(e.kind, 'Event');
    assert.deepEqual(e.involvedObject, { kind: 'Deployment', namespace: 'ev', name: 'a-target', apiVersion: 'apps/v1' });
    assert.deepEqual(e.related, { kind: 'ReplicaSet', namespace: 'ev', name: 'rs-1' });
    assert.equal(e.message, 'scaled to 3');
    assert.equal(e.reason, 'Scaled');
    assert.equal(e.type, 'Normal');
    assert.equal(e.action, 'Scale');
    assert.equal(e.eventTime, '2026-01-01T00:00:00.000000Z');
    assert.deepEqual(e.series, { count: 2, lastObservedTime: '2026-01-01T00:00:05.000000Z' });
    assert.equal(e.reportingComponent, 'example.com/scaler');
    assert.equal(e.reportingInstance, 'scaler-1');
    // What core/v1's Go types always write, as kube-apiserver shows an events.k8s.io/v1 Event.
    assert.deepEqual(e.source, {});
    assert.equal(e.firstTimestamp, null);
    assert.equal(e.lastTimestamp, null);
    assert.ok(!('count' in e));
    for (const f of ['regarding', 'note', 'reportingController', 'deprecatedSource', 'deprecatedFirstTimestamp', 'deprecatedLastTimestamp', 'deprecatedCount']) assert.ok(!(f in e), f);
    assert.deepEqual(e.metadata.labels, { via: 'events' });
    assert.equal(e.metadata.uid, created.json.metadata.uid);
    assert.equal(e.metadata.resourceVersion, created.json.metadata.resourceVersion);
    // managedFields as written: with the apiVersion of the request that wrote them.
    assert.deepEqual(e.metadata.managedFields.map((m: any) => [m.manager, m.apiVersion]), [['scaler', 'events.k8s.io/v1']]);
    assert.deepEqual(
      [...s.store.list('/registry/').items.map((v) => v.key)].filter((k) => k.endsWith('/ev/a')),
      ['/registry/core/events/ev/a'],
    );
  });

  it('reads a core/v1 Event through events.k8s.io/v1, field by field', async () => {
    assert.equal((await s.call('POST', CORE, coreEvent('b', { reportingComponent: 'kubelet', reportingInstance: 'node-1' }))).status, 201);
    const got = await s.call('GET', `${V1}/b`);
    assert.equal(got.status, 200, got.text);
    const e = got.json;
    assert.equal(e.apiVersion, 'events.k8s.io/v1');
    assert.equal(e.kind, 'Event');
    assert.deepEqual(e.regarding, { kind: 'Pod', namespace: 'ev', name: 'b-pod', uid: 'u-1', fieldPath: 'spec.containers{c}' });
    assert.equal(e.note, 'pulled image');
    assert.equal(e.reason, 'Pulled');
    assert.deepEqual(e.deprecatedSource, { component: 'kubelet', host: 'node-1' });
    assert.equal(e.deprecatedFirstTimestamp, '2026-01-01T00:00:00Z');
    assert.equal(e.deprecatedLastTimestamp, '2026-01-01T00:00:09Z');
    assert.equal(e.deprecatedCount, 3);
    assert.equal(e.reportingController, 'kubelet');
    assert.equal(e.reportingInstance, 'node-1');
    assert.equal(e.eventTime, null);
    for (const f of ['involvedObject', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count', 'reportingComponent']) assert.ok(!(f in e), f);
    const list = await s.call('GET', V1);
    assert.equal(list.json.kind, 'EventList');
    assert.equal(list.json.apiVersion, 'events.k8s.io/v1');
    assert.ok(list.json.items.every((i: any) => i.apiVersion === 'events.k8s.io/v1' && 'regarding' in i && !('involvedObject' in i)));
  });

  it('lists by each view\'s own field selector labels, evaluated on the one stored Event', async () => {
    await s.call('POST', V1, v1Event('c'));
    await s.call('POST', CORE, coreEvent('d'));
    const byCore = await s.call('GET', `${CORE}?fieldSelector=involvedObject.name%3Dc-target`);
    assert.deepEqual(names(byCore.json), ['c']);
    assert.equal(byCore.json.items[0].message, 'scaled to 3');
    const byV1 = await s.call('GET', `${V1}?fieldSelector=regarding.name%3Dd-pod`);
    assert.deepEqual(names(byV1.json), ['d']);
    assert.equal(byV1.json.items[0].note, 'pulled image');
    const reporter = await s.call('GET', `${V1}?fieldSelector=reportingController%3Dexample.com%2Fscaler,regarding.kind%3DDeployment`);
    assert.deepEqual(names(reporter.json), ['a', 'c']);
    const byLabel = await s.call('GET', `${CORE}?labelSelector=via%3Devents`);
    assert.deepEqual(names(byLabel.json), ['a', 'c']);
    const coreLabel = await s.call('GET', `${V1}?fieldSelector=involvedObject.name%3Dd-pod`);
    assert.equal(coreLabel.status, 400);
    assert.equal(coreLabel.json.message, 'field label not supported: involvedObject.name');
  });

  it('pages over Events written through both APIs', async () => {
    const seen: string[] = [];
    let token = '';
    do {
      const page = await s.call('GET', `${V1}?limit=2${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
      assert.equal(page.status, 200, page.text);
      assert.ok(page.json.items.length <= 2);
      seen.push(...page.json.items.map((i: any) => i.metadata.name));
      token = page.json.metadata.continue ?? '';
    } while (token);
    assert.deepEqual(seen.sort(), names(JSON.parse((await s.call('GET', CORE)).text)));
    assert.ok(seen.includes('a') && seen.includes('b'));
  });

  it('watches through each view see the other view\'s writes, converted and selected in their own terms', async () => {
    const rv = (await s.call('GET', CORE)).json.metadata.resourceVersion;
    const coreWatch = await s.watch(`${CORE}?watch=true&resourceVersion=${rv}&fieldSelector=involvedObject.name%3Dw1-target`);
    const v1Watch = await s.watch(`${V1}?watch=true&resourceVersion=${rv}&fieldSelector=regarding.name%3Dw2-pod`);
    const v1All = await s.watch(`${V1}?watch=true&resourceVersion=${rv}`);
    await s.call('POST', V1, v1Event('w1'));
    await s.call('POST', CORE, coreEvent('w2'));
    await s.call('DELETE', `${CORE}/w1`);
    await until('watch events', () => coreWatch.events.length >= 2 && v1Watch.events.length >= 1 && v1All.events.length >= 3);
    assert.deepEqual(coreWatch.events.map((e) => [e.type, e.object.apiVersion, e.object.metadata.name, e.object.message]), [
      ['ADDED', 'v1', 'w1', 'scaled to 3'],
      ['DELETED', 'v1', 'w1', 'scaled to 3'],
    ]);
    assert.deepEqual(v1Watch.events.map((e) => [e.type, e.object.apiVersion, e.object.metadata.name, e.object.note, e.object.regarding.name]), [['ADDED', 'events.k8s.io/v1', 'w2', 'pulled image', 'w2-pod']]);
    assert.deepEqual(v1All.events.map((e) => [e.type, e.object.apiVersion, e.object.metadata.name]), [
      ['ADDED', 'events.k8s.io/v1', 'w1'],
      ['ADDED', 'events.k8s.io/v1', 'w2'],
      ['DELETED', 'events.k8s.io/v1', 'w1'],
    ]);
    assert.ok(v1All.events.every((e) => 'regarding' in e.object && !('involvedObject' in e.object)));
    for (const w of [coreWatch, v1Watch, v1All]) w.stop();
  });

  it('patches through events.k8s.io/v1 in its own field names, stored as the core Event; what happened is immutable there', async () => {
    await s.call('POST', CORE, coreEvent('p', { eventTime: '2026-01-01T00:00:00.000000Z', reportingComponent: 'kubelet', reportingInstance: 'node-1', action: 'Pull' }));
    const merged = await s.call('PATCH', `${V1}/p`, { series: { count: 2, lastObservedTime: '2026-01-01T00:00:05.000000Z' }, metadata: { labels: { seen: 'yes' } } });
    assert.equal(merged.status, 200, merged.text);
    assert.equal(merged.json.note, 'pulled image');
    assert.equal(merged.json.series.count, 2);
    assert.equal(merged.json.apiVersion, 'events.k8s.io/v1');
    const core = (await s.call('GET', `${CORE}/p`)).json;
    assert.equal(core.series.count, 2);
    assert.equal(core.metadata.labels.seen, 'yes');
    assert.ok(!('note' in core));

    const json = await s.call('PATCH', `${V1}/p`, [{ op: 'replace', path: '/series/count', value: 4 }], { 'content-type': 'application/json-patch+json' });
    assert.equal(json.status, 200, json.text);
    assert.equal((await s.call('GET', `${CORE}/p`)).json.series.count, 4);

    const strategic = await s.call('PATCH', `${V1}/p`, { metadata: { labels: { more: 'yes' } } }, { 'content-type': 'application/strategic-merge-patch+json' });
    assert.equal(strategic.status, 200, strategic.text);
    assert.equal((await s.call('GET', `${CORE}/p`)).json.metadata.labels.more, 'yes');

    // kube-apiserver's update rules for events.k8s.io/v1: the note, the object regarded, the
    // counts of core/v1 are immutable through it; core/v1 may still change them.
    const note = await s.call('PATCH', `${V1}/p`, { note: 'pulled again', regarding: { fieldPath: 'spec.containers{d}' } });
    assert.equal(note.status, 422, note.text);
    assert.deepEqual(note.json.details.causes.map((c: any) => `${c.field}: ${c.message}`), [
      `regarding: Invalid value: ${JSON.stringify({ ...core.involvedObject, fieldPath: 'spec.containers{d}' })}: field is immutable`,
      'note: Invalid value: "pulled again": field is immutable',
    ]);
    const count = await s.call('PATCH', `${V1}/p`, [{ op: 'replace', path: '/deprecatedCount', value: 4 }], { 'content-type': 'application/json-patch+json' });
    assert.equal(count.status, 422, count.text);
    assert.equal((await s.call('GET', `${CORE}/p`)).json.message, 'pulled image');
    assert.equal((await s.call('PATCH', `${CORE}/p`, { message: 'pulled again', count: 4 })).status, 200);
    assert.equal((await s.call('GET', `${V1}/p`)).json.note, 'pulled again');

    const applied = await s.call('PATCH', `${V1}/p?fieldManager=tagger`, { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'p', annotations: { tagged: 'true' } } }, { 'content-type': 'application/apply-patch+yaml' });
    assert.equal(applied.status, 200, applied.text);
    const after = (await s.call('GET', `${CORE}/p`)).json;
    assert.equal(after.metadata.annotations.tagged, 'true');
    assert.equal(after.message, 'pulled again');
    const tagger = after.metadata.managedFields.find((m: any) => m.manager === 'tagger');
    assert.equal(tagger.apiVersion, 'events.k8s.io/v1');
    assert.equal(tagger.operation, 'Apply');
  });

  it('updates (and creates on update) through either view', async () => {
    const put = await s.call('PUT', `${V1}/u`, v1Event('u'));
    assert.equal(put.status, 201, put.text);
    assert.equal((await s.call('GET', `${CORE}/u`)).json.message, 'scaled to 3');
    const live = (await s.call('GET', `${CORE}/u`)).json;
    const replaced = await s.call('PUT', `${CORE}/u`, { ...live, message: 'replaced' });
    assert.equal(replaced.status, 200, replaced.text);
    const v1 = (await s.call('GET', `${V1}/u`)).json;
    assert.equal(v1.note, 'replaced');
    const again = await s.call('PUT', `${V1}/u`, { ...v1, series: { count: 3, lastObservedTime: '2026-01-01T00:00:09.000000Z' } });
    assert.equal(again.status, 200, again.text);
    assert.equal((await s.call('GET', `${CORE}/u`)).json.series.count, 3);
    const corePut = await s.call('PUT', `${CORE}/u2`, coreEvent('u2'));
    assert.equal(corePut.status, 201, corePut.text);
    assert.equal((await s.call('GET', `${V1}/u2`)).json.note, 'pulled image');
  });

  it('validates each write by the rules, and in the field names, of the view it came through', async () => {
    const bad = await s.call('POST', V1, v1Event('bad', { note: 'x'.repeat(1025), reportingController: '' }));
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.json.details.causes.map((c: any) => c.field), ['reportingController', 'note']);
    // The same Event is a valid core/v1 one: core's looser rules apply to writes through core.
    assert.equal((await s.call('POST', CORE, coreEvent('bad', { message: 'x'.repeat(1025) }))).status, 201);
    // An Event a core/v1 client wrote (no eventTime) may be labelled through events.k8s.io/v1 ...
    assert.equal((await s.call('PATCH', `${V1}/bad`, { metadata: { labels: { l: '1' } } })).status, 200);
    // ... but one that has an eventTime must keep naming who reported it, in v1's terms.
    await s.call('POST', V1, v1Event('strict'));
    const tooLong = await s.call('PATCH', `${V1}/strict`, { note: 'y'.repeat(1025) });
    assert.equal(tooLong.status, 422, tooLong.text);
    assert.deepEqual(tooLong.json.details.causes.map((c: any) => c.field), ['note', 'note']);
    assert.equal((await s.call('GET', `${CORE}/strict`)).json.message, 'scaled to 3');
    // core/v1's fields, read through events.k8s.io/v1 as deprecated*, are not written through it.
    const deprecated = await s.call('POST', V1, v1Event('dep', { deprecatedCount: 2, deprecatedSource: { component: 'x' }, deprecatedLastTimestamp: '2026-01-01T00:00:05Z', series: { count: 1 } }));
    assert.equal(deprecated.status, 422, deprecated.text);
    assert.deepEqual(deprecated.json.details.causes.map((c: any) => `${c.field}: ${c.message}`), [
      'series.count: Invalid value: "": should be at least 2',
      'series.lastObservedTime: Required value',
      'deprecatedLastTimestamp: Invalid value: "": needs to be unset',
      'deprecatedCount: Invalid value: "": needs to be unset',
      'deprecatedSource: Invalid value: "": needs to be unset',
    ]);
  });

  it('deletes through one view what the other wrote, and deletecollection selects in its own terms', async () => {
    await s.call('POST', V1, v1Event('x1'));
    await s.call('POST', CORE, coreEvent('x2'));
    assert.equal((await s.call('DELETE', `${CORE}/x1`)).status, 200);
    assert.equal((await s.call('GET', `${V1}/x1`)).status, 404);
    const gone = await s.call('DELETE', `${V1}/x2`);
    assert.equal(gone.status, 200, gone.text);
    const missing = await s.call('GET', `${CORE}/x2`);
    assert.equal(missing.status, 404);
    await s.call('POST', CORE, coreEvent('x3'));
    const collection = await s.call('DELETE', `${V1}?fieldSelector=regarding.name%3Dx3-pod`);
    assert.equal(collection.status, 200, collection.text);
    assert.deepEqual(collection.json.items.map((i: any) => [i.apiVersion, i.metadata.name, i.note]), [['events.k8s.io/v1', 'x3', 'pulled image']]);
    assert.equal((await s.call('GET', `${CORE}/x3`)).status, 404);
    const notFound = await s.call('DELETE', `${V1}/x3`);
    assert.equal(notFound.json.message, 'events.events.k8s.io "x3" not found');
  });

  it('discovery gives both the stored kind\'s storageVersionHash', async () => {
    const hashOf = async (path: string) => (await s.call('GET', path)).json.resources.find((r: any) => r.name === 'events').storageVersionHash;
    const core = await hashOf('/api/v1');
    assert.ok(core);
    assert.equal(await hashOf('/apis/events.k8s.io/v1'), core);
  });

  it('prints both views as tables (kubectl get events / events.v1.events.k8s.io)', async () => {
    const table = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
    const core = await s.call('GET', `${CORE}?fieldSelector=involvedObject.name%3Da-target`, undefined, table);
    assert.equal(core.json.kind, 'Table');
    const columns = core.json.columnDefinitions.map((c: any) => c.name);
    const row = (t: any) => Object.fromEntries(columns.map((c: string, i: number) => [c, t.rows[0].cells[i]]));
    assert.deepEqual([row(core.json).Reason, row(core.json).Object, row(core.json).Message, row(core.json).Source], ['Scaled', 'deployment/a-target', 'scaled to 3', 'example.com/scaler, scaler-1']);
    const v1 = await s.call('GET', `${V1}?fieldSelector=regarding.name%3Db-pod`, undefined, table);
    assert.deepEqual([row(v1.json).Reason, row(v1.json).Object, row(v1.json).Message, row(v1.json).Name], ['Pulled', 'pod/b-pod', 'pulled image', 'b']);
  });
});
