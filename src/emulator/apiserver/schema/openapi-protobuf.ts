// /openapi/v2 as protobuf (gnostic's openapi.v2.Document, the only form client-go's OpenAPISchema()
// accepts: `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`). kubectl up to
// ~1.29 fetches it for every `apply` to validate; a JSON answer does not parse there.
// Field numbers follow gnostic's openapiv2/OpenAPIv2.proto. Vendor extensions and defaults travel
// as YAML text (JSON is YAML), as gnostic stores them.

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

type Json = Record<string, any>;

/** A protobuf message under construction: encoded fields, appended in order. */
class Message {
  private readonly parts: Buffer[] = [];

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  private varint(n: number): void {
    const bytes: number[] = [];
    if (n >= 0 && n < 0x80000000) {
      let v = Math.trunc(n);
      while (v >= 0x80) {
        bytes.push((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      bytes.push(v);
    } else {
      // Negative and large values: 64-bit two's complement, as protobuf encodes int64.
      let v = BigInt.asUintN(64, BigInt(Math.trunc(n)));
      do {
        let b = Number(v & 0x7fn);
        v >>= 7n;
        if (v) b |= 0x80;
        bytes.push(b);
      } while (v);
    }
    this.parts.push(Buffer.from(bytes));
  }

  string(field: number, value: unknown): this {
    if (typeof value !== 'string' || value === '') return this;
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  strings(field: number, values: unknown): this {
    for (const v of Array.isArray(values) ? values : []) if (typeof v === 'string') this.bytes(field, Buffer.from(v, 'utf8'));
    return this;
  }

  bool(field: number, value: unknown, always = false): this {
    if (typeof value !== 'boolean' || (!value && !always)) return this;
    this.tag(field, 0);
    this.varint(value ? 1 : 0);
    return this;
  }

  int64(field: number, value: unknown): this {
    if (typeof value !== 'number' || !Number.isFinite(value) || value === 0) return this;
    this.tag(field, 0);
    this.varint(value);
    return this;
  }

  double(field: number, value: unknown): this {
    if (typeof value !== 'number' || !Number.isFinite(value) || value === 0) return this;
    this.tag(field, 1);
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    this.parts.push(b);
    return this;
  }

  message(field: number, m: Message | undefined): this {
    return m ? this.bytes(field, m.encode()) : this;
  }

  private bytes(field: number, b: Buffer): this {
    this.tag(field, 2);
    this.varint(b.length);
    this.parts.push(b);
    return this;
  }

  encode(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** gnostic's Any: the value as YAML text. */
function any(value: unknown): Message {
  return new Message().string(2, `${JSON.stringify(value)}\n`);
}

function vendorExtensions(m: Message, field: number, obj: Json): void {
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith('x-')) m.message(field, new Message().string(1, k).message(2, any(v)));
  }
}

function schema(s: Json): Message {
  const m = new Message()
    .string(1, s.$ref)
    .string(2, s.format)
    .string(3, s.title)
    .string(4, s.description);
  if (s.default !== undefined) m.message(5, any(s.default));
  m.double(6, s.multipleOf).double(7, s.maximum).bool(8, s.exclusiveMaximum).double(9, s.minimum).bool(10, s.exclusiveMinimum);
  m.int64(11, s.maxLength).int64(12, s.minLength).string(13, s.pattern).int64(14, s.maxItems).int64(15, s.minItems).bool(16, s.uniqueItems);
  m.int64(17, s.maxProperties).int64(18, s.minProperties).strings(19, s.required);
  for (const e of Array.isArray(s.enum) ? s.enum : []) m.message(20, any(e));
  if (typeof s.additionalProperties === 'boolean') m.message(21, new Message().bool(2, s.additionalProperties, true));
  else if (s.additionalProperties && typeof s.additionalProperties === 'object') m.message(21, new Message().message(1, schema(s.additionalProperties)));
  if (s.type !== undefined) m.message(22, new Message().strings(1, Array.isArray(s.type) ? s.type : [s.type]));
  if (s.items && typeof s.items === 'object') {
    const items = new Message();
    for (const i of Array.isArray(s.items) ? s.items : [s.items]) items.message(1, schema(i));
    m.message(23, items);
  }
  for (const a of Array.isArray(s.allOf) ? s.allOf : []) m.message(24, schema(a));
  if (s.properties && typeof s.properties === 'object') {
    const props = new Message();
    for (const [name, p] of Object.entries(s.properties)) props.message(1, new Message().string(1, name).message(2, schema(p as Json)));
    m.message(25, props);
  }
  m.bool(27, s.readOnly);
  if (s.example !== undefined) m.message(30, any(s.example));
  vendorExtensions(m, 31, s);
  return m;
}

function parameter(p: Json): Message {
  if (p.$ref) return new Message().message(2, new Message().string(1, p.$ref));
  let param: Message;
  if (p.in === 'body') {
    param = new Message().message(1, new Message().string(1, p.description).string(2, p.name).string(3, p.in).bool(4, p.required).message(5, p.schema ? schema(p.schema) : undefined));
  } else {
    // Query parameters put type at 6 (after allow_empty_value); path and header ones at 5.
    const query = p.in === 'query' || p.in === 'formData';
    const sub = new Message().bool(1, p.required).string(2, p.in).string(3, p.description).string(4, p.name).string(query ? 6 : 5, p.type).string(query ? 7 : 6, p.format);
    sub.bool(query ? 20 : 19, p.uniqueItems);
    const which = p.in === 'query' ? 3 : p.in === 'path' ? 4 : p.in === 'header' ? 1 : 2;
    param = new Message().message(2, new Message().message(which, sub));
  }
  return new Message().message(1, param);
}

function operation(op: Json): Message {
  const m = new Message().strings(1, op.tags).string(2, op.summary).string(3, op.description).string(5, op.operationId);
  m.strings(6, op.produces).strings(7, op.consumes);
  for (const p of Array.isArray(op.parameters) ? op.parameters : []) m.message(8, parameter(p));
  const responses = new Message();
  for (const [code, r] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
    const response = new Message().string(1, r.description);
    if (r.schema) response.message(2, new Message().message(1, schema(r.schema)));
    responses.message(1, new Message().string(1, code).message(2, new Message().message(1, response)));
  }
  m.message(9, responses).strings(10, op.schemes).bool(11, op.deprecated);
  vendorExtensions(m, 13, op);
  return m;
}

const METHOD_FIELDS: [string, number][] = [['get', 2], ['put', 3], ['post', 4], ['delete', 5], ['options', 6], ['head', 7], ['patch', 8]];

function pathItem(item: Json): Message {
  const m = new Message().string(1, item.$ref);
  for (const [method, field] of METHOD_FIELDS) if (item[method]) m.message(field, operation(item[method]));
  for (const p of Array.isArray(item.parameters) ? item.parameters : []) m.message(9, parameter(p));
  vendorExtensions(m, 10, item);
  return m;
}

/** Encodes a Swagger 2.0 document (as openApiV2Document builds it) as gnostic protobuf. */
export function encodeOpenApiV2(doc: Json): Buffer {
  const m = new Message().string(1, doc.swagger);
  if (doc.info) m.message(2, new Message().string(1, doc.info.title).string(2, doc.info.version).string(3, doc.info.description));
  m.string(3, doc.host).string(4, doc.basePath).strings(5, doc.schemes).strings(6, doc.consumes).strings(7, doc.produces);
  const paths = new Message();
  for (const [name, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) paths.message(2, new Message().string(1, name).message(2, pathItem(item)));
  m.message(8, paths);
  const definitions = new Message();
  for (const [name, s] of Object.entries((doc.definitions ?? {}) as Record<string, Json>)) definitions.message(1, new Message().string(1, name).message(2, schema(s)));
  m.message(9, definitions);
  for (const requirement of Array.isArray(doc.security) ? doc.security : []) {
    const req = new Message();
    for (const [name, scopes] of Object.entries(requirement as Record<string, string[]>)) req.message(1, new Message().string(1, name).message(2, new Message().strings(1, scopes)));
    m.message(12, req);
  }
  if (doc.securityDefinitions) {
    const defs = new Message();
    for (const [name, d] of Object.entries(doc.securityDefinitions as Record<string, Json>)) {
      const apiKey = new Message().string(1, d.type).string(2, d.name).string(3, d.in).string(4, d.description);
      defs.message(1, new Message().string(1, name).message(2, new Message().message(2, apiKey)));
    }
    m.message(13, defs);
  }
  vendorExtensions(m, 16, doc);
  return m.encode();
}
