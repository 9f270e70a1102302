import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeTypeError, SchemaRegistry } from '../../../src/emulator/apiserver/schema/index';
import { BUILTIN_RESOURCES } from '../../../src/emulator/apiserver/resource-type';
import type { KubeObject } from '../../../src/kube/object';

const odd: unknown[] = [null, 1, 'x', true, [], {}, [1, 'a', null], { properties: [] }, { type: 'array', items: 'x' }, { additionalProperties: 5 }];

test('malformed CRDs and objects never make the registry throw (a built-in that does not decode: only its decoding error)', () => {
  const r = new SchemaRegistry();
  for (const schema of odd) {
    for (const versions of [undefined, 'v1', [null], [{ name: 'v1', schema: { openAPIV3Schema: schema } }]]) {
      const crd = { metadata: { name: 'w' }, spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, versions } } as KubeObject;
      r.addCustomResource(crd);
      for (const obj of odd) {
        r.unknownFields('example.com', 'v1', 'Widget', obj);
        r.prune('example.com', 'v1', 'Widget', obj);
        // A built-in whose values do not decode is refused with DecodeTypeError, and only that.
        try {
          r.unknownFields('', 'v1', 'Pod', { spec: obj, metadata: obj, status: { containerStatuses: obj } });
        } catch (e) {
          assert.ok(e instanceof DecodeTypeError, String(e));
        }
      }
      const served = [...BUILTIN_RESOURCES, { group: 'example.com', version: 'v1', kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget', namespaced: true, verbs: ['get', 'patch'] }];
      assert.ok(r.openApiV3('example.com', 'v1', served));
      assert.ok(r.openApiV2Protobuf(served).length > 0);
    }
  }
});
