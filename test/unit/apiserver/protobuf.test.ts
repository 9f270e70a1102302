import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtobufObject } from '../../../src/emulator/apiserver/protobuf';
import { ApiError } from '../../../src/emulator/apiserver/status';

// A tiny protobuf writer, enough to build what kubectl's typed clients send.
type Field = [number, string | number | boolean | Buffer | Field[]];
function varint(n: bigint): Buffer {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}
function encode(fields: Field[]): Buffer {
  return Buffer.concat(
    fields.map(([n, value]) => {
      if (typeof value === 'number' || typeof value === 'boolean') return Buffer.concat([varint(BigInt(n << 3)), varint(BigInt(Number(value)))]);
      const bytes = typeof value === 'string' ? Buffer.from(value) : Buffer.isBuffer(value) ? value : encode(value);
      return Buffer.concat([varint(BigInt((n << 3) | 2)), varint(BigInt(bytes.length)), bytes]);
    }),
  );
}
function envelope(apiVersion: string, kind: string, object: Field[]): Buffer {
  return Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0]), encode([[1, [[1, apiVersion], [2, kind]]], [2, encode(object)]])]);
}
const labels: Field[] = [[11, [[1, 'app'], [2, 'web']]]];

test('a Deployment sent as protobuf (kubectl create deployment) decodes to its JSON form', () => {
  const deployment = envelope('apps/v1', 'Deployment', [
    [1, [[1, 'web'], [2, ''], ...labels, [8, []]]],
    [
      2,
      [
        [1, 3],
        [2, [[1, [[1, 'app'], [2, 'web']]]]],
        [3, [[1, [...labels, [8, []]]], [2, [[2, [[1, 'nginx'], [2, 'nginx'], [8, []], [6, [[3, 80], [4, 'TCP']]]]], [3, ''], [4, 30]]]]],
        [4, []],
      ],
    ],
    [3, []],
  ]);
  assert.deepEqual(decodeProtobufObject(deployment), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {}, ports: [{ containerPort: 80, protocol: 'TCP' }] }], terminationGracePeriodSeconds: 30 },
      },
      strategy: {},
    },
    status: {},
  });
});

test('Service ports keep int-or-string targetPort and Job specs keep their pod template', () => {
  const service = decodeProtobufObject(envelope('v1', 'Service', [[1, [[1, 'web']]], [2, [[1, [[1, '80-8080'], [2, 'TCP'], [3, 80], [4, [[1, 0], [2, 8080]]]]], [4, 'ClusterIP']]]]));
  assert.deepEqual(service.spec, { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], type: 'ClusterIP' });
  const job = decodeProtobufObject(envelope('batch/v1', 'Job', [[1, [[1, 'pi']]], [2, [[6, [[2, [[2, [[1, 'pi'], [2, 'perl'], [3, 'perl'], [3, '-e']]], [3, 'Never']]]]]]]]));
  assert.deepEqual(job.spec, { template: { spec: { containers: [{ name: 'pi', image: 'perl', command: ['perl', '-e'] }], restartPolicy: 'Never' } } });
});

test('a probe (an embedded Go struct) is flattened into its JSON object', () => {
  const pod = decodeProtobufObject(envelope('v1', 'Pod', [[1, [[1, 'p']]], [2, [[2, [[1, 'c'], [10, [[1, [[2, [[1, '/healthz'], [2, [[1, 1], [3, 'http']]]]]]], [4, 5]]]]]]]]));
  assert.deepEqual(pod.spec.containers[0].livenessProbe, { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 });
});

test('a kind without protobuf field numbers is a 415, never silently dropped data', () => {
  assert.throws(
    () => decodeProtobufObject(envelope('apps/v1', 'StatefulSet', [[1, [[1, 'db']]]])),
    (err: unknown) => err instanceof ApiError && err.code === 415,
  );
  assert.throws(() => decodeProtobufObject(Buffer.from([0x6b, 0x38, 0x73, 0, 0x0a, 0x05, 1])), (err: unknown) => err instanceof ApiError && err.code === 400);
});

test('kubectl create namespace\'s empty status (written by Go even when empty) decodes', () => {
  const ns = decodeProtobufObject(envelope('v1', 'Namespace', [[1, [[1, 'team'], [2, '']]], [2, []], [3, [[1, '']]]]));
  assert.deepEqual(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' }, spec: {}, status: {} });
  const pdb = decodeProtobufObject(envelope('policy/v1', 'PodDisruptionBudget', [[1, [[1, 'web']]], [2, [[1, [[1, 0], [2, 1]]]]], [3, [[1, 0], [3, 0], [7, []]]]]));
  assert.deepEqual(pdb.spec, { minAvailable: 1 });
  assert.deepEqual(pdb.status, {});
});
