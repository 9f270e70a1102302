import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaRegistry } from '../../../src/emulator/apiserver/schema/index';
import { BUILTIN_RESOURCES } from '../../../src/emulator/apiserver/resource-type';

/** Minimal protobuf wire reader: field number -> raw values (Buffers for length-delimited fields). */
function fields(buf: Buffer): Map<number, (Buffer | bigint)[]> {
  const out = new Map<number, (Buffer | bigint)[]>();
  let i = 0;
  const varint = (): bigint => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[i++];
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
      shift += 7n;
    }
  };
  while (i < buf.length) {
    const tag = Number(varint());
    const wire = tag & 7;
    let value: Buffer | bigint;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = Number(varint());
      value = buf.subarray(i, i + len);
      i += len;
    } else if (wire === 1) {
      value = buf.subarray(i, i + 8);
      i += 8;
    } else throw new Error(`unexpected wire type ${wire}`);
    const list = out.get(tag >> 3) ?? [];
    list.push(value);
    out.set(tag >> 3, list);
  }
  return out;
}

const str = (b: Buffer | bigint | undefined) => (b as Buffer).toString('utf8');

/** The (name -> value) entries of a gnostic Named* list. */
function named(list: (Buffer | bigint)[] | undefined): Map<string, Buffer> {
  return new Map((list ?? []).map((entry) => {
    const f = fields(entry as Buffer);
    return [str(f.get(1)?.[0]), f.get(2)?.[0] as Buffer];
  }));
}

test('/openapi/v2 as gnostic protobuf carries definitions, references and vendor extensions', () => {
  const doc = fields(new SchemaRegistry().openApiV2Protobuf(BUILTIN_RESOURCES));
  assert.equal(str(doc.get(1)?.[0]), '2.0');
  const definitions = named(fields(doc.get(9)![0] as Buffer).get(1));
  assert.ok(definitions.size > 200);
  const podSpec = fields(definitions.get('io.k8s.api.core.v1.PodSpec')!);
  const props = named(fields(podSpec.get(25)![0] as Buffer).get(1));
  const containers = fields(props.get('containers')!);
  assert.equal(str(fields(containers.get(22)![0] as Buffer).get(1)?.[0]), 'array');
  const itemSchema = fields(fields(containers.get(23)![0] as Buffer).get(1)![0] as Buffer);
  assert.equal(str(itemSchema.get(1)?.[0]), '#/definitions/io.k8s.api.core.v1.Container');
  const extensions = named(containers.get(31));
  const yaml = (name: string) => str(fields(extensions.get(name)!).get(2)?.[0]).trim();
  assert.equal(JSON.parse(yaml('x-kubernetes-patch-merge-key')), 'name');
  assert.equal(JSON.parse(yaml('x-kubernetes-patch-strategy')), 'merge');
  const pod = fields(definitions.get('io.k8s.api.core.v1.Pod')!);
  const gvk = str(fields(named(pod.get(31)).get('x-kubernetes-group-version-kind')!).get(2)?.[0]);
  assert.deepEqual(JSON.parse(gvk), [{ group: '', kind: 'Pod', version: 'v1' }]);
});

test('protobuf paths keep the PATCH operation, its GVK and query parameters', () => {
  const doc = fields(new SchemaRegistry().openApiV2Protobuf(BUILTIN_RESOURCES));
  const paths = named(fields(doc.get(8)![0] as Buffer).get(2));
  const item = fields(paths.get('/apis/apps/v1/namespaces/{namespace}/deployments/{name}')!);
  const patch = fields(item.get(8)![0] as Buffer);
  assert.equal(str(patch.get(5)?.[0]), 'patchAppsV1NamespacedDeployment');
  const gvk = str(fields(named(patch.get(13)).get('x-kubernetes-group-version-kind')!).get(2)?.[0]);
  assert.deepEqual(JSON.parse(gvk), { group: 'apps', version: 'v1', kind: 'Deployment' });
  const queryNames = (patch.get(8) ?? []).flatMap((p) => {
    const nonBody = fields(fields(p as Buffer).get(1)![0] as Buffer).get(2);
    if (!nonBody) return [];
    const query = fields(nonBody[0] as Buffer).get(3);
    return query ? [str(fields(query[0] as Buffer).get(4)?.[0])] : [];
  });
  assert.deepEqual(queryNames, ['dryRun', 'fieldManager', 'fieldValidation', 'force']);
});
