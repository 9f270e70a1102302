// Validation of custom resources against their CRD version's openAPIV3Schema, as kube-apiserver's
// apiextensions-apiserver runs it (kube-openapi's schema validator, its errors turned into field
// errors), with the field paths and messages kube prints:
//   spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"
// On update, values equal to the old object's at the same place are not validated again
// (validation ratcheting, on by default since 1.30). CEL rules (x-kubernetes-validations) are not
// evaluated: they are out of scope here and ignored. metadata is left to the ObjectMeta checks.
import type { StatusCause } from '../status';
import { fieldError } from '../status';

type Schema = Record<string, any>;

// Formats kube-apiserver keeps for custom resources (apiextensions' supported formats, named
// without dashes: date-time is datetime); the others, e.g. int32, int64, float or double, are
// not checked. isbn, isbn10, isbn13 and creditcard are not checked here either.
const FORMATS: Record<string, (s: string) => boolean> = {
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
  uri: (s) => isRequestUri(s),
  email: (s) => /^[^\s@<>]+@[^\s@<>]+$/.test(s) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(s),
  hostname: (s) => s.length <= 255 && /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u.test(s),
  ipv4: (s) => isIPv4(s),
  ipv6: (s) => isIPv6(s),
  cidr: (s) => isCidr(s),
  mac: (s) => /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(s) || /^([0-9a-fA-F]{2}[:-]){7}[0-9a-fA-F]{2}$/.test(s) || /^([0-9a-fA-F]{2}[:-]){19}[0-9a-fA-F]{2}$/.test(s) || /^([0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$/.test(s),
  uuid: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid3: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid4: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  uuid5: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  ssn: (s) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(s),
  hexcolor: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  rgbcolor: (s) => /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/.test(s),
  byte: (s) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0,
  password: () => true,
  date: (s) => isDate(s),
  duration: (s) => /^(-?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/.test(s) || /^\d+\s*(ns|us|µs|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?)$/.test(s),
  datetime: (s) => {
    const m = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
    return m !== null && isDate(m[1]) && Number(m[2]) <= 23 && Number(m[3]) <= 59 && Number(m[4]) <= 59;
  },
};

function isRequestUri(s: string): boolean {
  if (s.startsWith('/')) return true;
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/.test(s);
}

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIPv6(s: string): boolean {
  if (!s.includes(':')) return false;
  try {
    return new URL(`http://[${s}]/`).hostname.length > 0;
  } catch {
    return false;
  }
}

function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (isIPv4(ip)) return Number(bits) <= 32;
  return isIPv6(ip) && Number(bits) <= 128;
}

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The JSON type kube-openapi sees for a decoded value. */
function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  return 'object';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go's %v of a float64 for the values schemas hold. */
function num(n: number): string {
  return String(n);
}

/** Go's %#v of a JSON value (a duplicate list-map entry's keys, an invalid default). */
export function goSyntax(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  if (isObject(v)) {
    return `map[string]interface {}{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${goSyntax(v[k])}`)
      .join(', ')}}`;
  }
  return String(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual((a as any)[k], (b as any)[k])) return false;
  }
  return true;
}

// The old object's value is absent at a place (nothing to ratchet against).
const NONE = Symbol('none');
type Old = unknown | typeof NONE;

function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

const regexps = new Map<string, RegExp | null>();

function regexp(pattern: string): RegExp | null {
  let re = regexps.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      try {
        re = new RegExp(pattern);
      } catch {
        re = null;
      }
    }
    if (regexps.size > 1024) regexps.clear();
    regexps.set(pattern, re);
  }
  return re;
}

/**
 * The field errors of `obj` against a CRD version's openAPIV3Schema, in kube-apiserver's order;
 * `old`: the live object of an update (unchanged values are not validated again).
 */
export function validateCustomResource(schema: Schema, obj: Record<string, unknown>, old?: Record<string, unknown>): StatusCause[] {
  const errs: StatusCause[] = [];
  // metadata is validated as ObjectMeta, not by the schema.
  const value: Record<string, unknown> = { ...obj };
  delete value.metadata;
  const before: Old = old === undefined ? NONE : { ...old, metadata: undefined };
  if (before !== NONE) delete (before as Record<string, unknown>).metadata;
  const later: Later = { embedded: [], lists: [] };
  validate(schema, value, '', before, errs, later, true);
  // As kube-apiserver's custom resource validation: the schema's errors, then those of embedded
  // resources, then list-type uniqueness.
  return [...errs, ...later.embedded, ...later.lists];
}

/**
 * The field errors of one value against a schema node, reported under `path` (a CRD schema's
 * `default` is validated this way: its errors name the default's own path).
 */
export function validateSchemaValue(schema: Schema, value: unknown, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  const later: Later = { embedded: [], lists: [] };
  validate(schema, value, path, NONE, errs, later);
  return [...errs, ...later.embedded, ...later.lists];
}

function ownValue(o: Old, key: string): Old {
  return isObject(o) && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : NONE;
}

/** Errors of the checks kube runs apart from the schema walk; undefined inside allOf, anyOf, oneOf and not. */
interface Later {
  embedded: StatusCause[];
  lists: StatusCause[];
}

function validate(s: Schema, v: unknown, path: string, old: Old, errs: StatusCause[], later: Later | undefined, root = false): void {
  if (old !== NONE && deepEqual(v, old)) return;
  const field = path;
  // type
  const actual = jsonType(v);
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const declared: string | undefined = intOrString ? 'integer,string' : typeof s.type === 'string' && s.type ? s.type : undefined;
  // null: only the type and the enum are checked.
  if (v === null || v === undefined) {
    if (s.nullable === true) return;
    if (declared !== undefined) errs.push(typeInvalid(field, 'null', `${path} in body must be of type ${declared}: "null"`));
    if (Array.isArray(s.enum) && s.enum.length > 0 && !s.enum.includes(null)) errs.push(notSupported(field, null, s.enum));
    return;
  }
  // A value of the wrong type is reported and still checked by the rules that apply to what it
  // is (an enum, say), as kube-openapi runs every validator.
  if (declared !== undefined) {
    const ok = intOrString ? actual === 'integer' || actual === 'string' : declared === actual || (declared === 'number' && actual === 'integer');
    if (!ok) errs.push(typeInvalid(field, actual, `${path} in body must be of type ${declared}: "${actual}"`));
  }
  // allOf, anyOf, oneOf, not
  if (Array.isArray(s.allOf)) {
    let valid = 0;
    for (const sub of s.allOf) {
      if (!isObject(sub)) continue;
      const before = errs.length;
      validate(sub, v, path, NONE, errs, undefined);
      if (errs.length === before) valid++;
    }
    if (valid !== s.allOf.length) errs.push(composite(`${JSON.stringify(path)} must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}`));
  }
  if (Array.isArray(s.anyOf) && s.anyOf.length > 0) {
    const results = s.anyOf.filter(isObject).map((sub: Schema) => {
      const out: StatusCause[] = [];
      validate(sub, v, path, NONE, out, undefined);
      return out;
    });
    if (!results.some((r: StatusCause[]) => r.length === 0)) {
      errs.push(composite(`${JSON.stringify(path)} must validate at least one schema (anyOf)`));
      errs.push(...(results[0] ?? []));
    }
  }
  if (Array.isArray(s.oneOf) && s.oneOf.length > 0) {
    const results = s.oneOf.filter(isObject).map((sub: Schema) => {
      const out: StatusCause[] = [];
      validate(sub, v, path, NONE, out, undefined);
      return out;
    });
    const valid = results.filter((r: StatusCause[]) => r.length === 0).length;
    if (valid !== 1) {
      errs.push(composite(`${JSON.stringify(path)} must validate one and only one schema (oneOf). ${valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`}`));
      if (valid === 0) errs.push(...(results[0] ?? []));
    }
  }
  if (isObject(s.not)) {
    const out: StatusCause[] = [];
    validate(s.not, v, path, NONE, out, undefined);
    if (out.length === 0) errs.push(composite(`${JSON.stringify(path)} must not validate the schema (not)`));
  }
  // string
  if (typeof v === 'string') {
    const length = [...v].length;
    if (typeof s.maxLength === 'number' && length > s.maxLength) errs.push(fieldError.tooLong(field, s.maxLength));
    if (typeof s.minLength === 'number' && length < s.minLength) errs.push(fieldError.invalid(field, v, `${path} in body should be at least ${s.minLength} chars long`));
    if (typeof s.pattern === 'string') {
      const re = regexp(s.pattern);
      if (re && !re.test(v)) errs.push(fieldError.invalid(field, v, `${path} in body should match '${s.pattern}'`));
    }
    if (typeof s.format === 'string' && !intOrString) {
      const check = Object.prototype.hasOwnProperty.call(FORMATS, s.format.replaceAll('-', '')) ? FORMATS[s.format.replaceAll('-', '')] : undefined;
      if (check && !check(v)) errs.push(typeInvalid(field, v, `${path} in body must be of type ${s.format}: ${JSON.stringify(v)}`));
    }
  }
  // number
  if (typeof v === 'number') {
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
      const q = v / s.multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9) errs.push(fieldError.invalid(field, v, `${path} in body should be a multiple of ${num(s.multipleOf)}`));
    }
    if (typeof s.maximum === 'number') {
      if (s.exclusiveMaximum === true ? v >= s.maximum : v > s.maximum) {
        errs.push(fieldError.invalid(field, v, `${path} in body should be less than ${s.exclusiveMaximum === true ? '' : 'or equal to '}${num(s.maximum)}`));
      }
    }
    if (typeof s.minimum === 'number') {
      if (s.exclusiveMinimum === true ? v <= s.minimum : v < s.minimum) {
        errs.push(fieldError.invalid(field, v, `${path} in body should be greater than ${s.exclusiveMinimum === true ? '' : 'or equal to '}${num(s.minimum)}`));
      }
    }
  }
  // array
  if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && v.length < s.minItems) errs.push(fieldError.invalid(field, v.length, `${path} in body should have at least ${s.minItems} items`));
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) errs.push(tooMany(field, v.length, s.maxItems));
    if (s.uniqueItems === true && v.some((x, i) => v.findIndex((y) => deepEqual(x, y)) !== i)) {
      errs.push(fieldError.invalid(field, '', `${path} in body shouldn't contain duplicates`));
    }
    if (isObject(s.items)) {
      const oldItems = correlatedItems(s, v, old);
      for (let i = 0; i < v.length; i++) validate(s.items, v[i], `${path}[${i}]`, oldItems[i], errs, later);
    }
  }
  // enum
  if (Array.isArray(s.enum) && s.enum.length > 0 && !s.enum.some((e: unknown) => deepEqual(e, v))) errs.push(notSupported(field, v, s.enum));
  // object
  if (isObject(v)) {
    const keys = Object.keys(v);
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties) {
      errs.push(fieldError.invalid(field, keys.length, `${path} in body should have at least ${s.minProperties} properties`));
    }
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) errs.push(tooMany(field, keys.length, s.maxProperties));
    if (Array.isArray(s.required)) {
      for (const name of s.required) {
        if (typeof name === 'string' && !Object.prototype.hasOwnProperty.call(v, name)) errs.push(fieldError.required(child(path, name)));
      }
    }
    const props = isObject(s.properties) ? s.properties : {};
    for (const [name, sub] of Object.entries(props)) {
      if (root && name === 'metadata') continue;
      if (isObject(sub) && Object.prototype.hasOwnProperty.call(v, name)) validate(sub, v[name], child(path, name), ownValue(old, name), errs, later);
    }
    if (isObject(s.additionalProperties)) {
      for (const key of keys) {
        if (Object.prototype.hasOwnProperty.call(props, key)) continue;
        validate(s.additionalProperties, v[key], child(path, key), ownValue(old, key), errs, later);
      }
    }
    if (s['x-kubernetes-embedded-resource'] === true && later) {
      if (!Object.prototype.hasOwnProperty.call(v, 'apiVersion')) later.embedded.push(fieldError.required(child(path, 'apiVersion'), 'must not be empty'));
      if (!Object.prototype.hasOwnProperty.call(v, 'kind')) later.embedded.push(fieldError.required(child(path, 'kind'), 'must not be empty'));
    }
  }
  // x-kubernetes-list-type: set and map entries are unique (checked apart from the schema walk).
  if (Array.isArray(v) && later) listTypeErrors(s, v, field, later.lists);
}

