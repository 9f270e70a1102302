// Protobuf request bodies of the kinds auth/ answers (kubectl sends TokenRequest and the
// review kinds as protobuf): a small reader for just these messages, with the field numbers
// of k8s.io/api authentication/v1 and authorization/v1. Unknown fields are skipped.
import { ApiError } from '../status.js';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface Field {
  n: number;
  varint?: bigint;
  bytes?: Buffer;
}

function* wire(buf: Buffer): Generator<Field> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift <= 63n; shift += 7n) {
      if (pos >= buf.length) throw ApiError.badRequest('protobuf: unexpected end of data');
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
    throw ApiError.badRequest('protobuf: varint overflow');
  };
  const take = (len: number): Buffer => {
    if (pos + len > buf.length) throw ApiError.badRequest('protobuf: unexpected end of data');
    pos += len;
    return buf.subarray(pos - len, pos);
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const type = key & 7;
    if (type === 0) yield { n: key >>> 3, varint: varint() };
    else if (type === 2) yield { n: key >>> 3, bytes: take(Number(varint())) };
    else if (type === 1) take(8);
    else if (type === 5) take(4);
    else throw ApiError.badRequest(`protobuf: unsupported wire type ${type}`);
  }
}

type Shape = Record<number, [name: string, type: 'string' | 'strings' | 'int' | Shape]>;

const META: Shape = { 1: ['name', 'string'], 2: ['generateName', 'string'], 3: ['namespace', 'string'] };
const RESOURCE_ATTRIBUTES: Shape = {
  1: ['namespace', 'string'],
  2: ['verb', 'string'],
  3: ['group', 'string'],
  4: ['version', 'string'],
  5: ['resource', 'string'],
  6: ['subresource', 'string'],
  7: ['name', 'string'],
};
const NON_RESOURCE_ATTRIBUTES: Shape = { 1: ['path', 'string'], 2: ['verb', 'string'] };
const ACCESS_SPEC: Shape = { 1: ['resourceAttributes', RESOURCE_ATTRIBUTES], 2: ['nonResourceAttributes', NON_RESOURCE_ATTRIBUTES], 3: ['user', 'string'], 4: ['groups', 'strings'], 6: ['uid', 'string'] };
const BOUND_OBJECT: Shape = { 1: ['kind', 'string'], 2: ['apiVersion', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'] };

const SPECS: Record<string, Shape> = {
  'authentication.k8s.io/v1 TokenRequest': { 1: ['audiences', 'strings'], 3: ['boundObjectRef', BOUND_OBJECT], 4: ['expirationSeconds', 'int'] },
  'authentication.k8s.io/v1 SelfSubjectReview': {},
  'authorization.k8s.io/v1 SelfSubjectAccessReview': ACCESS_SPEC,
  'authorization.k8s.io/v1 SubjectAccessReview': ACCESS_SPEC,
  'authorization.k8s.io/v1 LocalSubjectAccessReview': ACCESS_SPEC,
  'authorization.k8s.io/v1 SelfSubjectRulesReview': { 1: ['namespace', 'string'] },
};

function decode(buf: Buffer, shape: Shape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of wire(buf)) {
    const entry = shape[f.n];
    if (!entry) continue;
    const [name, type] = entry;
    if (type === 'int') out[name] = Number(BigInt.asIntN(64, f.varint ?? 0n));
    else if (!f.bytes) continue;
    else if (type === 'string') out[name] = f.bytes.toString('utf8');
    else if (type === 'strings') ((out[name] ??= []) as string[]).push(f.bytes.toString('utf8'));
    else out[name] = decode(f.bytes, type);
  }
  return out;
}

/** A TokenRequest or review object from a protobuf body, as its JSON form (metadata and spec). */
export function decodeAccessProtobuf(body: Buffer | undefined): Record<string, any> {
  if (!body || body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw ApiError.badRequest('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  for (const f of wire(body.subarray(4))) {
    if (f.n === 1 && f.bytes) {
      for (const t of wire(f.bytes)) {
        if (t.n === 1) apiVersion = t.bytes?.toString('utf8') ?? '';
        else if (t.n === 2) kind = t.bytes?.toString('utf8') ?? '';
      }
    } else if (f.n === 2 && f.bytes) raw = f.bytes;
  }
  const spec = SPECS[`${apiVersion} ${kind}`];
  if (!spec) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (no protobuf decoding for ${apiVersion}, Kind=${kind})`, { kind: 'application/vnd.kubernetes.protobuf' });
  }
  const out: Record<string, any> = { apiVersion, kind, metadata: {}, spec: {} };
  for (const f of wire(raw)) {
    if (f.n === 1 && f.bytes) out.metadata = decode(f.bytes, META);
    else if (f.n === 2 && f.bytes && kind !== 'SelfSubjectReview') out.spec = decode(f.bytes, spec);
  }
  return out;
}
