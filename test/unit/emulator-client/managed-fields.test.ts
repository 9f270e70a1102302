// The shared informers drop metadata.managedFields, wherever their objects come from. Cut out
// of the JSON text before parsing, the result must be exactly what parsing and stripping gives.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Informer } from '../../../src/emulator/client/informer';
import { LoopbackClient } from '../../../src/emulator/client/loopback-client';
import { parseWithoutManagedFields, stripManagedFields, withoutManagedFields } from '../../../src/emulator/client/managed-fields';
import { R } from '../../../src/emulator/client/paths';
import { SharedInformers } from '../../../src/emulator/client/shared-informers';
import { OMIT_MANAGED_FIELDS_PARAM } from '../../../src/emulator/apiserver/render';
import { InformerClient } from '../../../src/emulator/control-loops';
import { testServer } from '../apiserver/support';

function parsedAndStripped(json: string): unknown {
  const obj: unknown = JSON.parse(json);
  stripManagedFields(obj);
  return obj;
}

/** Same value and same key order. */
function assertSameAsStripping(json: string): void {
  const expected = JSON.stringify(parsedAndStripped(json));
  assert.equal(JSON.stringify(parseWithoutManagedFields(json)), expected, json);
}

const managedFields = [
  { manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {} } } } }, subresource: 'status' },
  { manager: 'odd "manager" \\ with ] and } inside', operation: 'Apply', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:a]b': {}, 'v:"x\\\\"': {} } } } },
];

describe('cutting managedFields out of an object\'s JSON', () => {
  it('drops them wherever they are in metadata, and nothing else', () => {
    const cases: unknown[] = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', managedFields }, spec: { nodeName: 'n' } },
      { metadata: { managedFields, name: 'a' } },
      { metadata: { managedFields } },
      { kind: 'Pod', metadata: { name: 'a', labels: { x: '"managedFields":[' }, managedFields, resourceVersion: '5' } },
      // A template's metadata is not the object's: its managedFields stay.
      { kind: 'ReplicaSet', spec: { template: { metadata: { managedFields } } }, metadata: { name: 'rs', managedFields } },
      { kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { template: { metadata: { managedFields } } } },
      { kind: 'X', data: [1, true, null, -2.5e-7, 'a\\', { b: ['"', '\\"'] }], metadata: { name: 'x', generation: 3, deletionGracePeriodSeconds: 0, managedFields: [] } },
    ];
    for (const c of cases) assertSameAsStripping(JSON.stringify(c));
    assert.equal(withoutManagedFields(JSON.stringify(cases[0])), JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: { nodeName: 'n' } }));
  });

  it('leaves to the parser what it does not recognise', () => {
    for (const json of ['{"metadata":{"name":"a"}}', '{"kind":"Status","code":410}', '{ "metadata": {"managedFields": []} }', '{"metadata":{}}', '[]', '"text"', '{}']) {
      assert.equal(withoutManagedFields(json), undefined, json);
      assertSameAsStripping(json);
    }
  });

  it('agrees with parsing and stripping on random objects', () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
    const strings = ['', 'a', '"', '\\', '\\"', ']', '}', '{"k":[1]}', 'managedFields', '"managedFields":[]', 'ü\u2028'];
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 3 || r < 0.3) return pick<unknown>([pick(strings), 0, -1.5, 1e21, true, false, null]);
      if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      const o: Record<string, unknown> = {};
      for (let k = Math.floor(random() * 4); k > 0; k--) o[pick([...strings, 'metadata', 'managedFields', 'x', 'y'])] = value(depth + 1);
      return o;
    };
    for (let n = 0; n < 500; n++) {
      const metadata: Record<string, unknown> = {};
      for (let k = Math.floor(random() * 5); k > 0; k--) metadata[pick(['name', 'labels', 'annotations', 'uid', strings[Math.floor(random() * strings.length)]])] = value(1);
      if (random() < 0.8) metadata.managedFields = value(0);
      const obj: Record<string, unknown> = {};
      for (const key of ['apiVersion', 'metadata', 'spec', 'status'].sort(() => random() - 0.5)) obj[key] = key === 'metadata' ? metadata : value(0);
      assertSameAsStripping(JSON.stringify(obj));
    }
  });
});

