// Decodes the Kubernetes protobuf envelope ("k8s\0" + runtime.Unknown) that typed clients (kubectl
// create/run) send. Decoding is generic: the schema's built-in definitions give each field's JSON
// name and type, protobuf-fields.ts gives the field numbers. A message we have no numbers for is a
// 415, so data is never dropped silently.
import { ApiError } from './status.js';
import { BUILTIN_DEFINITIONS, builtinDefinitionName } from './schema/definitions.js';
import { protobufFieldsOf, type ProtobufFields } from './protobuf-fields.js';

export const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
const EMPTY = Buffer.alloc(0);

export interface WireField {
  field: number;
  wire: number;
  varint?: bigint;
  bytes?: Buffer;
}

export function* fields(buf: Buffer): Generator<WireField> {
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
  const fixed = (n: number): Buffer => {
    if (pos + n > buf.length) throw ApiError.badRequest('protobuf: unexpected end of data');
    pos += n;
    return buf.subarray(pos - n, pos);
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) yield { field, wire, varint: varint() };
    else if (wire === 2) yield { field, wire, bytes: fixed(Number(varint())) };
    else if (wire === 1) yield { field, wire, bytes: fixed(8) };
    else if (wire === 5) yield { field, wire, bytes: fixed(4) };
    else throw ApiError.badRequest(`protobuf: unsupported wire type ${wire}`);
  }
}

