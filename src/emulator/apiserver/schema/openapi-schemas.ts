// Definitions (Swagger 2.0) and component schemas (OpenAPI 3.0) as kube-apiserver publishes them:
// definition names like io.k8s.api.core.v1.Pod, x-kubernetes-group-version-kind on kinds, and the
// patch/apply extensions (x-kubernetes-patch-merge-key, -patch-strategy, -list-type, -list-map-keys,
// -map-type) that kubectl reads to compute strategic merge patches.
import {
  BUILTIN_DEFINITIONS,
  INT_OR_STRING_REF,
  OBJECT_META,
  QUANTITY_REF,
  SPECIAL_DEFINITIONS,
  TIME_REF,
  type CompactDefinition,
} from './definitions';
import { ATOMIC_STRUCTS, FIELD_PATCH_META, type FieldPatchMeta } from './patch-metadata';
import type { CustomResourceVersion } from './custom-resource';

export type OpenApiFlavor = 'v2' | 'v3';
type Json = Record<string, unknown>;

export function refPrefix(flavor: OpenApiFlavor): string {
  return flavor === 'v2' ? '#/definitions/' : '#/components/schemas/';
}

/** A reference to a definition, with a field description beside it the way each flavor allows. */
export function refTo(name: string, flavor: OpenApiFlavor, description?: string): Json {
  const ref = { $ref: refPrefix(flavor) + name };
  if (!description) return ref;
  // OpenAPI 3.0 ignores siblings of $ref, so kube-apiserver wraps the reference in allOf.
  return flavor === 'v2' ? { ...ref, description } : { allOf: [ref], description, default: {} };
}

function patchExtensions(meta: FieldPatchMeta | undefined): Json {
  if (!meta) return {};
  const ext: Json = {};
  if (meta.listMapKeys) ext['x-kubernetes-list-map-keys'] = meta.listMapKeys;
  if (meta.listType) ext['x-kubernetes-list-type'] = meta.listType;
  if (meta.mapType) ext['x-kubernetes-map-type'] = meta.mapType;
  if (meta.patchMergeKey) ext['x-kubernetes-patch-merge-key'] = meta.patchMergeKey;
  if (meta.patchStrategy) ext['x-kubernetes-patch-strategy'] = meta.patchStrategy;
  return ext;
}

