// A CRD version's openAPIV3Schema as kube-apiserver's apiextensions validation takes it: a
// structural schema (a type on every specified field and item, metadata at the root restricted
// to name and generateName, nothing but value validation under allOf/anyOf/oneOf/not), defaults
// that validate against (and are pruned by) their own schema, and the OpenAPI features
// apiextensions refuses ($ref, uniqueItems, additionalProperties next to properties...).
//
// Order of the causes, as kube-apiserver reports them: `nullable` at the root; the structural
// errors, sorted by their rendered text; when there are none, the defaults' errors; then the
// OpenAPI feature errors, walking the schema (properties in sorted order: kube walks a Go map).
// Not checked here: the status-subresource restriction of the root, CEL rules, pattern syntax,
// defaults inside embedded resources' metadata.

import type { StatusCause } from '../status';
import { fieldError } from '../status';
import { goSyntax, validateSchemaValue } from '../schema/cr-validation';
import { child, goStringSlice, index, key } from './render';
import type { Causes, Json } from './types';

type Level = 'root' | 'item' | 'field';

/**
 * The rules kube-apiserver only enforces on an update when the old CRD kept them (so a CRD stored
 * before they came in can still be changed): valid property types, pruned defaults, map and set
 * list items and keys, atomic items of set lists.
 */
export type RatchetedRule = 'propertyType' | 'prunedDefaults' | 'mapListKeys' | 'atomicSet';

export interface SchemaRules {
  /** Rules not enforced (the old CRD of an update breaks them already). */
  relaxed: ReadonlySet<RatchetedRule>;
  /** Rules the schema breaks, filled in as it is checked. */
  broken: Set<RatchetedRule>;
}

function enforced(rules: SchemaRules, rule: RatchetedRule): boolean {
  rules.broken.add(rule);
  return !rules.relaxed.has(rule);
}

const OPENAPI_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function props(s: Json): Record<string, Json> {
  return isObject(s.properties) ? s.properties : {};
}

function typeOf(s: Json): string {
  return typeof s.type === 'string' ? s.type : '';
}

function prop(path: string, name: string): string {
  return key(child(path, 'properties'), name);
}

function jsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObject(v)) {
    const out: Json = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

/** A value that Go would leave at its zero value (absent, false, "", empty). */
function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return false;
}

// --- structural schema (kube's pkg/apiserver/schema ValidateStructural) ---

function isIntOrStringAnyOf(anyOf: unknown): boolean {
  return (
    Array.isArray(anyOf) &&
    anyOf.length === 2 &&
    jsonEqual(anyOf[0], { type: 'integer' }) &&
    jsonEqual(anyOf[1], { type: 'string' })
  );
}

