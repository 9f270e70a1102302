// Protobuf request bodies of the kinds auth/ answers (kubectl sends TokenRequest and the
// review kinds as protobuf): protobuf.ts's wire reader with the field numbers of just these
// messages (k8s.io/api authentication/v1 and authorization/v1), as the schema that drives its
// generic decoder has no definitions for these kinds. Unknown fields are skipped.
import { fields, protobufEnvelope, unsupported } from '../protobuf.js';

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
  for (const f of fields(buf)) {
    const entry = shape[f.field];
    // Fixed-width fields are none of these messages' fields: skipped, as unknown ones.
    if (!entry || f.wire === 1 || f.wire === 5) continue;
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
  const { apiVersion, kind, raw } = protobufEnvelope(body);
  const spec = SPECS[`${apiVersion} ${kind}`];
  if (!spec) throw unsupported(`${apiVersion}, Kind=${kind}`);
  const out: Record<string, any> = { apiVersion, kind, metadata: {}, spec: {} };
  for (const f of fields(raw)) {
    if (f.field === 1 && f.bytes) out.metadata = decode(f.bytes, META);
    else if (f.field === 2 && f.bytes && kind !== 'SelfSubjectReview') out.spec = decode(f.bytes, spec);
  }
  return out;
}