it('the shared informers\' client caches watched objects without managedFields, otherwise as stored', async () => {
  const s = await testServer();
  const informer = new Informer(new InformerClient(s.api, 'shared-informers'), R.configMaps, { clock: s.clock, omitManagedFields: true });
  await informer.start();
  const client = new LoopbackClient(s.api, 'test/v0');
  const ref = { ...R.configMaps, namespace: 'default' };
  await client.create(ref, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { x: 'y' } }, data: { k: 'v' } });
  const stored = await client.patch<any>({ ...ref, name: 'a' }, { data: { k: 'w' } });
  assert.ok(stored.metadata.managedFields.length > 0, 'the server keeps them');
  const deadline = Date.now() + 3000;
  while (informer.get('default', 'a')?.data?.k !== 'w') {
    assert.ok(Date.now() < deadline, 'the informer saw the patch');
    await new Promise((r) => setImmediate(r));
  }
  const { managedFields: _m, ...metadata } = stored.metadata;
  assert.deepEqual(informer.get('default', 'a'), { ...stored, metadata });
  informer.stop();
  await s.close();
});

it('shared informers ask in-process watches to omit managedFields; streams read as HTTP still carry them', async () => {
  const s = await testServer();
  const informers = new SharedInformers(new LoopbackClient(s.api, 'shared-informers'), { clock: s.clock });
  const informer = informers.for(R.configMaps);
  await informers.start();
  const client = new LoopbackClient(s.api, 'test/v0');
  const ref = { ...R.configMaps, namespace: 'default' };
  const created = await client.create<any>(ref, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', annotations: { managedFields: 'kept' } }, data: { k: 'v' } });
  assert.ok(created.metadata.managedFields.length > 0);
  const deadline = Date.now() + 3000;
  while (!informer.get('default', 'b')) {
    assert.ok(Date.now() < deadline, 'the informer saw the create');
    await new Promise((r) => setImmediate(r));
  }
  const { managedFields: _m, ...metadata } = created.metadata;
  assert.deepEqual(informer.get('default', 'b'), { ...created, metadata });
  // The same parameter on a stream read frame by frame (as the HTTPS server reads it): as stored.
  const res = await s.api.handle({ method: 'GET', path: '/api/v1/namespaces/default/configmaps', query: new URLSearchParams({ watch: 'true', resourceVersion: '0', [OMIT_MANAGED_FIELDS_PARAM]: 'true' }), headers: { accept: 'application/json' } });
  const frames: string[] = [];
  res.watch!.start((f) => frames.push(f), () => undefined);
  res.watch!.stop();
  const objects = frames.join('').split('\n').filter((l) => l).map((l) => JSON.parse(l).object);
  assert.deepEqual(objects.find((o) => o.metadata.name === 'b'), created);
  informers.stop();
  await s.close();
});

it('an informer that omits managedFields strips them from streams read frame by frame too', async () => {
  const s = await testServer();
  // A handler whose watches offer only frames (as a stream that cannot honour the parameter).
  const framesOnly = {
    handle: async (req: Parameters<typeof s.api.handle>[0]) => {
      const res = await s.api.handle(req);
      return res.watch ? { ...res, watch: { start: res.watch.start.bind(res.watch), stop: res.watch.stop.bind(res.watch) } } : res;
    },
  };
  const informer = new Informer(new LoopbackClient(framesOnly, 'shared-informers'), R.configMaps, { clock: s.clock, omitManagedFields: true });
  await informer.start();
  const client = new LoopbackClient(s.api, 'test/v0');
  const created = await client.create<any>({ ...R.configMaps, namespace: 'default' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } });
  assert.ok(created.metadata.managedFields.length > 0);
  const deadline = Date.now() + 3000;
  while (!informer.get('default', 'c')) {
    assert.ok(Date.now() < deadline, 'the informer saw the create');
    await new Promise((r) => setImmediate(r));
  }
  const { managedFields: _m, ...metadata } = created.metadata;
  assert.deepEqual(informer.get('default', 'c'), { ...created, metadata });
  informer.stop();
  await s.close();
});
