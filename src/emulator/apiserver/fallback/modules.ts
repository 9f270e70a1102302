// Minimal stand-ins for the patch, schema, tables and admission modules while their
// owners write the real ones; cluster.ts swaps each for the real module once it lands.
import type { KubeObject } from '../../../kube/object.js';
import type { ApiServerModules, ApplyArgs, ColumnDefinition, TrackUpdateArgs } from '../modules.js';
import type { ResourceType } from '../resource-type.js';
import { ApiError, fieldError, type StatusCause } from '../status.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mergePatch(current: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(current) ? { ...current } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw ApiError.badRequest(`invalid JSON pointer: ${path}`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function jsonPatch(current: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw ApiError.badRequest('json patch must be an array of operations');
  let doc = structuredClone(current);
  for (const op of patch) {
    if (!isObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string') throw ApiError.badRequest('invalid json patch operation');
    const parts = pointer(op.path);
    const get = (ps: string[]): unknown => ps.reduce<any>((o, p) => (o === undefined || o === null ? undefined : o[p]), doc);
    if (op.op === 'test') {
      if (JSON.stringify(get(parts)) !== JSON.stringify(op.value)) throw ApiError.badRequest(`testing value ${op.path} failed`);
      continue;
    }
    let value = op.value;
    if (op.op === 'copy' || op.op === 'move') {
      value = structuredClone(get(pointer(String(op.from))));
      if (op.op === 'move') doc = removeAt(doc, pointer(String(op.from)));
    }
    if (op.op === 'remove') doc = removeAt(doc, parts);
    else if (op.op === 'add' || op.op === 'copy' || op.op === 'move') doc = setAt(doc, parts, value, true);
    else if (op.op === 'replace') {
      if (get(parts) === undefined) throw ApiError.unprocessable(`replace operation does not apply: doc is missing key: ${op.path}`);
      doc = setAt(doc, parts, value, false);
    } else throw ApiError.badRequest(`Unexpected kind: ${op.op}`);
  }
  return doc;
}

function setAt(doc: unknown, parts: string[], value: unknown, insert: boolean): unknown {
  if (parts.length === 0) return value;
  const parent = parts.slice(0, -1).reduce<any>((o, p) => (o === undefined || o === null ? undefined : o[p]), doc);
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) throw ApiError.unprocessable(`add operation does not apply: index out of range`);
    if (insert) parent.splice(i, 0, value);
    else parent[i] = value;
  } else if (isObject(parent)) parent[last] = value;
  else throw ApiError.unprocessable(`add operation does not apply: doc is missing path: "${parts.join('/')}"`);
  return doc;
}

function removeAt(doc: unknown, parts: string[]): unknown {
  const parent = parts.slice(0, -1).reduce<any>((o, p) => (o === undefined || o === null ? undefined : o[p]), doc);
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObject(parent) && last in parent) delete parent[last];
  else throw ApiError.unprocessable(`remove operation does not apply: doc is missing path: "/${parts.join('/')}"`);
  return doc;
}

const COLUMNS: ColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
  { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
];

function age(created: string | undefined, now: number): string {
  if (!created) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(created)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 3600 * 2) return `${Math.floor(s / 60)}m`;
  if (s < 86400 * 2) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const FALLBACK_MODULES: ApiServerModules = {
  patch: {
    applyJsonPatch: jsonPatch,
    applyMergePatch: mergePatch,
    applyStrategicMergePatch: (current, patch) => mergePatch(current, patch),
    serverSideApply: (a: ApplyArgs) => mergePatch(a.live ?? {}, a.applied) as KubeObject,
    trackUpdate: (a: TrackUpdateArgs) => a.updated,
  },
  schema: {
    forKind: () => undefined,
    addCustomResource: () => undefined,
    removeCustomResource: () => undefined,
    openApiV2: () => ({ swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.34.1' }, paths: {}, definitions: {} }),
    openApiV3Paths: () => ({ paths: {} }),
    openApiV3: () => ({ openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.34.1' }, paths: {}, components: { schemas: {} } }),
    unknownFields: () => [],
  },
  tables: {
    tableColumns: () => COLUMNS,
    tableRow: (_r: ResourceType, obj: KubeObject, now: number) => ({ cells: [obj.metadata.name, age(obj.metadata.creationTimestamp, now)] }),
  },
  admission: {
    applyDefaults: () => undefined,
    validate: (_r: ResourceType, obj: KubeObject): StatusCause[] => {
      const name = obj.metadata.name ?? '';
      return DNS1123_SUBDOMAIN.test(name) && name.length <= 253
        ? []
        : [fieldError.invalid('metadata.name', name, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character")];
    },
  },
};
