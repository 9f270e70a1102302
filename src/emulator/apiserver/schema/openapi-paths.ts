// The paths section of the OpenAPI documents: one operation per served verb, tagged with
// x-kubernetes-action and x-kubernetes-group-version-kind. kubectl looks up the PATCH operation of a
// kind and its `fieldValidation` / `dryRun` query parameters to decide whether the server validates
// fields and supports dry run, so these must be present and exact.
import type { ResourceType } from '../resource-type';
import { refTo, type OpenApiFlavor } from './openapi-schemas';

type Json = Record<string, unknown>;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

interface QueryParam {
  name: string;
  description: string;
  type: 'string' | 'boolean' | 'integer';
}

const Q: Record<string, QueryParam> = {
  pretty: { name: 'pretty', type: 'string', description: "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget)." },
  dryRun: { name: 'dryRun', type: 'string', description: 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed' },
  fieldManager: { name: 'fieldManager', type: 'string', description: 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.' },
  fieldValidation: { name: 'fieldValidation', type: 'string', description: 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.' },
  force: { name: 'force', type: 'boolean', description: 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.' },
  gracePeriodSeconds: { name: 'gracePeriodSeconds', type: 'integer', description: 'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately.' },
  propagationPolicy: { name: 'propagationPolicy', type: 'string', description: "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground." },
  labelSelector: { name: 'labelSelector', type: 'string', description: 'A selector to restrict the list of returned objects by their labels. Defaults to everything.' },
  fieldSelector: { name: 'fieldSelector', type: 'string', description: 'A selector to restrict the list of returned objects by their fields. Defaults to everything.' },
  limit: { name: 'limit', type: 'integer', description: 'limit is a maximum number of responses to return for a list call.' },
  continue: { name: 'continue', type: 'string', description: 'The continue option should be set when retrieving more results from the server.' },
  resourceVersion: { name: 'resourceVersion', type: 'string', description: 'resourceVersion sets a constraint on what resource versions a request may be served from.' },
  resourceVersionMatch: { name: 'resourceVersionMatch', type: 'string', description: 'resourceVersionMatch determines how resourceVersion is applied to list calls.' },
  timeoutSeconds: { name: 'timeoutSeconds', type: 'integer', description: 'Timeout for the list/watch call.' },
  watch: { name: 'watch', type: 'boolean', description: 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.' },
  allowWatchBookmarks: { name: 'allowWatchBookmarks', type: 'boolean', description: 'allowWatchBookmarks requests watch events with type "BOOKMARK".' },
  sendInitialEvents: { name: 'sendInitialEvents', type: 'boolean', description: '`sendInitialEvents=true` may be set together with `watch=true`.' },
};
const LIST_PARAMS = ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch'];

function queryParam(p: QueryParam, flavor: OpenApiFlavor): Json {
  return flavor === 'v2'
    ? { uniqueItems: true, type: p.type, description: p.description, name: p.name, in: 'query' }
    : { name: p.name, in: 'query', description: p.description, schema: { type: p.type, uniqueItems: true } };
}

function pathParam(name: 'name' | 'namespace', kind: string, flavor: OpenApiFlavor): Json {
  const description = name === 'name' ? `name of the ${kind}` : 'object name and auth scope, such as for teams and projects';
  return flavor === 'v2'
    ? { uniqueItems: true, type: 'string', description, name, in: 'path', required: true }
    : { name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } };
}

function groupWord(group: string): string {
  if (!group) return 'core';
  const words = group.replace(/\.k8s\.io$/, '').split('.');
  return words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
}

function upper(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

const JSON_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

interface OperationSpec {
  method: 'get' | 'put' | 'post' | 'delete' | 'patch';
  action: string;
  verb: string;
  /** The response body's definition. */
  response: string;
  /** The request body's definition, if any. */
  body?: string;
  params: string[];
  gvk: { group: string; version: string; kind: string };
  idSuffix: string;
}

function operation(op: OperationSpec, tag: string, flavor: OpenApiFlavor): Json {
  const out: Json = { description: `${op.verb} ${op.gvk.kind}`, operationId: `${op.verb}${op.idSuffix}` };
  const params = op.params.map((p) => queryParam(Q[p], flavor));
  const consumes = op.method === 'patch' ? PATCH_TYPES : JSON_TYPES;
  if (flavor === 'v2') {
    out.consumes = consumes;
    out.produces = JSON_TYPES;
    out.schemes = ['https'];
    out.tags = [tag];
    if (op.body) params.unshift({ name: 'body', in: 'body', required: true, schema: refTo(op.body, flavor) });
    out.parameters = params;
    out.responses = { '200': { description: 'OK', schema: refTo(op.response, flavor) }, '401': { description: 'Unauthorized' } };
  } else {
    out.tags = [tag];
    out.parameters = params;
    if (op.body) out.requestBody = { content: Object.fromEntries(consumes.map((c) => [c, { schema: refTo(op.body!, flavor) }])), required: true };
    out.responses = {
      '200': { description: 'OK', content: Object.fromEntries(JSON_TYPES.map((c) => [c, { schema: refTo(op.response, flavor) }])) },
      '401': { description: 'Unauthorized' },
    };
  }
  out['x-kubernetes-action'] = op.action;
  out['x-kubernetes-group-version-kind'] = op.gvk;
  return out;
}

/**
 * The paths of one resource. `definitionOf(kind)` names the definition of a kind of this group-version
 * (the resource's kind and its list).
 */
export function resourcePaths(r: ResourceType, definitionOf: (kind: string) => string | undefined, flavor: OpenApiFlavor): Record<string, Json> {
  const kindDef = definitionOf(r.kind);
  if (!kindDef) return {};
  const listDef = definitionOf(r.listKind) ?? kindDef;
  const prefix = r.group ? `/apis/${r.group}/${r.version}` : '/api/v1';
  const tag = `${groupWord(r.group)}_${r.version}`;
  const id = `${upper(groupWord(r.group))}${upper(r.version)}${r.namespaced ? 'Namespaced' : ''}${r.kind}`;
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const can = (verb: string) => r.verbs.includes(verb);
  const scopeParams = r.namespaced ? [pathParam('namespace', r.kind, flavor)] : [];
  const collection = `${prefix}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
  const item = `${collection}/{name}`;
  const paths: Record<string, Json> = {};
  const prettyParam = queryParam(Q.pretty, flavor);

  const coll: Json = {};
  if (can('list')) coll.get = operation({ method: 'get', action: 'list', verb: 'list', response: listDef, params: LIST_PARAMS, gvk, idSuffix: id }, tag, flavor);
  if (can('create')) coll.post = operation({ method: 'post', action: 'post', verb: 'create', response: kindDef, body: kindDef, params: ['dryRun', 'fieldManager', 'fieldValidation'], gvk, idSuffix: id }, tag, flavor);
  if (can('deletecollection')) coll.delete = operation({ method: 'delete', action: 'deletecollection', verb: 'deleteCollection', response: `${META}Status`, body: `${META}DeleteOptions`, params: ['dryRun', 'gracePeriodSeconds', 'propagationPolicy', ...LIST_PARAMS.filter((p) => p !== 'watch' && p !== 'allowWatchBookmarks')], gvk, idSuffix: id }, tag, flavor);
  if (Object.keys(coll).length) paths[collection] = { ...coll, parameters: [...scopeParams, prettyParam] };

  const one: Json = {};
  if (can('get')) one.get = operation({ method: 'get', action: 'get', verb: 'read', response: kindDef, params: [], gvk, idSuffix: id }, tag, flavor);
  if (can('update')) one.put = operation({ method: 'put', action: 'put', verb: 'replace', response: kindDef, body: kindDef, params: ['dryRun', 'fieldManager', 'fieldValidation'], gvk, idSuffix: id }, tag, flavor);
  if (can('patch')) one.patch = operation({ method: 'patch', action: 'patch', verb: 'patch', response: kindDef, body: `${META}Patch`, params: ['dryRun', 'fieldManager', 'fieldValidation', 'force'], gvk, idSuffix: id }, tag, flavor);
  if (can('delete')) one.delete = operation({ method: 'delete', action: 'delete', verb: 'delete', response: `${META}Status`, body: `${META}DeleteOptions`, params: ['dryRun', 'gracePeriodSeconds', 'propagationPolicy'], gvk, idSuffix: id }, tag, flavor);
  if (Object.keys(one).length) paths[item] = { ...one, parameters: [pathParam('name', r.kind, flavor), ...scopeParams, prettyParam] };

  for (const sub of r.subresources ?? []) {
    if (sub !== 'status' && sub !== 'scale') continue;
    const subDef = sub === 'scale' ? 'io.k8s.api.autoscaling.v1.Scale' : kindDef;
    const subGvk = sub === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : gvk;
    const suffix = `${id}${upper(sub)}`;
    paths[`${item}/${sub}`] = {
      get: operation({ method: 'get', action: 'get', verb: 'read', response: subDef, params: [], gvk: subGvk, idSuffix: suffix }, tag, flavor),
      put: operation({ method: 'put', action: 'put', verb: 'replace', response: subDef, body: subDef, params: ['dryRun', 'fieldManager', 'fieldValidation'], gvk: subGvk, idSuffix: suffix }, tag, flavor),
      patch: operation({ method: 'patch', action: 'patch', verb: 'patch', response: subDef, body: `${META}Patch`, params: ['dryRun', 'fieldManager', 'fieldValidation', 'force'], gvk: subGvk, idSuffix: suffix }, tag, flavor),
      parameters: [pathParam('name', r.kind, flavor), ...scopeParams, prettyParam],
    };
  }
  if (r.namespaced && can('list')) {
    paths[`${prefix}/${r.plural}`] = {
      get: operation({ method: 'get', action: 'list', verb: 'list', response: listDef, params: LIST_PARAMS, gvk, idSuffix: `${upper(groupWord(r.group))}${upper(r.version)}${r.kind}ForAllNamespaces` }, tag, flavor),
      parameters: [prettyParam],
    };
  }
  return paths;
}

/** The group-version's path segment used by /openapi/v3: "api/v1" or "apis/<group>/<version>". */
export function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}