export function unsupported(what: string): ApiError {
  const accepted = 'application/json, application/yaml';
  return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted} (no protobuf decoding for ${what})`, { kind: PROTOBUF_TYPE });
}

function int(f: WireField): number {
  if (f.varint !== undefined) return Number(BigInt.asIntN(64, f.varint));
  if (f.bytes?.length === 8) return Number(f.bytes.readBigInt64LE());
  if (f.bytes?.length === 4) return f.bytes.readInt32LE();
  return 0;
}

function time(buf: Buffer): string | null {
  let seconds = 0;
  for (const f of fields(buf)) if (f.field === 1) seconds = int(f);
  // A zero Time is `null` in JSON (metav1.Time's MarshalJSON).
  return seconds === 0 ? null : new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function intOrString(buf: Buffer): number | string {
  let type = 0;
  let intVal = 0;
  let strVal = '';
  for (const f of fields(buf)) {
    if (f.field === 1) type = int(f);
    else if (f.field === 2) intVal = int(f);
    else if (f.field === 3) strVal = f.bytes?.toString('utf8') ?? '';
  }
  return type === 1 ? strVal : intVal;
}

/** One value of type `spec` (a compact definition type spec) from one wire field. */
function decodeValue(spec: string, f: WireField): unknown {
  if (spec.startsWith('#')) return decodeMessage(spec.slice(1), f.bytes ?? EMPTY);
  const [type, format] = spec.split(':');
  switch (type) {
    case 'string':
      if (format === 'byte') return (f.bytes ?? EMPTY).toString('base64');
      if (format === 'date-time') return time(f.bytes ?? EMPTY);
      return f.bytes?.toString('utf8') ?? '';
    case 'integer':
      return int(f);
    case 'number':
      return f.bytes?.length === 8 ? f.bytes.readDoubleLE() : int(f);
    case 'boolean':
      return f.varint !== undefined && f.varint !== 0n;
    case 'quantity': {
      let text = '';
      for (const q of fields(f.bytes ?? EMPTY)) if (q.field === 1) text = q.bytes?.toString('utf8') ?? '';
      return text;
    }
    case 'int-or-string':
      return intOrString(f.bytes ?? EMPTY);
    case 'any': {
      // FieldsV1 and RawExtension carry raw JSON in field 1.
      for (const raw of fields(f.bytes ?? EMPTY)) {
        if (raw.field !== 1 || !raw.bytes) continue;
        try {
          return JSON.parse(raw.bytes.toString('utf8'));
        } catch {
          throw ApiError.badRequest('protobuf: embedded JSON is not valid');
        }
      }
      return {};
    }
    default:
      throw unsupported(spec);
  }
}

/** Adds one wire field to `out` under `name`, per the field's type spec. */
function assign(out: Record<string, any>, name: string, spec: string, f: WireField): void {
  if (spec.startsWith('{}')) {
    let key = '';
    let value: unknown = '';
    const valueSpec = spec.slice(2);
    for (const entry of fields(f.bytes ?? EMPTY)) {
      if (entry.field === 1) key = entry.bytes?.toString('utf8') ?? '';
      else if (entry.field === 2) value = decodeValue(valueSpec, entry);
    }
    (out[name] ??= {})[key] = value;
  } else if (spec.startsWith('[]')) {
    const itemSpec = spec.slice(2);
    const list: unknown[] = (out[name] ??= []);
    const packed = f.wire === 2 && /^(integer|number|boolean)/.test(itemSpec);
    if (packed) for (const item of packedVarints(f.bytes ?? EMPTY)) list.push(itemSpec.startsWith('boolean') ? item !== 0 : item);
    else list.push(decodeValue(itemSpec, f));
  } else {
    const value = decodeValue(spec, f);
    // Go's protobuf encoding writes every non-pointer string; JSON omits the empty ones.
    if (value === '' && spec === 'string') return;
    if (value === null) return;
    out[name] = value;
  }
}

function packedVarints(buf: Buffer): number[] {
  const out: number[] = [];
  let pos = 0;
  while (pos < buf.length) {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw ApiError.badRequest('protobuf: unexpected end of data');
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
      if (shift > 70n) throw ApiError.badRequest('protobuf: varint overflow');
    }
    out.push(Number(BigInt.asIntN(64, result)));
  }
  return out;
}

function decodeFields(definition: string, numbers: ProtobufFields, buf: Buffer, out: Record<string, any>): void {
  const props = BUILTIN_DEFINITIONS[definition]?.p ?? {};
  for (const f of fields(buf)) {
    const entry = numbers[f.field];
    if (entry === undefined) continue;
    if (typeof entry === 'object') {
      // An embedded Go struct: its fields belong to this JSON object.
      decodeFields(definition, entry, f.bytes ?? EMPTY, out);
      continue;
    }
    const spec = props[entry]?.[0];
    if (spec) assign(out, entry, spec, f);
  }
}

function isZeroMessage(buf: Buffer, depth: number): boolean {
  if (depth > 32) return false;
  try {
    for (const f of fields(buf)) {
      if (f.wire === 0 && f.varint !== 0n) return false;
      if (f.wire === 2 && f.bytes && f.bytes.length > 0 && !isZeroMessage(f.bytes, depth + 1)) return false;
      if ((f.wire === 1 || f.wire === 5) && f.bytes?.some((b) => b !== 0)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

function decodeMessage(definition: string, buf: Buffer): Record<string, any> {
  const out: Record<string, any> = {};
  if (buf.length === 0) return out;
  const numbers = protobufFieldsOf(definition);
  if (!numbers) {
    // Go writes non-pointer structs and strings even when empty (e.g. a new object's status):
    // an all-zero message carries nothing to lose.
    if (isZeroMessage(buf, 0)) return out;
    throw unsupported(definition);
  }
  decodeFields(definition, numbers, buf, out);
  return out;
}

function definitionOf(apiVersion: string, kind: string): string | undefined {
  if (kind === 'DeleteOptions') return DELETE_OPTIONS;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const name = builtinDefinitionName(group, version, kind);
  return name && protobufFieldsOf(name) ? name : undefined;
}

/** The runtime.Unknown envelope of a protobuf request body: the object's type and its raw bytes. */
export function protobufEnvelope(body: Buffer | undefined): { apiVersion: string; kind: string; raw: Buffer } {
  if (!body || body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw ApiError.badRequest('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = EMPTY;
  for (const f of fields(body.subarray(4))) {
    if (f.field === 1 && f.bytes) {
      for (const t of fields(f.bytes)) {
        if (t.field === 1) apiVersion = t.bytes?.toString('utf8') ?? '';
        else if (t.field === 2) kind = t.bytes?.toString('utf8') ?? '';
      }
    } else if (f.field === 2 && f.bytes) raw = f.bytes;
  }
  return { apiVersion, kind, raw };
}

/** The object in a protobuf request body, as JSON; 415 for kinds this decoder does not know. */
export function decodeProtobufObject(body: Buffer): Record<string, any> {
  const { apiVersion, kind, raw } = protobufEnvelope(body);
  const definition = definitionOf(apiVersion, kind);
  if (!definition) throw unsupported(`${apiVersion}, Kind=${kind}`);
  return { apiVersion, kind, ...decodeMessage(definition, raw) };
}
