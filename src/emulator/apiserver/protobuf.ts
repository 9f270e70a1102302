// Decodes the Kubernetes protobuf envelope ("k8s\0" + runtime.Unknown) for the few kinds
// typed clients send as protobuf on create (kubectl create namespace/configmap/secret/
// serviceaccount). Field numbers follow k8s.io/api's generated.proto; other kinds get 415.
import { ApiError } from './status.js';

export const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type FieldKind = 'string' | 'bytes' | 'bool' | 'int' | 'time' | 'strings' | 'stringMap' | 'bytesMap' | { message: Message; repeated?: boolean };
type Message = Record<number, [name: string, kind: FieldKind]>;

interface WireField {
  field: number;
  wire: number;
  varint?: bigint;
  bytes?: Buffer;
}

function* fields(buf: Buffer): Generator<WireField> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw ApiError.badRequest('protobuf: unexpected end of data');
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw ApiError.badRequest('protobuf: varint overflow');
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) yield { field, wire, varint: varint() };
    else if (wire === 2) {
      const len = Number(varint());
      if (len < 0 || pos + len > buf.length) throw ApiError.badRequest('protobuf: length out of range');
      yield { field, wire, bytes: buf.subarray(pos, pos + len) };
      pos += len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw ApiError.badRequest(`protobuf: unsupported wire type ${wire}`);
  }
}

const TIME: Message = { 1: ['seconds', 'int'], 2: ['nanos', 'int'] };
const OWNER_REFERENCE: Message = { 5: ['apiVersion', 'string'], 1: ['kind', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'], 6: ['controller', 'bool'], 7: ['blockOwnerDeletion', 'bool'] };
const OBJECT_META: Message = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['generation', 'int'],
  8: ['creationTimestamp', 'time'],
  9: ['deletionTimestamp', 'time'],
  10: ['deletionGracePeriodSeconds', 'int'],
  11: ['labels', 'stringMap'],
  12: ['annotations', 'stringMap'],
  13: ['ownerReferences', { message: OWNER_REFERENCE, repeated: true }],
  14: ['finalizers', 'strings'],
};
const LOCAL_OBJECT_REFERENCE: Message = { 1: ['name', 'string'] };
const OBJECT_REFERENCE: Message = { 1: ['kind', 'string'], 2: ['namespace', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'], 5: ['apiVersion', 'string'], 6: ['resourceVersion', 'string'], 7: ['fieldPath', 'string'] };

const DELETE_OPTIONS: Message = {
  1: ['gracePeriodSeconds', 'int'],
  2: ['preconditions', { message: { 1: ['uid', 'string'], 2: ['resourceVersion', 'string'] } }],
  3: ['orphanDependents', 'bool'],
  4: ['propagationPolicy', 'string'],
  5: ['dryRun', 'strings'],
};

const KINDS: Record<string, Message> = {
  'v1/DeleteOptions': DELETE_OPTIONS,
  'meta.k8s.io/v1/DeleteOptions': DELETE_OPTIONS,
  'v1/Namespace': { 1: ['metadata', { message: OBJECT_META }], 2: ['spec', { message: { 1: ['finalizers', 'strings'] } }] },
  'v1/ConfigMap': { 1: ['metadata', { message: OBJECT_META }], 2: ['data', 'stringMap'], 3: ['binaryData', 'bytesMap'], 4: ['immutable', 'bool'] },
  'v1/Secret': { 1: ['metadata', { message: OBJECT_META }], 2: ['data', 'bytesMap'], 3: ['type', 'string'], 4: ['stringData', 'stringMap'], 5: ['immutable', 'bool'] },
  'v1/ServiceAccount': {
    1: ['metadata', { message: OBJECT_META }],
    2: ['secrets', { message: OBJECT_REFERENCE, repeated: true }],
    3: ['imagePullSecrets', { message: LOCAL_OBJECT_REFERENCE, repeated: true }],
    4: ['automountServiceAccountToken', 'bool'],
  },
};

function decodeMap(entry: Buffer, bytesValue: boolean): [string, string] {
  let key = '';
  let value = '';
  for (const f of fields(entry)) {
    if (f.field === 1 && f.bytes) key = f.bytes.toString('utf8');
    if (f.field === 2 && f.bytes) value = bytesValue ? f.bytes.toString('base64') : f.bytes.toString('utf8');
  }
  return [key, value];
}

function decodeMessage(buf: Buffer, message: Message): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const f of fields(buf)) {
    const spec = message[f.field];
    if (!spec) continue;
    const [name, kind] = spec;
    if (kind === 'string') out[name] = f.bytes?.toString('utf8') ?? '';
    else if (kind === 'bytes') out[name] = f.bytes?.toString('base64') ?? '';
    else if (kind === 'bool') out[name] = f.varint !== undefined && f.varint !== 0n;
    else if (kind === 'int') out[name] = Number(BigInt.asIntN(64, f.varint ?? 0n));
    else if (kind === 'time') {
      const t = decodeMessage(f.bytes ?? Buffer.alloc(0), TIME);
      out[name] = new Date(Number(t.seconds ?? 0) * 1000).toISOString().replace('.000Z', 'Z');
    } else if (kind === 'strings') (out[name] ??= []).push(f.bytes?.toString('utf8') ?? '');
    else if (kind === 'stringMap' || kind === 'bytesMap') {
      const [k, v] = decodeMap(f.bytes ?? Buffer.alloc(0), kind === 'bytesMap');
      (out[name] ??= {})[k] = v;
    } else if (kind.repeated) (out[name] ??= []).push(decodeMessage(f.bytes ?? Buffer.alloc(0), kind.message));
    else out[name] = decodeMessage(f.bytes ?? Buffer.alloc(0), kind.message);
  }
  return out;
}

/** The object in a protobuf request body, as JSON; 415 for kinds this decoder does not know. */
export function decodeProtobufObject(body: Buffer): Record<string, any> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw ApiError.badRequest('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  let apiVersion = '';
  let kind = '';
  let raw: Buffer | undefined;
  for (const f of fields(body.subarray(4))) {
    if (f.field === 1 && f.bytes) {
      const tm = decodeMessage(f.bytes, { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] });
      apiVersion = String(tm.apiVersion ?? '');
      kind = String(tm.kind ?? '');
    } else if (f.field === 2 && f.bytes) raw = f.bytes;
  }
  const message = KINDS[`${apiVersion}/${kind}`];
  if (!message) throw ApiError.unsupportedMediaType(PROTOBUF_TYPE, ['application/json', 'application/yaml']);
  return { apiVersion, kind, ...decodeMessage(raw ?? Buffer.alloc(0), message) };
}
