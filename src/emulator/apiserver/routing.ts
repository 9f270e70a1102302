// Turns a URL path and method into what kube-apiserver calls RequestInfo: the verb, the
// API group/version, and namespace/resource/name/subresource for resource requests.

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceRequestInfo {
  isResource: true;
  verb: Verb;
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

export interface NonResourceRequestInfo {
  isResource: false;
  path: string;
  /** Path segments, decoded. */
  parts: string[];
}

export type RequestInfo = ResourceRequestInfo | NonResourceRequestInfo;

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  let parts: string[];
  try {
    parts = pathSegments(path, true);
  } catch {
    parts = pathSegments(path, false);
  }
  const nonResource: NonResourceRequestInfo = { isResource: false, path, parts };
  let rest: string[];
  let group: string;
  let version: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else return nonResource;

  let legacyWatch = false;
  if (rest[0] === 'watch') {
    legacyWatch = true;
    rest = rest.slice(1);
    if (rest.length === 0) return nonResource;
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2);
  }
  const resource = rest[0];
  let name = rest[1];
  const subresource = rest[2];
  if (rest.length > 3) return nonResource;
  // /api/v1/namespaces/foo is the namespace "foo" itself, not a namespaced request.
  if (resource === 'namespaces' && namespace !== undefined && rest.length >= 2 && rest[1] === namespace) {
    name = namespace;
    namespace = undefined;
  }
  const watchParam = query.get('watch');
  const isWatch = legacyWatch || watchParam === 'true' || watchParam === '1';
  let verb: Verb;
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = isWatch ? 'watch' : name !== undefined ? 'get' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name !== undefined ? 'delete' : 'deletecollection';
      break;
    default:
      verb = 'get';
  }
  return { isResource: true, verb, group, version, namespace, resource, name, subresource };
}

/**
 * The non-empty segments of a path, decoded. One pass, and only a segment with an escape is
 * decoded (decoding is the identity without one, and only a bad escape throws): this runs
 * for every request.
 */
function pathSegments(path: string, decode: boolean): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i < path.length && path.charCodeAt(i) !== 47 /* / */) continue;
    if (i > start) {
      const p = path.slice(start, i);
      parts.push(decode && p.includes('%') ? decodeURIComponent(p) : p);
    }
    start = i + 1;
  }
  return parts;
}
