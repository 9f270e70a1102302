// Custom resources validated against their CRD version's openAPIV3Schema (422 Invalid with
// kube-apiserver's field paths and messages) and defaulted from its `default` values, on writes
// and on reads of objects stored before a default was added.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testServer, until, widgetCrd, type TestServer } from './support';

const BASE = '/apis/example.com/v1/namespaces/default/widgets';
const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

function crd(extra: Record<string, unknown> = {}): any {
  return widgetCrd(
    {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          required: ['size'],
          properties: {
            size: { type: 'string', enum: ['small', 'big'] },
            replicas: { type: 'integer', minimum: 1, maximum: 10, ...extra },
            ratio: { type: 'number', exclusiveMinimum: true, minimum: 0, exclusiveMaximum: true, maximum: 1 },
            step: { type: 'integer', multipleOf: 5 },
            name: { type: 'string', minLength: 3, maxLength: 8, pattern: '^[a-z]+$' },
            note: { type: 'string', nullable: true },
            id: { type: 'string', format: 'uuid' },
            at: { type: 'string', format: 'date-time' },
            width: { type: 'integer', format: 'int32' },
            port: { 'x-kubernetes-int-or-string': true },
            extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
            tags: { type: 'array', minItems: 1, maxItems: 3, items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
            ports: {
              type: 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['name'],
              items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, protocol: { type: 'string', default: 'TCP' } } },
            },
            labels: { type: 'object', maxProperties: 2, minProperties: 1, additionalProperties: { type: 'string', maxLength: 4 } },
            mode: { type: 'string', anyOf: [{ enum: ['a'] }, { enum: ['b'] }] },
            color: { type: 'string', not: { enum: ['red'] } },
            policy: { type: 'object', properties: { retries: { type: 'integer', default: 3 }, backoff: { type: 'string', default: 'linear' } } },
          },
        },
        status: { type: 'object', properties: { ready: { type: 'integer', minimum: 0 } } },
      },
    },
    { subresources: { status: {} } },
  );
}

function widget(name: string, spec: Record<string, unknown>): any {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name }, spec };
}

async function refused(s: TestServer, spec: Record<string, unknown>): Promise<string[]> {
  const res = await s.call('POST', BASE, widget('bad', spec));
  assert.equal(res.status, 422, res.text);
  assert.equal(res.json.reason, 'Invalid');
  assert.equal(res.json.details.kind, 'Widget');
  assert.equal(res.json.details.group, 'example.com');
  assert.equal((await s.call('GET', `${BASE}/bad`)).status, 404);
  return res.json.details.causes.map((c: any) => `${c.field}: ${c.message}`);
}

