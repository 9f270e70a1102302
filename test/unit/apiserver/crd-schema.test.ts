// A CustomResourceDefinition whose openAPIV3Schema is not a structural schema, or uses what
// apiextensions forbids, is refused with 422 and kube-apiserver's causes (field paths and
// messages); a rich structural schema is accepted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { validateCustomResourceDefinition } from '../../../src/emulator/apiserver/admission/crd';
import type { KubeObject } from '../../../src/kube/object';
import { testServer, widgetCrd, type TestServer } from './support';

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
// One version: kube-apiserver reports the schema as spec.validation.
const ROOT = 'spec.validation.openAPIV3Schema';

function withSpec(spec: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', properties: { spec: { type: 'object', properties: spec } } };
}

describe('CRD openAPIV3Schema validation', () => {
  let s: TestServer;
  before(async () => {
    s = await testServer();
  });
  after(async () => {
    await s.close();
  });

  async function refused(schema: Record<string, unknown>): Promise<string[]> {
    const r = await s.call('POST', CRD_PATH, widgetCrd(schema));
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.reason, 'Invalid');
    const got = await s.call('GET', `${CRD_PATH}/widgets.example.com`);
    assert.equal(got.status, 404, 'nothing is stored');
    return r.json.details.causes.map((c: any) => `${c.field}: ${c.message}`);
  }

  test('uniqueItems true is forbidden', async () => {
    assert.deepEqual(await refused(withSpec({ tags: { type: 'array', uniqueItems: true, items: { type: 'string' } } })), [
      `${ROOT}.properties[spec].properties[tags].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
    ]);
  });

  test('the message names the status cause, as kubectl prints it', async () => {
    const r = await s.call('POST', CRD_PATH, widgetCrd(withSpec({ tags: { type: 'array', uniqueItems: true, items: { type: 'string' } } })));
    assert.equal(
      r.json.message,
      `CustomResourceDefinition.apiextensions.k8s.io "widgets.example.com" is invalid: ${ROOT}.properties[spec].properties[tags].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
    );
  });

  test('a type on every specified field and item, and at the root', async () => {
    assert.deepEqual(await refused({ properties: { spec: { properties: { a: {}, list: { type: 'array', items: {} } } } } }), [
      `${ROOT}.properties[spec].properties[a].type: Required value: must not be empty for specified object fields`,
      `${ROOT}.properties[spec].properties[list].items.type: Required value: must not be empty for specified array items`,
      `${ROOT}.properties[spec].type: Required value: must not be empty for specified object fields`,
      `${ROOT}.type: Required value: must not be empty at the root`,
    ]);
  });

  test('an array needs items; the root must be an object', async () => {
    assert.deepEqual(await refused({ type: 'string' }), [`${ROOT}.type: Invalid value: "string": must be object at the root`]);
    assert.deepEqual(await refused(withSpec({ list: { type: 'array' } })), [`${ROOT}.properties[spec].properties[list].items: Required value: must be specified`]);
  });

  test('x-kubernetes-int-or-string and x-kubernetes-preserve-unknown-fields need no type', async () => {
    const r = await s.call('POST', CRD_PATH, widgetCrd(withSpec({ port: { 'x-kubernetes-int-or-string': true }, any: { 'x-kubernetes-preserve-unknown-fields': true } })));
    assert.equal(r.status, 201, r.text);
    assert.equal((await s.call('DELETE', `${CRD_PATH}/widgets.example.com`)).status, 200);
  });

  test('x-kubernetes-int-or-string with x-kubernetes-preserve-unknown-fields', async () => {
    assert.deepEqual(await refused(withSpec({ port: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-preserve-unknown-fields': true } })), [
      `${ROOT}.properties[spec].properties[port].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true`,
    ]);
  });

  test('x-kubernetes-preserve-unknown-fields false', async () => {
    assert.deepEqual(await refused(withSpec({ any: { type: 'object', 'x-kubernetes-preserve-unknown-fields': false } })), [
      `${ROOT}.properties[spec].properties[any].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined`,
    ]);
  });

  test('$ref and other unsupported OpenAPI features', async () => {
    assert.deepEqual(await refused(withSpec({ a: { type: 'object', $ref: '#/definitions/a' } })), [`${ROOT}.properties[spec].properties[a].$ref: Forbidden: $ref is not supported`]);
    assert.deepEqual(await refused(withSpec({ a: { type: 'object', patternProperties: { '^x': { type: 'string' } } } })), [
      `${ROOT}.properties[spec].properties[a].patternProperties: Forbidden: patternProperties is not supported`,
    ]);
    assert.deepEqual(await refused(withSpec({ a: { type: 'thing' } })), [
      `${ROOT}.properties[spec].properties[a].type: Unsupported value: "thing": supported values: "array", "boolean", "integer", "number", "object", "string"`,
    ]);
  });

  test('additionalProperties: with properties, and at the root', async () => {
    assert.deepEqual(await refused(withSpec({ m: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } } })), [
      `${ROOT}.properties[spec].properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
    ]);
    assert.deepEqual(await refused(withSpec({ m: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false } })), [
      `${ROOT}.properties[spec].properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
    ]);
    assert.deepEqual(await refused({ type: 'object', additionalProperties: { type: 'string' } }), [`${ROOT}.additionalProperties: Forbidden: must not be used at the root`]);
  });

  test('metadata at the root may only restrict name and generateName', async () => {
    assert.deepEqual(await refused({ type: 'object', properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } } }), [
      `${ROOT}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
    ]);
    assert.deepEqual(await refused({ type: 'object', properties: { metadata: { type: 'string' }, kind: { type: 'integer' } } }), [
      `${ROOT}.properties[kind].type: Invalid value: "integer": must be string`,
      `${ROOT}.properties[metadata].type: Invalid value: "string": must be object`,
    ]);
    const ok = await s.call('POST', CRD_PATH, widgetCrd({ type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } } } }));
    assert.equal(ok.status, 201, ok.text);
    assert.equal((await s.call('DELETE', `${CRD_PATH}/widgets.example.com`)).status, 200);
  });

  test('value validation under anyOf/allOf/oneOf/not is not structural', async () => {
    assert.deepEqual(await refused(withSpec({ a: { type: 'string', anyOf: [{ type: 'string' }, { type: 'integer', description: 'x' }] } })), [
      `${ROOT}.properties[spec].properties[a].anyOf[0].type: Forbidden: must be empty to be structural`,
      `${ROOT}.properties[spec].properties[a].anyOf[1].description: Forbidden: must be empty to be structural`,
      `${ROOT}.properties[spec].properties[a].anyOf[1].type: Forbidden: must be empty to be structural`,
    ]);
  });

  test('what anyOf/allOf/oneOf/not at the root say of a field must be specified outside of them', async () => {
    assert.deepEqual(
      await refused({ type: 'object', properties: { spec: { type: 'object' } }, anyOf: [{ required: ['spec'] }, { properties: { spec: { properties: { a: { minLength: 1 } } } } }] }),
      [`${ROOT}.properties[spec].properties[a]: Required value: because it is defined in ${ROOT}.anyOf[1].properties[spec].properties[a]`],
    );
    const ok = await s.call('POST', CRD_PATH, widgetCrd({ type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } }, oneOf: [{ required: ['spec'] }, { properties: { spec: { properties: { a: { minLength: 1 } } } } }] }));
    assert.equal(ok.status, 201, ok.text);
    assert.equal((await s.call('DELETE', `${CRD_PATH}/widgets.example.com`)).status, 200);
  });

  test('a map list needs keys that are required or defaulted scalar properties', async () => {
    const list = (items: Record<string, unknown>, keys: string[] = ['name']) => withSpec({ ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys, items } });
    assert.deepEqual(await refused(list({ type: 'object', properties: { name: { type: 'string' } } })), [
      `${ROOT}.properties[spec].properties[ports].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
    ]);
    assert.deepEqual(await refused(list({ type: 'object', required: ['name'], properties: { port: { type: 'integer' } } })), [
      `${ROOT}.properties[spec].properties[ports].x-kubernetes-list-map-keys: Invalid value: []string{"name"}: entries must all be names of item properties`,
    ]);
    assert.deepEqual(await refused(list({ type: 'object', required: ['name'], properties: { name: { type: 'object' } } })), [
      `${ROOT}.properties[spec].properties[ports].items.properties[name].type: Invalid value: "object": must be a scalar type if parent array's x-kubernetes-list-type is map`,
    ]);
    assert.deepEqual(await refused(withSpec({ ports: { type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'string' } } })), [
      `${ROOT}.properties[spec].properties[ports].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`,
      `${ROOT}.properties[spec].properties[ports].items.type: Invalid value: "string": must be object if parent array's x-kubernetes-list-type is map`,
    ]);
    const ok = await s.call('POST', CRD_PATH, widgetCrd(list({ type: 'object', properties: { name: { type: 'string', default: 'http' } } })));
    assert.equal(ok.status, 201, ok.text);
    assert.equal((await s.call('DELETE', `${CRD_PATH}/widgets.example.com`)).status, 200);
  });

  test('a default must validate against its own schema and have no unknown fields', async () => {
    assert.deepEqual(await refused(withSpec({ replicas: { type: 'integer', default: 'two' } })), [
      `${ROOT}.properties[spec].properties[replicas].default: Invalid value: "string":  in body must be of type integer: "string"`,
    ]);
    assert.deepEqual(await refused(withSpec({ size: { type: 'string', enum: ['small', 'big'], default: 'huge' } })), [
      `${ROOT}.properties[spec].properties[size].default: Unsupported value: "huge": supported values: "small", "big"`,
    ]);
    assert.deepEqual(await refused(withSpec({ box: { type: 'object', properties: { w: { type: 'integer' } }, default: { w: 1, h: 2 } } })), [
      `${ROOT}.properties[spec].properties[box].default: Invalid value: map[string]interface {}{"h":2, "w":1}: must not have unknown fields`,
    ]);
  });

  test('a default in top-level metadata is forbidden', async () => {
    assert.deepEqual(await refused({ type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', default: 'x' } } } } }), [
      `${ROOT}.properties[metadata].properties[name].default: Forbidden: must not be set in top-level metadata`,
    ]);
  });

  test('nullable at the root', async () => {
    assert.deepEqual(await refused({ type: 'object', nullable: true }), [`${ROOT}.nullable: Forbidden: nullable cannot be true at the root`]);
  });

  test('versions with different schemas are reported per version', async () => {
    const crd = widgetCrd({ type: 'object' });
    crd.spec.versions = [
      { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
      { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: withSpec({ tags: { type: 'array', uniqueItems: true, items: { type: 'string' } } }) } },
    ];
    const r = await s.call('POST', CRD_PATH, crd);
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(
      r.json.details.causes.map((c: any) => `${c.field}: ${c.message}`),
      ['spec.versions[1].schema.openAPIV3Schema.properties[spec].properties[tags].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic'],
    );
  });

  test('a rich structural schema is accepted', async () => {
    const schema = {
      type: 'object',
      description: 'A widget.',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 63 } } },
        spec: {
          type: 'object',
          required: ['size'],
          properties: {
            size: { type: 'string', enum: ['small', 'big'], default: 'small' },
            replicas: { type: 'integer', format: 'int32', minimum: 0, default: 1 },
            port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
            extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            anything: { 'x-kubernetes-preserve-unknown-fields': true },
            template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
            labels: { type: 'object', additionalProperties: { type: 'string' }, 'x-kubernetes-map-type': 'granular' },
            flags: { type: 'object', additionalProperties: true },
            tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
            ports: {
              type: 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['name', 'protocol'],
              items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, protocol: { type: 'string', default: 'TCP' }, port: { type: 'integer' } } },
            },
            box: { type: 'object', properties: { w: { type: 'integer' }, h: { type: 'integer' } }, default: { w: 1 } },
            mode: { type: 'string', oneOf: [{ pattern: '^a' }, { pattern: '^b' }], not: { enum: ['c'] } },
            note: { type: 'string', nullable: true },
          },
        },
        status: { type: 'object', properties: { ready: { type: 'boolean' } } },
      },
    };
    const r = await s.call('POST', CRD_PATH, widgetCrd(schema, { subresources: { status: {} } }));
    assert.equal(r.status, 201, r.text);
    assert.equal((await s.call('DELETE', `${CRD_PATH}/widgets.example.com`)).status, 200);
  });

  test('an update is refused the same way', async () => {
    const created = await s.call('POST', CRD_PATH, widgetCrd(withSpec({ tags: { type: 'array', items: { type: 'string' } } })));
    assert.equal(created.status, 201, created.text);
    const next = { ...created.json, spec: { ...created.json.spec, versions: [{ ...created.json.spec.versions[0], schema: { openAPIV3Schema: withSpec({ tags: { type: 'array', uniqueItems: true, items: { type: 'string' } } }) } }] } };
    const r = await s.call('PUT', `${CRD_PATH}/widgets.example.com`, next);
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(
      r.json.details.causes.map((c: any) => `${c.field}: ${c.message}`),
      [`${ROOT}.properties[spec].properties[tags].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`],
    );
    assert.equal((await s.call('DELETE', `${CRD_PATH}/widgets.example.com`)).status, 200);
  });
});