function typeSchema(spec: string, flavor: OpenApiFlavor, description?: string): Json {
  const withDescription = (s: Json): Json => (description ? { ...s, description } : s);
  if (spec.startsWith('#')) return refTo(spec.slice(1), flavor, description);
  if (spec.startsWith('[]')) return withDescription({ type: 'array', items: typeSchema(spec.slice(2), flavor) });
  if (spec.startsWith('{}')) return withDescription({ type: 'object', additionalProperties: typeSchema(spec.slice(2), flavor) });
  if (spec === 'string:date-time') return refTo(TIME_REF, flavor, description);
  if (spec === 'quantity') return refTo(QUANTITY_REF, flavor, description);
  if (spec === 'int-or-string') return refTo(INT_OR_STRING_REF, flavor, description);
  if (spec === 'any') return withDescription({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  const [type, format] = spec.split(':');
  return withDescription(format ? { type, format } : { type });
}

/** One built-in definition in the given flavor. */
export function builtinDefinition(name: string, flavor: OpenApiFlavor): Json {
  const def: CompactDefinition = BUILTIN_DEFINITIONS[name];
  const meta = FIELD_PATCH_META[name] ?? {};
  const properties: Json = {};
  for (const [field, [spec, description]] of Object.entries(def.p)) {
    const schema = typeSchema(spec, flavor, description ?? referencedDescription(def, field, spec));
    Object.assign(schema, patchExtensions(meta[field]));
    properties[field] = schema;
  }
  const out: Json = {};
  if (def.d) out.description = def.d;
  out.type = 'object';
  if (def.r) out.required = def.r;
  out.properties = properties;
  if (def.gvk) out['x-kubernetes-group-version-kind'] = [{ group: def.gvk[0], kind: def.gvk[2], version: def.gvk[1] }];
  if (ATOMIC_STRUCTS.has(name)) out['x-kubernetes-map-type'] = 'atomic';
  return out;
}

// client-node's models drop the descriptions of fields whose type is another definition. The fields
// every kind has get kube-apiserver's usual wording; any other such field relies on the referenced
// type's own description, which explain prints under the field.
const CONVENTIONS = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';

function referencedDescription(owner: CompactDefinition, field: string, spec: string): string | undefined {
  const name = spec.replace(/^(\[\]|\{\})+/, '');
  if (!name.startsWith('#')) return undefined;
  const kind = owner.gvk?.[2];
  if (kind) {
    const word = kind.replace(/List$/, '').replace(/[A-Z]/g, (c, i) => (i ? ' ' : '') + c.toLowerCase());
    if (field === 'metadata') {
      return kind.endsWith('List') ? `Standard list metadata. More info: ${CONVENTIONS}#types-kinds` : `Standard object's metadata. More info: ${CONVENTIONS}#metadata`;
    }
    if (field === 'spec') return `Specification of the desired behavior of the ${word}. More info: ${CONVENTIONS}#spec-and-status`;
    if (field === 'status') return `Most recently observed status of the ${word}. This data may not be up to date. Populated by the system. Read-only. More info: ${CONVENTIONS}#spec-and-status`;
    if (field === 'items' && kind.endsWith('List')) return `Items is the list of ${word}s.`;
  }
  // Anything else gets no field description: kubectl explain then prints the referenced type's
  // description once (repeating it beside the field printed it twice).
  return undefined;
}

/** Definitions every document carries (request and response bodies that are not kinds). */
export function commonDefinitions(): Record<string, Json> {
  return {
    ...SPECIAL_DEFINITIONS,
    'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': {
      description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
      type: 'object',
    },
  };
}

/** The definition name of a custom resource kind: the group reversed, as kube-apiserver names them. */
export function customResourceDefinitionName(cr: { group: string; version: string; kind: string }): string {
  return `${cr.group.split('.').reverse().join('.')}.${cr.version}.${cr.kind}`;
}

// Constructs Swagger 2.0 cannot express; kube-apiserver drops them from the v2 document.
const V2_UNSUPPORTED = new Set(['nullable', 'anyOf', 'oneOf', 'not', 'allOf', 'x-kubernetes-validations']);

function adaptCustomSchema(s: unknown, flavor: OpenApiFlavor): unknown {
  if (Array.isArray(s)) return s.map((x) => adaptCustomSchema(x, flavor));
  if (s === null || typeof s !== 'object') return s;
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (flavor === 'v2' && V2_UNSUPPORTED.has(k)) continue;
    out[k] = k === 'properties' && v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, adaptCustomSchema(ps, flavor)]))
      : k === 'enum' || k === 'default' || k === 'example' ? v : adaptCustomSchema(v, flavor);
  }
  return out;
}

/** A custom resource kind and its list, as definitions. */
export function customResourceDefinitions(cr: CustomResourceVersion, flavor: OpenApiFlavor): Record<string, Json> {
  const name = customResourceDefinitionName(cr);
  const base = (cr.openAPIV3Schema ? adaptCustomSchema(cr.openAPIV3Schema, flavor) : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as Json;
  const properties = { ...((base.properties as Json | undefined) ?? {}) };
  properties.apiVersion = { description: apiVersionDoc, type: 'string' };
  properties.kind = { description: kindDoc, type: 'string' };
  properties.metadata = refTo(OBJECT_META, flavor, "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");
  const gvk = [{ group: cr.group, kind: cr.kind, version: cr.version }];
  const list: Json = {
    description: `${cr.kind}List is a list of ${cr.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { description: apiVersionDoc, type: 'string' },
      items: { description: `List of ${cr.plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`, type: 'array', items: refTo(name, flavor) },
      kind: { description: kindDoc, type: 'string' },
      metadata: refTo('io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta', flavor, 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds'),
    },
    'x-kubernetes-group-version-kind': [{ group: cr.group, kind: `${cr.kind}List`, version: cr.version }],
  };
  return {
    [name]: { ...base, type: 'object', properties, 'x-kubernetes-group-version-kind': gvk },
    [`${name}List`]: list,
  };
}

const apiVersionDoc =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const kindDoc =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
