// Session 4's write-path shortcuts, each against the general path it replaces: the unknown-field
// walk that skips what a status patch shares with the live object, and the cheaper sameJson,
// managerOf, mediaTypeOf, label checks, path-element test and in-process requests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mediaTypeOf } from '../../../src/emulator/apiserver/codec';
import { managerOf } from '../../../src/emulator/apiserver/handlers/write-options';
import { validateAnnotations, validateLabels } from '../../../src/emulator/apiserver/admission/meta';
import { sameJson } from '../../../src/emulator/apiserver/object-meta';
import { applyMergePatch } from '../../../src/emulator/apiserver/patch/merge-patch';
import { FieldSet, isCanonicalFieldsV1 } from '../../../src/emulator/apiserver/patch/fieldset';
import { valueRequest, type ApiRequest } from '../../../src/emulator/apiserver/request';
import { SchemaRegistry } from '../../../src/emulator/apiserver/schema/index';
import { FakeClock } from '../../../src/kube/clock';
import { ApiServer } from '../../../src/emulator/apiserver/server';
import { defaultModules } from '../../../src/emulator/cluster';
import { openStore } from '../../../src/emulator/store/index';
import { testServer } from './support';

/** A small deterministic PRNG, so a failure replays. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function livePod(): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, uid: 'u-1', resourceVersion: '7', managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:containers': {} } } }] },
    spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: 'b' }] }], nodeName: 'n1' },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }], qosClass: 'BestEffort' },
  };
}

/** A status patch with unknown fields in random places (status, metadata, spec, lists), or none. */
function damagedPatch(next: () => number): any {
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
  const bogus = () => (next() < 0.5 ? { bogus: 1 } : {});
  const patch: any = { status: { phase: pick(['Running', 'Failed', null]), ...bogus() } };
  if (next() < 0.5) patch.status.conditions = [{ type: 'Ready', status: 'True', ...bogus() }, { type: 'X', status: 'False' }];
  if (next() < 0.5) patch.status.containerStatuses = [{ name: 'app', ready: true, restartCount: 0, image: 'x', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:00Z', ...bogus() } } }];
  if (next() < 0.3) patch.metadata = { labels: { extra: 'y' }, ...bogus() };
  if (next() < 0.3) patch.spec = next() < 0.5 ? { nodeName: 'n2', ...bogus() } : { containers: [{ name: 'app', image: 'x', ...bogus() }] };
  if (next() < 0.2) patch.status.qosClass = null;
  if (next() < 0.2) patch[pick(['kind', 'extraTop'])] = 'v';
  return patch;
}

describe('unknown fields of a status merge patch', () => {
  const schemas = new SchemaRegistry();
  it('walking only what the result does not share with a clean live object reports the same paths', () => {
    const next = rng(42);
    let reported = 0;
    for (let i = 0; i < 400; i++) {
      const live = livePod();
      const result = applyMergePatch(live, damagedPatch(next));
      const full = schemas.unknownFields('', 'v1', 'Pod', result);
      assert.deepEqual(schemas.unknownFields('', 'v1', 'Pod', result, live), full, `case ${i}`);
      reported += full.length;
    }
    assert.ok(reported > 100, 'the cases do carry unknown fields');
  });

  it('a live object with unknown fields of its own is only skipped where it is passed as clean', () => {
    const live = livePod();
    live.spec.containers[0].stale = true;
    const result = applyMergePatch(live, { status: { phase: 'Running' } });
    assert.deepEqual(schemas.unknownFields('', 'v1', 'Pod', result), ['spec.containers[0].stale']);
    assert.deepEqual(schemas.unknownFields('', 'v1', 'Pod', result, live), []);
  });

  it('objects this server stores have no unknown fields (what the shortcut relies on)', async () => {
    const s = await testServer();
    try {
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx', bogus: 1, ports: [{ containerPort: 80 }] }], bogusSpec: 2 } };
      assert.equal((await s.call('POST', '/api/v1/namespaces/default/pods', pod)).status, 201);
      await s.call('POST', '/api/v1/namespaces/default/pods/p/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { kind: 'Node', name: 'n1' } });
      await s.call('PATCH', '/api/v1/namespaces/default/pods/p/status', { status: { phase: 'Running', bogusStatus: 1 } });
      await s.call('PATCH', '/api/v1/namespaces/default/pods/p', { metadata: { labels: { x: 'y' } }, spec: { bogus2: 1 } }, { 'content-type': 'application/strategic-merge-patch+json' });
      const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i', bogus: 1 }] } } } };
      await s.call('POST', '/apis/apps/v1/namespaces/default/deployments?fieldValidation=Ignore', deploy);
      await s.call('POST', '/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }], bogus: 1 } });
      await s.call('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { capacity: { cpu: '4' }, bogus: 1 } });
      await s.call('POST', '/api/v1/namespaces/default/events', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p' }, reason: 'R', bogus: 1 });
      let checked = 0;
      for (const v of s.store.list('/registry/').items) {
        const obj = JSON.parse(v.json);
        const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
        assert.deepEqual(s.api.context.modules.schema.unknownFields(group, version, obj.kind, obj), [], v.key);
        checked++;
      }
      assert.ok(checked > 10);
    } finally {
      await s.close();
    }
  });

  it('a server started on a store that already held objects walks the live object in full', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const store = await openStore({ clock, compactionIntervalMs: 0, log: () => undefined });
    try {
      // A value this server did not write (as if recovered from disk), with an unknown field.
      await store.create('/registry/core/namespaces/default', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } } as any);
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { containers: [{ name: 'app', image: 'nginx', stale: 1 }] }, status: { phase: 'Pending' } };
      await store.create('/registry/core/pods/default/p', pod as any);
      const api = new ApiServer({ store, clock, modules: defaultModules(), log: () => undefined });
      const req: ApiRequest = { method: 'PATCH', path: '/api/v1/namespaces/default/pods/p/status', query: new URLSearchParams(), headers: { 'content-type': 'application/merge-patch+json', 'user-agent': 'kubelet/1' }, body: Buffer.from(JSON.stringify({ status: { phase: 'Running' } })) };
      const res = await api.handle(req);
      assert.equal(res.status, 200);
      assert.equal(res.headers.warning, '299 - "unknown field \\"spec.containers[0].stale\\""');
      api.stop();
    } finally {
      await store.close();
    }
  });
});

describe('managedFields of the live object on a status write', () => {
  const pod = (name: string, managedFields?: unknown) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...(managedFields ? { managedFields } : {}) }, spec: { containers: [{ name: 'app', image: 'nginx' }] } });
  const status = { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } };

  it('keeps entries this server wrote as they are, and re-encodes entries a client stored untracked', async () => {
    const s = await testServer();
    try {
      assert.equal((await s.call('POST', '/api/v1/namespaces/default/pods', pod('tracked'), { 'user-agent': 'kubectl/v1.34.0' })).status, 201);
      const patched = await s.call('PATCH', '/api/v1/namespaces/default/pods/tracked/status', status, { 'user-agent': 'kubelet/v1.34.0' });
      assert.deepEqual(
        patched.json.metadata.managedFields.map((e: any) => e.manager),
        ['kubectl', 'kubelet'],
      );
      assert.notEqual(s.api.context.storedUntrackedManagedFields, true, 'tracked writes keep the shortcut on');
      // No User-Agent and no fieldManager: nothing tracks the write, so the entries are stored as sent.
      const sent = [{ manager: 'x', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:b': {}, 'f:a': {} } } }];
      const created = await s.call('POST', '/api/v1/namespaces/default/pods', pod('untracked', sent));
      assert.equal(created.status, 201);
      assert.match(created.text, /"fieldsV1":\{"f:spec":\{"f:b":\{\},"f:a":\{\}\}\}/);
      assert.equal(s.api.context.storedUntrackedManagedFields, true);
      const after = await s.call('PATCH', '/api/v1/namespaces/default/pods/untracked/status', status, { 'user-agent': 'kubelet/v1.34.0' });
      assert.equal(after.status, 200);
      assert.match(after.text, /"manager":"x",[^}]*"fieldsV1":\{"f:spec":\{"f:a":\{\},"f:b":\{\}\}\}/, 'the non-canonical entry is written back in canonical order');
    } finally {
      await s.close();
    }
  });
});