/** The old list's item for each new item: map lists correlate by their keys, others not at all. */
function correlatedItems(s: Schema, v: unknown[], old: Old): Old[] {
  if (s['x-kubernetes-list-type'] !== 'map' || !Array.isArray(old) || !Array.isArray(s['x-kubernetes-list-map-keys'])) return v.map(() => NONE);
  const keys: string[] = s['x-kubernetes-list-map-keys'].map(String);
  const keyOf = (x: unknown): string => (isObject(x) ? JSON.stringify(keys.map((k) => x[k] ?? null)) : '');
  const byKey = new Map<string, unknown>();
  for (const x of old) byKey.set(keyOf(x), x);
  return v.map((x) => (byKey.has(keyOf(x)) ? byKey.get(keyOf(x)) : NONE));
}

// Which entries repeat an earlier one: only the second appearance of each is reported, as kube does.
function repeats(keys: string[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  keys.forEach((k, i) => {
    const times = seen.get(k) ?? 0;
    if (times === 1) out.push(i);
    seen.set(k, times + 1);
  });
  return out;
}

function listTypeErrors(s: Schema, v: unknown[], field: string, errs: StatusCause[]): void {
  const type = s['x-kubernetes-list-type'];
  if (type === 'set') {
    for (const i of repeats(v.map((x) => JSON.stringify(x)))) {
      const x = v[i];
      errs.push(duplicate(`${field}[${i}]`, typeof x === 'string' ? JSON.stringify(x) : isObject(x) || Array.isArray(x) ? goSyntax(x) : x === null ? '"null"' : String(x)));
    }
  } else if (type === 'map' && Array.isArray(s['x-kubernetes-list-map-keys'])) {
    const bad = v.findIndex((x) => x !== null && !isObject(x));
    if (bad >= 0) {
      errs.push(fieldError.invalid(`${field}[${bad}]`, v[bad], 'must be an object for an array of list-type map'));
      return;
    }
    const keyFields: string[] = s['x-kubernetes-list-map-keys'].map(String);
    // The key fields an entry has (an absent key differs from a null one).
    const keys = v.map((x) => {
      const present: Record<string, unknown> = {};
      if (isObject(x)) for (const k of keyFields) if (Object.prototype.hasOwnProperty.call(x, k)) present[k] = x[k];
      return present;
    });
    for (const i of repeats(keys.map((k) => JSON.stringify(keyFields.map((f) => (Object.prototype.hasOwnProperty.call(k, f) ? [k[f]] : [])))))) {
      errs.push(duplicate(`${field}[${i}]`, goSyntax(keys[i])));
    }
  }
}

function typeInvalid(field: string, value: unknown, detail: string): StatusCause {
  return { reason: 'FieldValueTypeInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${detail}` };
}

function tooMany(field: string, actual: number, max: number): StatusCause {
  return { reason: 'FieldValueTooMany', field, message: `Too many: ${actual}: must have at most ${max} items` };
}

function duplicate(field: string, rendered: string): StatusCause {
  return { reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${rendered}` };
}

/** allOf, anyOf, oneOf and not: errors of no field (kube prints the path quoted in the message). */
function composite(detail: string): StatusCause {
  return fieldError.invalid('', '', detail);
}

/** Enum values as kube lists them: strings as they are, other values as JSON. */
function notSupported(field: string, value: unknown, values: unknown[]): StatusCause {
  // A null value prints as the string "null", as kube's field errors print nil.
  return fieldError.notSupported(field, value === null ? 'null' : value, values.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))));
}