function structuralInvariants(s: Json, lvl: Level, path: string, errs: Causes): void {
  const type = typeOf(s);
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  if (type === 'array' && s.items === undefined) errs.push(fieldError.required(child(path, 'items'), 'must be specified'));
  if (isObject(s.items)) structuralInvariants(s.items, 'item', child(path, 'items'), errs);
  for (const [k, v] of Object.entries(props(s))) if (isObject(v)) structuralInvariants(v, 'field', prop(path, k), errs);
  if (s.additionalProperties !== undefined && s.additionalProperties !== null) {
    if (lvl === 'root') errs.push(fieldError.forbidden(child(path, 'additionalProperties'), 'must not be used at the root'));
    if (isObject(s.additionalProperties)) structuralInvariants(s.additionalProperties, 'field', child(path, 'additionalProperties'), errs);
  }
  if (intOrString && preserve) errs.push(fieldError.invalid(child(path, 'x-kubernetes-preserve-unknown-fields'), true, 'must be false if x-kubernetes-int-or-string is true'));
  if (intOrString && embedded) errs.push(fieldError.invalid(child(path, 'x-kubernetes-embedded-resource'), true, 'must be false if x-kubernetes-int-or-string is true'));
  valueValidation(s, isIntOrStringAnyOf(s.anyOf), Array.isArray(s.allOf) && isObject(s.allOf[0]) && isIntOrStringAnyOf(s.allOf[0].anyOf), lvl, path, errs);
  if (embedded && type !== 'object') {
    const detail = 'must be object if x-kubernetes-embedded-resource is true';
    errs.push(type ? fieldError.invalid(child(path, 'type'), type, detail) : fieldError.required(child(path, 'type'), detail));
  } else if (!type && !intOrString && !preserve) {
    const detail = lvl === 'root' ? 'must not be empty at the root' : lvl === 'item' ? 'must not be empty for specified array items' : 'must not be empty for specified object fields';
    errs.push(fieldError.required(child(path, 'type'), detail));
  }
  if (embedded && s.additionalProperties !== undefined && s.additionalProperties !== null) {
    errs.push(fieldError.forbidden(child(path, 'additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set'));
  }
  if (lvl === 'root' && type && type !== 'object') errs.push(fieldError.invalid(child(path, 'type'), type, 'must be object at the root'));
  const checkMetadata = lvl === 'root' || embedded;
  const p = props(s);
  for (const f of ['kind', 'apiVersion']) {
    if (checkMetadata && isObject(p[f]) && typeOf(p[f]) !== 'string') errs.push(fieldError.invalid(child(prop(path, f), 'type'), typeOf(p[f]), 'must be string'));
  }
  if (isObject(p.metadata)) metadataInvariants(p.metadata, checkMetadata, lvl, prop(path, 'metadata'), errs);
  if (embedded && !preserve && Object.keys(p).length === 0) {
    errs.push(fieldError.required(child(path, 'properties'), 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
}

// Parts of a schema node the structural schema does not hold: they may be anything in metadata.
const NOT_STRUCTURAL = new Set(['example', 'externalDocs', '$schema', 'id', '$ref', 'additionalItems', 'patternProperties', 'definitions', 'dependencies']);

function metadataInvariants(m: Json, checkMetadata: boolean, lvl: Level, path: string, errs: Causes): void {
  if (checkMetadata && typeOf(m) !== 'object') errs.push(fieldError.invalid(child(path, 'type'), typeOf(m), 'must be object'));
  if (lvl !== 'root') return;
  const names = Object.keys(props(m));
  const onlyNames = names.every((n) => n === 'name' || n === 'generateName');
  const extra = Object.keys(m).some((k) => {
    if (k === 'type' || k === 'default' || NOT_STRUCTURAL.has(k)) return false;
    if (k === 'properties') return !onlyNames;
    return !isZero(m[k]);
  });
  if (extra) errs.push(fieldError.forbidden(path, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
}

function valueValidation(v: Json, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, lvl: Level, path: string, errs: Causes): void {
  if (!skipAnyOf && Array.isArray(v.anyOf)) v.anyOf.forEach((n: unknown, i: number) => isObject(n) && nestedValueValidation(n, false, false, lvl, index(child(path, 'anyOf'), i), errs));
  if (Array.isArray(v.allOf)) v.allOf.forEach((n: unknown, i: number) => isObject(n) && nestedValueValidation(n, skipFirstAllOfAnyOf && i === 0, false, lvl, index(child(path, 'allOf'), i), errs));
  if (Array.isArray(v.oneOf)) v.oneOf.forEach((n: unknown, i: number) => isObject(n) && nestedValueValidation(n, false, false, lvl, index(child(path, 'oneOf'), i), errs));
  if (isObject(v.not)) nestedValueValidation(v.not, false, false, lvl, child(path, 'not'), errs);
}

const NESTED_FORBIDDEN: [string, string][] = [
  ['type', 'must be empty to be structural'],
  ['additionalProperties', 'must be undefined to be structural'],
  ['default', 'must be undefined to be structural'],
  ['title', 'must be empty to be structural'],
  ['description', 'must be empty to be structural'],
  ['nullable', 'must be false to be structural'],
  ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', 'must be false to be structural'],
  ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', 'must be empty to be structural'],
  ['x-kubernetes-list-type', 'must be undefined to be structural'],
  ['x-kubernetes-map-type', 'must be undefined to be structural'],
  ['x-kubernetes-validations', 'must be empty to be structural'],
];

function nestedValueValidation(v: Json, skipAnyOf: boolean, skipAllOfAnyOf: boolean, lvl: Level, path: string, errs: Causes): void {
  valueValidation(v, skipAnyOf, skipAllOfAnyOf, lvl, path, errs);
  if (isObject(v.items)) nestedValueValidation(v.items, false, false, lvl, child(path, 'items'), errs);
  for (const [k, sub] of Object.entries(props(v))) if (isObject(sub)) nestedValueValidation(sub, false, false, 'field', prop(path, k), errs);
  for (const [f, detail] of NESTED_FORBIDDEN) {
    const x = v[f];
    const set = f === 'default' || f === 'additionalProperties' || f === 'x-kubernetes-list-type' || f === 'x-kubernetes-map-type' ? x !== undefined && x !== null : !isZero(x);
    if (set) errs.push(fieldError.forbidden(child(path, f), detail));
  }
  if (isObject(v.properties) && Object.prototype.hasOwnProperty.call(v.properties, 'metadata')) {
    errs.push(fieldError.forbidden(prop(path, 'metadata'), 'must not be specified in a nested context'));
  }
}

// Completeness: what the root's allOf/anyOf/oneOf/not say of fields and items must be specified
// outside of them too (kube checks the root's junctors only).
function completeness(v: Json, s: Json | undefined, sPath: string, vPath: string, errs: Causes): void {
  if (s === undefined) {
    errs.push(fieldError.required(sPath, `because it is defined in ${vPath}`));
    return;
  }
  if (isObject(v.not)) nestedCompleteness(v.not, s, sPath, child(vPath, 'not'), errs);
  for (const f of ['allOf', 'anyOf', 'oneOf']) {
    if (Array.isArray(v[f])) v[f].forEach((n: unknown, i: number) => isObject(n) && nestedCompleteness(n, s, sPath, index(child(vPath, f), i), errs));
  }
}

function nestedCompleteness(v: Json, s: Json | undefined, sPath: string, vPath: string, errs: Causes): void {
  if (s === undefined) {
    errs.push(fieldError.required(sPath, `because it is defined in ${vPath}`));
    return;
  }
  completeness(v, s, sPath, vPath, errs);
  if (isObject(v.items)) nestedCompleteness(v.items, isObject(s.items) ? s.items : undefined, child(sPath, 'items'), child(vPath, 'items'), errs);
  const sp = props(s);
  for (const [k, f] of Object.entries(props(v))) {
    if (!isObject(f)) continue;
    if (!isObject(sp[k])) errs.push(fieldError.required(prop(sPath, k), `because it is defined in ${prop(vPath, k)}`));
    else nestedCompleteness(f, sp[k], prop(sPath, k), prop(vPath, k), errs);
  }
}

function errorText(c: StatusCause): string {
  return `${c.field}: ${c.message}`;
}

function validateStructural(schema: Json, path: string): Causes {
  const errs: Causes = [];
  structuralInvariants(schema, 'root', path, errs);
  completeness(schema, schema, path, path, errs);
  return errs.sort((a, b) => (errorText(a) < errorText(b) ? -1 : errorText(a) > errorText(b) ? 1 : 0));
}

// --- defaults (kube's structural defaulting ValidateDefaults) ---

/** The value as kube's pruning leaves it: unknown fields dropped where the schema does not preserve them. */
function prune(s: Json, v: unknown, resourceRoot: boolean): unknown {
  if (Array.isArray(v)) return isObject(s.items) ? v.map((x) => prune(s.items, x, false)) : v;
  if (!isObject(v)) return v;
  const embedded = resourceRoot || s['x-kubernetes-embedded-resource'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const p = props(s);
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) {
    if (isObject(p[k])) out[k] = prune(p[k], x, false);
    else if (isObject(s.additionalProperties)) out[k] = prune(s.additionalProperties, x, false);
    else if (preserve || s.additionalProperties === true || (embedded && (k === 'apiVersion' || k === 'kind' || k === 'metadata'))) out[k] = x;
  }
  return out;
}

function defaultPath(path: string, field: string): string {
  if (!field) return path;
  return field.startsWith('[') ? `${path}${field}` : `${path}.${field}`;
}

function validateDefaults(s: Json, path: string, insideMeta: boolean, errs: Causes, rules: SchemaRules, resourceRoot = false): void {
  const embedded = resourceRoot || s['x-kubernetes-embedded-resource'] === true;
  if (s['x-kubernetes-embedded-resource'] === true) insideMeta = false;
  if (s.default !== undefined && s.default !== null && !insideMeta) {
    const at = child(path, 'default');
    const pruned = prune(s, s.default, embedded);
    if (!jsonEqual(pruned, s.default) && enforced(rules, 'prunedDefaults')) errs.push(fieldError.invalidRendered(at, goSyntax(s.default), 'must not have unknown fields'));
    for (const c of validateSchemaValue(s, s.default, '')) errs.push({ ...c, field: defaultPath(at, c.field ?? '') });
  }
  // additionalProperties are not followed: defaults are forbidden there.
  if (isObject(s.items)) validateDefaults(s.items, child(path, 'items'), insideMeta, errs, rules);
  for (const k of Object.keys(props(s)).sort()) {
    const sub = props(s)[k];
    if (!isObject(sub)) continue;
    validateDefaults(sub, prop(path, k), insideMeta || (embedded && (k === 'metadata' || k === 'apiVersion' || k === 'kind')), errs, rules);
  }
}

// --- OpenAPI features apiextensions refuses (ValidateCustomResourceDefinitionOpenAPISchema) ---

interface Walk {
  rules: SchemaRules;
  /** Why a default is forbidden here (top-level metadata, additionalProperties in metadata). */
  noDefaults?: string;
  insideMeta: boolean;
}

function openAPISchema(s: Json, path: string, w: Walk, isRoot: boolean, errs: Causes): void {
  const type = typeOf(s);
  // the per-node checks (specStandardValidatorV3)
  if (type && !OPENAPI_TYPES.includes(type) && enforced(w.rules, 'propertyType')) errs.push(fieldError.notSupported(child(path, 'type'), type, OPENAPI_TYPES));
  if (s.default !== undefined && s.default !== null && w.noDefaults !== undefined) errs.push(fieldError.forbidden(child(path, 'default'), `must not be set ${w.noDefaults}`));
  if (typeof s.id === 'string' && s.id) errs.push(fieldError.forbidden(child(path, 'id'), 'id is not supported'));
  if (s.additionalItems !== undefined && s.additionalItems !== null) errs.push(fieldError.forbidden(child(path, 'additionalItems'), 'additionalItems is not supported'));
  if (!isZero(s.patternProperties)) errs.push(fieldError.forbidden(child(path, 'patternProperties'), 'patternProperties is not supported'));
  if (!isZero(s.definitions)) errs.push(fieldError.forbidden(child(path, 'definitions'), 'definitions is not supported'));
  if (s.dependencies !== undefined && s.dependencies !== null) errs.push(fieldError.forbidden(child(path, 'dependencies'), 'dependencies is not supported'));
  if (typeof s.$ref === 'string') errs.push(fieldError.forbidden(child(path, '$ref'), '$ref is not supported'));
  if (type === 'null') errs.push(fieldError.forbidden(child(path, 'type'), 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(s.items) && s.items.length > 0) errs.push(fieldError.forbidden(child(path, 'items'), 'items must be a schema object and not an array'));
  if (w.insideMeta && s['x-kubernetes-embedded-resource'] === true) errs.push(fieldError.forbidden(child(path, 'x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'));

  if (s.uniqueItems === true) errs.push(fieldError.forbidden(child(path, 'uniqueItems'), 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  const p = props(s);
  if (s.additionalProperties !== undefined && s.additionalProperties !== null) {
    if (Object.keys(p).length > 0 && (s.additionalProperties === false || isObject(s.additionalProperties))) {
      errs.push(fieldError.forbidden(child(path, 'additionalProperties'), 'additionalProperties and properties are mutual exclusive'));
    }
    if (isObject(s.additionalProperties)) {
      const sub: Walk = w.insideMeta ? { ...w, noDefaults: 'inside additionalProperties applying to object metadata' } : w;
      openAPISchema(s.additionalProperties, child(path, 'additionalProperties'), sub, false, errs);
    }
  }
  for (const k of Object.keys(p).sort()) {
    if (!isObject(p[k])) continue;
    let sub = w;
    if ((isRoot || s['x-kubernetes-embedded-resource'] === true) && (k === 'metadata' || k === 'kind' || k === 'apiVersion')) {
      sub = { ...sub, insideMeta: true };
      if (isRoot) sub.noDefaults = `in top-level ${k}`;
    }
    openAPISchema(p[k], prop(path, k), sub, false, errs);
  }
  if (isObject(s.not)) openAPISchema(s.not, child(path, 'not'), w, false, errs);
  for (const f of ['allOf', 'oneOf', 'anyOf']) {
    if (Array.isArray(s[f])) s[f].forEach((n: unknown, i: number) => isObject(n) && openAPISchema(n, index(child(path, f), i), w, false, errs));
  }
  if (isObject(s.definitions)) {
    for (const k of Object.keys(s.definitions).sort()) if (isObject(s.definitions[k])) openAPISchema(s.definitions[k], key(child(path, 'definitions'), k), w, false, errs);
  }
  if (isObject(s.items)) openAPISchema(s.items, child(path, 'items'), w, false, errs);
  else if (Array.isArray(s.items)) s.items.forEach((n: unknown, i: number) => isObject(n) && openAPISchema(n, index(child(path, 'items'), i), w, false, errs));
  if (isObject(s.dependencies)) {
    for (const k of Object.keys(s.dependencies).sort()) if (isObject(s.dependencies[k])) openAPISchema(s.dependencies[k], key(child(path, 'dependencies'), k), w, false, errs);
  }

  if (s['x-kubernetes-preserve-unknown-fields'] === false) errs.push(fieldError.invalid(child(path, 'x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'));
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined && mapType !== null && type !== 'object') {
    const detail = 'must be object if x-kubernetes-map-type is specified';
    errs.push(type ? fieldError.invalid(child(path, 'type'), type, detail) : fieldError.required(child(path, 'type'), detail));
  }
  if (mapType !== undefined && mapType !== null && mapType !== 'atomic' && mapType !== 'granular') errs.push(fieldError.notSupported(child(path, 'x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  const listType = s['x-kubernetes-list-type'];
  const hasListType = listType !== undefined && listType !== null;
  if (hasListType && type !== 'array') {
    const detail = 'must be array if x-kubernetes-list-type is specified';
    errs.push(type ? fieldError.invalid(child(path, 'type'), type, detail) : fieldError.required(child(path, 'type'), detail));
  } else if (listType === 'set' && isObject(s.items)) {
    const is = s.items;
    const atomic = enforced.bind(undefined, w.rules, 'atomicSet');
    if (typeOf(is) === 'array' && is['x-kubernetes-list-type'] !== undefined && is['x-kubernetes-list-type'] !== 'atomic' && atomic()) {
      errs.push(fieldError.invalid(child(child(path, 'items'), 'x-kubernetes-list-type'), is['x-kubernetes-list-type'], 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    } else if (typeOf(is) === 'object' && is['x-kubernetes-map-type'] !== 'atomic' && atomic()) {
      // kube prints the items' list type here (nil for an object)
      errs.push(fieldError.invalidRendered(child(child(path, 'items'), 'x-kubernetes-map-type'), is['x-kubernetes-list-type'] === undefined ? '<nil>' : JSON.stringify(is['x-kubernetes-list-type']), 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    }
  }
  if (hasListType && listType !== 'atomic' && listType !== 'set' && listType !== 'map') errs.push(fieldError.notSupported(child(path, 'x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
  const mapKeys: string[] = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'].map(String) : [];
  if (mapKeys.length > 0) {
    const detail = 'must be map if x-kubernetes-list-map-keys is non-empty';
    if (!hasListType) errs.push(fieldError.required(child(path, 'x-kubernetes-list-type'), detail));
    else if (listType !== 'map') errs.push(fieldError.invalid(child(path, 'x-kubernetes-list-type'), listType, detail));
  }
  if (listType === 'map') {
    if (mapKeys.length === 0) errs.push(fieldError.required(child(path, 'x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map'));
    if (s.items === undefined || s.items === null) errs.push(fieldError.required(child(path, 'items'), 'must have a schema if x-kubernetes-list-type is map'));
    if (isObject(s.items) && typeOf(s.items) !== 'object') errs.push(fieldError.invalid(child(child(path, 'items'), 'type'), typeOf(s.items), "must be object if parent array's x-kubernetes-list-type is map"));
    if (isObject(s.items) && typeOf(s.items) === 'object') {
      const itemProps = props(s.items);
      const seen = new Set<string>();
      for (const k of mapKeys) {
        if (isObject(itemProps[k])) {
          const t = typeOf(itemProps[k]);
          // kube prints the items' type as the value
          if (t === 'array' || t === 'object') errs.push(fieldError.invalid(child(prop(child(path, 'items'), k), 'type'), typeOf(s.items), "must be a scalar type if parent array's x-kubernetes-list-type is map"));
        } else {
          errs.push(fieldError.invalidRendered(child(path, 'x-kubernetes-list-map-keys'), goStringSlice(mapKeys), 'entries must all be names of item properties'));
        }
        if (seen.has(k)) errs.push(fieldError.invalidRendered(child(path, 'x-kubernetes-list-map-keys'), goStringSlice(mapKeys), 'must not contain duplicate entries'));
        seen.add(k);
      }
    }
  }
  const listErrs = mapListKeysMapSet(s, path);
  if (listErrs.length > 0 && enforced(w.rules, 'mapListKeys')) errs.push(...listErrs);
}

function mapListKeysMapSet(s: Json, path: string): Causes {
  const errs: Causes = [];
  const listType = s['x-kubernetes-list-type'];
  if (!isObject(s.items) || (listType !== 'set' && listType !== 'map')) return errs;
  const items = s.items;
  if (items.nullable === true) errs.push(fieldError.forbidden(child(child(path, 'items'), 'nullable'), `cannot be nullable when x-kubernetes-list-type is ${listType}`));
  if (listType === 'map') {
    const required = new Set(Array.isArray(items.required) ? items.required.map(String) : []);
    const itemProps = props(items);
    const mapKeys: string[] = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'].map(String) : [];
    for (const k of mapKeys) {
      const p = itemProps[k];
      if (!isObject(p)) continue;
      if (!required.has(k) && (p.default === undefined || p.default === null)) {
        errs.push(fieldError.required(child(prop(child(path, 'items'), k), 'default'), 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
      }
      if (p.nullable === true) errs.push(fieldError.forbidden(child(prop(child(path, 'items'), k), 'nullable'), 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
    }
  }
  return errs;
}

/**
 * The causes kube-apiserver refuses a CRD's openAPIV3Schema with; `path` is where it prints it:
 * `spec.validation.openAPIV3Schema` when every version has the same schema,
 * `spec.versions[i].schema.openAPIV3Schema` otherwise.
 */
export function validateCrdSchema(schema: Json, path: string, rules: SchemaRules = { relaxed: new Set(), broken: new Set() }): Causes {
  const causes: Causes = [];
  if (schema.nullable === true) causes.push(fieldError.forbidden(child(path, 'nullable'), 'nullable cannot be true at the root'));
  const structural = validateStructural(schema, path);
  if (structural.length > 0) causes.push(...structural);
  else validateDefaults(schema, path, false, causes, rules, true);
  openAPISchema(schema, path, { insideMeta: false, rules }, true, causes);
  return causes;
}
