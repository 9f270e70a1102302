// Checks a document can be sent at all, before the server sees it: the identity fields every
// object needs, a kind the cluster serves, and where its namespace comes from. Messages follow
// kubectl's and kube-apiserver's wording so they can be searched for.
import type { KubeObject } from '../kube/object';
import { parseApiVersion } from '../kube/object';
import { isDNS1123Label, nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain, nameIsPathSegment, type NameCheck } from '../kube/validation';
import type { ManifestDocument, ManifestProblem } from './documents';
import type { DiscoveredResource, DiscoveryIndex } from './resources';

export type Severity = 'error' | 'warning';

export interface ValidationProblem extends ManifestProblem {
  severity: Severity;
}

export interface LocalValidationContext {
  discovery: DiscoveryIndex;
  /** The current context's namespace, given to namespaced objects that name none. */
  defaultNamespace: string;
}

export interface LocallyValidated {
  problems: ValidationProblem[];
  /** A copy of the document's object with its namespace settled; undefined if the document is empty or broken. */
  object?: KubeObject;
  resource?: DiscoveredResource;
}

// Kinds whose names the API server checks more strictly (or loosely) than a DNS subdomain.
const NAME_CHECKS: Record<string, NameCheck> = {
  Namespace: nameIsDNSLabel,
  Service: nameIsDNS1035Label,
  Role: nameIsPathSegment,
  ClusterRole: nameIsPathSegment,
  RoleBinding: nameIsPathSegment,
  ClusterRoleBinding: nameIsPathSegment,
};

function problem(doc: ManifestDocument, field: string, message: string, severity: Severity = 'error'): ValidationProblem {
  return { message, field, range: doc.rangeOf(field), severity };
}

function checkName(doc: ManifestDocument, object: KubeObject, kind: string, out: ValidationProblem[]): void {
  const meta = object.metadata;
  const check = NAME_CHECKS[kind] ?? nameIsDNSSubdomain;
  if (meta.name !== undefined && meta.name !== '') {
    if (typeof meta.name !== 'string') out.push(problem(doc, 'metadata.name', `metadata.name: Invalid value: ${JSON.stringify(meta.name)}: must be a string`));
    else for (const msg of check(meta.name, false)) out.push(problem(doc, 'metadata.name', `metadata.name: Invalid value: "${meta.name}": ${msg}`));
  } else if (meta.generateName !== undefined && meta.generateName !== '') {
    const g = String(meta.generateName);
    for (const msg of check(g, true)) out.push(problem(doc, 'metadata.generateName', `metadata.generateName: Invalid value: "${g}": ${msg}`));
  } else {
    out.push(problem(doc, 'metadata', 'metadata.name: Required value: name or generateName is required'));
  }
}

function unknownKindMessage(ctx: LocalValidationContext, apiVersion: string, kind: string): string {
  const { group } = parseApiVersion(apiVersion);
  const other = ctx.discovery.versionsOf(group, kind);
  const hint = other.length
    ? `the cluster serves ${kind} in ${other.map((v) => (group ? `${group}/${v}` : v)).join(', ')}`
    : 'ensure CRDs are installed first';
  return `no matches for kind "${kind}" in version "${apiVersion}": ${hint}`;
}

/** Validates one parsed document. YAML syntax problems are reported by the parser, not here. */
export function validateLocally(doc: ManifestDocument, ctx: LocalValidationContext): LocallyValidated {
  const problems: ValidationProblem[] = doc.problems.map((p) => ({ ...p, severity: 'error' }));
  const source = doc.object;
  if (!source || problems.length > 0) return { problems };

  const { apiVersion, kind } = source;
  if (typeof apiVersion !== 'string' || apiVersion === '') problems.push(problem(doc, 'apiVersion', 'apiVersion not set'));
  if (typeof kind !== 'string' || kind === '') problems.push(problem(doc, 'kind', 'kind not set'));
  const meta: unknown = source.metadata;
  if (meta === undefined || meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
    problems.push(problem(doc, meta === undefined ? '' : 'metadata', 'metadata.name: Required value: name or generateName is required'));
    return { problems };
  }
  // A copy: defaulting the namespace must not change what the editor's document holds.
  const object: KubeObject = { ...source, metadata: { ...source.metadata } };
  if (typeof kind === 'string' && kind !== '') checkName(doc, object, kind, problems);
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) return { problems };

  const resource = ctx.discovery.find(apiVersion, kind);
  if (!resource) {
    problems.push(problem(doc, 'kind', unknownKindMessage(ctx, apiVersion, kind)));
    return { problems };
  }
  const namespace = object.metadata.namespace;
  if (resource.namespaced) {
    if (namespace === undefined || namespace === '') object.metadata.namespace = ctx.defaultNamespace;
    else for (const msg of isDNS1123Label(String(namespace))) problems.push(problem(doc, 'metadata.namespace', `metadata.namespace: Invalid value: "${namespace}": ${msg}`));
  } else if (namespace !== undefined && namespace !== '') {
    // The server drops it silently; the user probably expected the object to live there.
    problems.push(problem(doc, 'metadata.namespace', `${kind} is cluster-scoped: metadata.namespace "${namespace}" is ignored`, 'warning'));
    delete object.metadata.namespace;
  }
  return { problems, object, resource };
}