/** The previous sameJson, as the reference. */
function sameJsonReference(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameJsonReference(v, (b as unknown[])[i]));
  const ka = Object.keys(a).filter((k) => (a as any)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as any)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJsonReference((a as any)[k], (b as any)[k]));
}

describe('sameJson', () => {
  it('agrees with the filtered-keys comparison on random near-equal values', () => {
    const next = rng(7);
    const value = (depth: number): unknown => {
      const r = next();
      if (depth > 3 || r < 0.3) return [1, 0, 'a', '', null, true, false, undefined][Math.floor(next() * 8)];
      if (r < 0.5) return Array.from({ length: Math.floor(next() * 3) }, () => value(depth + 1));
      const o: Record<string, unknown> = {};
      for (const k of ['a', 'b', 'c', '1', 'constructor'].slice(0, Math.floor(next() * 5))) o[k] = value(depth + 1);
      return o;
    };
    const mutate = (v: unknown): unknown => {
      if (next() < 0.2) return value(2);
      if (Array.isArray(v)) return v.map(mutate);
      if (typeof v === 'object' && v !== null) {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(v).reverse()) if (next() > 0.1) out[k] = mutate((v as any)[k]);
        if (next() < 0.1) out.extra = next() < 0.5 ? undefined : 1;
        return out;
      }
      return v;
    };
    let equal = 0;
    for (let i = 0; i < 3000; i++) {
      const a = value(0);
      const b = next() < 0.4 ? JSON.parse(JSON.stringify({ v: a }) ?? 'null').v : mutate(a);
      const expected = sameJsonReference(a, b);
      assert.equal(sameJson(a, b), expected, `case ${i}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      if (expected) equal++;
    }
    assert.ok(equal > 300 && equal < 2700, `both outcomes are exercised (${equal} equal)`);
  });
});

describe('small per-request shortcuts', () => {
  const req = (ua: string | undefined, query = ''): ApiRequest => ({ method: 'POST', path: '/', query: new URLSearchParams(query), headers: ua === undefined ? {} : { 'user-agent': ua } });

  it('managerOf takes the User-Agent up to its first slash, at most 128 characters', () => {
    assert.equal(managerOf(req('kubectl/v1.34.0 (linux/amd64) kubernetes/abc')), 'kubectl');
    assert.equal(managerOf(req('no-slash-agent')), 'no-slash-agent');
    assert.equal(managerOf(req('/leading')), '');
    assert.equal(managerOf(req(undefined)), '');
    assert.equal(managerOf(req(`${'x'.repeat(200)}/1`)), 'x'.repeat(128));
    assert.equal(managerOf(req('kubectl/1', 'fieldManager=helm')), 'helm');
  });

  it('mediaTypeOf gives the bare, lower-case media type', () => {
    for (const [header, type] of [
      ['application/json', 'application/json'],
      ['application/merge-patch+json', 'application/merge-patch+json'],
      ['application/strategic-merge-patch+json', 'application/strategic-merge-patch+json'],
      ['Application/JSON; charset=utf-8', 'application/json'],
      [' application/apply-patch+yaml ', 'application/apply-patch+yaml'],
      [undefined, ''],
    ] as const) {
      assert.equal(mediaTypeOf(header), type);
    }
  });

  it('label and annotation checks report an invalid key or value every time, after valid ones were remembered', () => {
    for (let round = 0; round < 2; round++) {
      assert.deepEqual(validateLabels({ app: 'web', 'example.com/tier': 'front' }, 'metadata.labels'), []);
      const bad = validateLabels({ 'bad key': 'web', app: 'not valid!' }, 'metadata.labels');
      assert.deepEqual(
        bad.map((c) => c.field),
        ['metadata.labels', 'metadata.labels'],
      );
      assert.match(bad[0].message, /bad key/);
      assert.match(bad[1].message, /not valid!/);
      assert.equal(validateAnnotations({ 'Example.com/Note': 'x' }, 'metadata.annotations').length, 0);
      assert.equal(validateAnnotations({ '-bad': 'x' }, 'metadata.annotations').length, 1);
    }
  });

  it('isCanonicalFieldsV1 accepts exactly the path elements f:, k:, v: and i:', () => {
    for (const pe of ['f:a', 'k:{"name":"x"}', 'v:"x"', 'i:0']) assert.equal(isCanonicalFieldsV1({ [pe]: {} }), true, pe);
    for (const pe of ['f', 'x:a', 'F:a', ':a', 'fa', '', 'f;a', 'kk:a']) assert.equal(isCanonicalFieldsV1({ [pe]: {} }), false, pe);
    assert.deepEqual(FieldSet.fromFieldsV1({ 'f:spec': { 'f:a': {} } }).toFieldsV1(), { 'f:spec': { 'f:a': {} } });
  });

  it('an in-process request serializes its body only when read, as the value it carries', () => {
    const value = { kind: 'Pod', metadata: { name: 'x' }, n: 1 };
    const r = valueRequest('POST', '/api/v1/pods', new URLSearchParams(), { 'content-type': 'application/json' }, value);
    assert.equal(r.object, value);
    assert.equal(r.method, 'POST');
    assert.equal(String(r.body), JSON.stringify(value));
    assert.equal(r.body, r.body, 'serialized once');
  });
});