describe('custom resources against their schema', () => {
  test('each rule refuses with kube-apiserver\'s path and message', async () => {
    const s = await testServer();
    try {
      assert.equal((await s.call('POST', CRD_PATH, crd())).status, 201);
      const res = await s.call('POST', BASE, widget('bad', { size: 'big', replicas: 'three' }));
      assert.equal(res.status, 422);
      assert.equal(res.json.message, 'Widget.example.com "bad" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"');
      assert.equal(res.json.details.causes[0].reason, 'FieldValueTypeInvalid');
      const cases: [Record<string, unknown>, string[]][] = [
        [{}, ['spec.size: Required value']],
        [{ size: 'huge' }, ['spec.size: Unsupported value: "huge": supported values: "small", "big"']],
        [{ size: 'big', replicas: 0 }, ['spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1']],
        [{ size: 'big', replicas: 11 }, ['spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10']],
        [{ size: 'big', replicas: 2.5 }, ['spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"']],
        [{ size: 'big', ratio: 1 }, ['spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1']],
        [{ size: 'big', ratio: 0 }, ['spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0']],
        [{ size: 'big', step: 7 }, ['spec.step: Invalid value: 7: spec.step in body should be a multiple of 5']],
        [{ size: 'big', name: 'ab' }, ['spec.name: Invalid value: "ab": spec.name in body should be at least 3 chars long']],
        [{ size: 'big', name: 'abcdefghij' }, ['spec.name: Too long: may not be more than 8 bytes']],
        [{ size: 'big', name: 'ab1' }, ['spec.name: Invalid value: "ab1": spec.name in body should match \'^[a-z]+$\'']],
        [{ size: 'big', name: null }, ['spec.name: Invalid value: "null": spec.name in body must be of type string: "null"']],
        [{ size: 'big', id: 'nope' }, ['spec.id: Invalid value: "nope": spec.id in body must be of type uuid: "nope"']],
        [{ size: 'big', at: '2026-01-01 10:00:00' }, ['spec.at: Invalid value: "2026-01-01 10:00:00": spec.at in body must be of type date-time: "2026-01-01 10:00:00"']],
        [{ size: 'big', port: true }, ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"']],
        [{ size: 'big', template: { metadata: {} } }, ['spec.template.apiVersion: Required value: must not be empty', 'spec.template.kind: Required value: must not be empty']],
        [{ size: 'big', tags: [] }, ['spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items']],
        [{ size: 'big', tags: ['a', 'b', 'c', 'd'] }, ['spec.tags: Too many: 4: must have at most 3 items']],
        [{ size: 'big', tags: ['a', 'a'] }, ['spec.tags[1]: Duplicate value: "a"']],
        [{ size: 'big', ports: [{ name: 'http' }, { name: 'http' }] }, ['spec.ports[1]: Duplicate value: map[string]interface {}{"name":"http"}']],
        [{ size: 'big', tags: ['a', 'a', 'a', 'b', 'b'] }, ['spec.tags: Too many: 5: must have at most 3 items', 'spec.tags[1]: Duplicate value: "a"', 'spec.tags[4]: Duplicate value: "b"']],
        [{ size: 'big', ports: ['x'] }, ['spec.ports[0]: Invalid value: "string": spec.ports[0] in body must be of type object: "string"', 'spec.ports[0]: Invalid value: "x": must be an object for an array of list-type map']],
        [
          { size: 'big', tags: ['a', 'a'], template: {}, replicas: 0 },
          [
            'spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1',
            'spec.template.apiVersion: Required value: must not be empty',
            'spec.template.kind: Required value: must not be empty',
            'spec.tags[1]: Duplicate value: "a"',
          ],
        ],
        [{ size: 'big', ports: [{ protocol: 'UDP' }] }, ['spec.ports[0].name: Required value']],
        [{ size: 'big', labels: { a: 'x', b: 'y', c: 'z' } }, ['spec.labels: Too many: 3: must have at most 2 items']],
        [{ size: 'big', labels: {} }, ['spec.labels: Invalid value: 0: spec.labels in body should have at least 1 properties']],
        [{ size: 'big', labels: { a: 'toolong' } }, ['spec.labels.a: Too long: may not be more than 4 bytes']],
        [{ size: 'big', labels: { a: 1 } }, ['spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"']],
        [{ size: 'big', mode: 'c' }, [': Invalid value: "": "spec.mode" must validate at least one schema (anyOf)', 'spec.mode: Unsupported value: "c": supported values: "a"']],
        [{ size: 'big', color: 'red' }, [': Invalid value: "": "spec.color" must not validate the schema (not)']],
        [{ size: 1 }, ['spec.size: Invalid value: "integer": spec.size in body must be of type string: "integer"', 'spec.size: Unsupported value: 1: supported values: "small", "big"']],
        [{ size: null }, ['spec.size: Invalid value: "null": spec.size in body must be of type string: "null"', 'spec.size: Unsupported value: "null": supported values: "small", "big"']],
        [{ size: 'big', policy: { retries: 'x' } }, ['spec.policy.retries: Invalid value: "string": spec.policy.retries in body must be of type integer: "string"']],
        [{ size: 'big', replicas: 0, name: 'ab' }, ['spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1', 'spec.name: Invalid value: "ab": spec.name in body should be at least 3 chars long']],
      ];
      for (const [spec, expected] of cases) assert.deepEqual(await refused(s, spec), expected, JSON.stringify(spec));
      const ok = await s.call(
        'POST',
        BASE,
        widget('good', {
          size: 'small',
          replicas: 3,
          ratio: 0.5,
          step: 10,
          name: 'abc',
          note: null,
          id: '123e4567-e89b-12d3-a456-426614174000',
          at: '2026-01-01T10:00:00.5Z',
          width: 5000000000,
          port: 'http',
          extra: { anything: [1, { x: true }] },
          template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } },
          tags: ['a', 'b'],
          ports: [{ name: 'http' }, { name: 'https', protocol: 'UDP' }],
          labels: { a: 'x' },
          mode: 'b',
          color: 'blue',
        }),
      );
      assert.equal(ok.status, 201, ok.text);
      assert.equal((await s.call('POST', BASE, widget('port', { size: 'big', port: 8080 }))).status, 201);
    } finally {
      await s.close();
    }
  });

  test('a patch producing an invalid object is refused and nothing changes', async () => {
    const s = await testServer();
    try {
      assert.equal((await s.call('POST', CRD_PATH, crd())).status, 201);
      assert.equal((await s.call('POST', BASE, widget('w', { size: 'big', replicas: 2 }))).status, 201);
      const before = (await s.call('GET', `${BASE}/w`)).json;
      const merge = await s.call('PATCH', `${BASE}/w`, { spec: { replicas: 'three' } });
      assert.equal(merge.status, 422);
      assert.equal(merge.json.message, 'Widget.example.com "w" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"');
      const json = await s.call('PATCH', `${BASE}/w`, [{ op: 'replace', path: '/spec/replicas', value: 20 }], { 'content-type': 'application/json-patch+json' });
      assert.equal(json.status, 422);
      assert.equal(json.json.details.causes[0].message, 'Invalid value: 20: spec.replicas in body should be less than or equal to 10');
      const apply = await s.call('PATCH', `${BASE}/w?fieldManager=me&force=true`, JSON.stringify(widget('w', { size: 'tiny' })), { 'content-type': 'application/apply-patch+yaml' });
      assert.equal(apply.status, 422);
      assert.equal(apply.json.details.causes[0].message, 'Unsupported value: "tiny": supported values: "small", "big"');
      const put = await s.call('PUT', `${BASE}/w`, { ...before, spec: { replicas: 3 } });
      assert.equal(put.status, 422);
      assert.equal(put.json.message, 'Widget.example.com "w" is invalid: spec.size: Required value');
      const status = await s.call('PATCH', `${BASE}/w/status`, { status: { ready: -1 } });
      assert.equal(status.status, 422);
      assert.equal(status.json.message, 'Widget.example.com "w" is invalid: status.ready: Invalid value: -1: status.ready in body should be greater than or equal to 0');
      assert.equal((await s.call('PATCH', `${BASE}/w/status`, { status: { ready: 1 } })).status, 200);
      const after = (await s.call('GET', `${BASE}/w`)).json;
      assert.deepEqual(after.spec, before.spec);
    } finally {
      await s.close();
    }
  });

  test('an update does not validate again what it leaves unchanged (ratcheting)', async () => {
    const s = await testServer();
    try {
      const loose = crd();
      delete loose.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.replicas.minimum;
      assert.equal((await s.call('POST', CRD_PATH, loose)).status, 201);
      assert.equal((await s.call('POST', BASE, widget('w', { size: 'big', replicas: 0 }))).status, 201);
      const live = (await s.call('GET', `${CRD_PATH}/widgets.example.com`)).json;
      assert.equal((await s.call('PUT', `${CRD_PATH}/widgets.example.com`, { ...crd(), metadata: live.metadata })).status, 200);
      assert.equal((await s.call('PATCH', `${BASE}/w/status`, { status: { ready: 1 } })).status, 200);
      const other = await s.call('PATCH', `${BASE}/w`, { spec: { name: 'abc' } });
      assert.equal(other.status, 200, other.text);
      const changed = await s.call('PATCH', `${BASE}/w`, { spec: { replicas: -1 } });
      assert.equal(changed.status, 422);
      assert.equal(changed.json.message, 'Widget.example.com "w" is invalid: spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 1');
      assert.equal((await s.call('POST', BASE, widget('w2', { size: 'big', replicas: 0 }))).status, 422);
    } finally {
      await s.close();
    }
  });

  test('schema defaults are filled on create, update and read', async () => {
    const s = await testServer();
    try {
      const withoutDefaults = crd();
      delete withoutDefaults.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.policy.properties.retries.default;
      delete withoutDefaults.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.policy.properties.backoff.default;
      assert.equal((await s.call('POST', CRD_PATH, withoutDefaults)).status, 201);
      assert.equal((await s.call('POST', BASE, widget('old', { size: 'big', policy: {} }))).status, 201);
      assert.deepEqual((await s.call('GET', `${BASE}/old`)).json.spec.policy, {});
      const live = (await s.call('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com`)).json;
      const updated = crd();
      updated.metadata = live.metadata;
      assert.equal((await s.call('PUT', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com`, updated)).status, 200);
      // Read: stored before the default existed, shown with it (GET and LIST).
      assert.deepEqual((await s.call('GET', `${BASE}/old`)).json.spec.policy, { retries: 3, backoff: 'linear' });
      assert.deepEqual((await s.call('GET', BASE)).json.items[0].spec.policy, { retries: 3, backoff: 'linear' });
      const watch = await s.watch(`${BASE}?watch=true`);
      await until('the initial event', () => watch.events.length >= 1);
      assert.deepEqual(watch.events[0].object.spec.policy, { retries: 3, backoff: 'linear' });
      watch.stop();
      // Create: defaults inside objects that exist only, in list items too; null where not nullable.
      const created = await s.call('POST', BASE, widget('new', { size: 'big', policy: { retries: null }, ports: [{ name: 'http' }] }));
      assert.equal(created.status, 201, created.text);
      assert.deepEqual(created.json.spec.policy, { retries: 3, backoff: 'linear' });
      assert.deepEqual(created.json.spec.ports, [{ name: 'http', protocol: 'TCP' }]);
      const bare = await s.call('POST', BASE, widget('bare', { size: 'big' }));
      assert.equal(bare.json.spec.policy, undefined);
      // Update: a PUT that drops a defaulted field gets it back.
      const cur = (await s.call('GET', `${BASE}/new`)).json;
      const put = await s.call('PUT', `${BASE}/new`, { ...cur, spec: { size: 'small', policy: { retries: 5 } } });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual(put.json.spec.policy, { retries: 5, backoff: 'linear' });
      // Sending back what was read (defaults included) of an object stored without them changes nothing.
      const read = await s.call('GET', `${BASE}/old`);
      const same = await s.call('PUT', `${BASE}/old`, read.json);
      assert.equal(same.status, 200, same.text);
      assert.equal(same.json.metadata.resourceVersion, read.json.metadata.resourceVersion);
      assert.equal(same.json.metadata.generation, read.json.metadata.generation);
    } finally {
      await s.close();
    }
  });
});