describe('CRD schema rules ratcheted on update', () => {
  const mapList = (extra: Record<string, unknown> = {}) =>
    widgetCrd(withSpec({ ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' } } }, ...extra } })) as KubeObject;
  const causes = (obj: KubeObject, old?: KubeObject) => validateCustomResourceDefinition(obj, old).map((c) => `${c.field}: ${c.message}`);

  test('map list keys neither required nor defaulted, an invalid type, an unpruned default: kept when the old CRD had them', () => {
    const keyErr = `${ROOT}.properties[spec].properties[ports].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`;
    assert.deepEqual(causes(mapList({ description: 'changed' })), [keyErr]);
    assert.deepEqual(causes(mapList({ description: 'changed' }), mapList()), []);
    const valid = widgetCrd(withSpec({ a: { type: 'string' } })) as KubeObject;
    assert.deepEqual(causes(mapList(), valid), [keyErr]);
    const badType = widgetCrd(withSpec({ a: { type: 'str' } })) as KubeObject;
    assert.equal(causes(badType, valid).length, 1);
    assert.deepEqual(causes(badType, badType), []);
    const unpruned = widgetCrd(withSpec({ box: { type: 'object', properties: { w: { type: 'integer' } }, default: { h: 1 } } })) as KubeObject;
    assert.equal(causes(unpruned, valid).length, 1);
    assert.deepEqual(causes(unpruned, unpruned), []);
  });

  test('uniqueItems is never ratcheted', () => {
    const unique = widgetCrd(withSpec({ tags: { type: 'array', uniqueItems: true, items: { type: 'string' } } })) as KubeObject;
    assert.equal(causes(unique, unique).length, 1);
  });
});
