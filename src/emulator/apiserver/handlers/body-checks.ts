// Checks that the body of a write talks about the object the URL names.
import type { KubeObject } from '../../../kube/object.js';
import type { ServedResource } from '../registry.js';
import { ApiError } from '../status.js';

export function checkTypeMeta(r: ServedResource, obj: Record<string, any>, expectedKind = r.kind, expectedApiVersion = r.group ? `${r.group}/${r.version}` : r.version): void {
  if (obj.apiVersion === undefined || obj.apiVersion === '') obj.apiVersion = expectedApiVersion;
  if (obj.kind === undefined || obj.kind === '') obj.kind = expectedKind;
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') throw ApiError.badRequest('apiVersion and kind must be strings');
  if (obj.apiVersion !== expectedApiVersion) {
    throw ApiError.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expectedApiVersion})`);
  }
  if (obj.kind !== expectedKind) {
    throw ApiError.badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${expectedKind})`);
  }
}

/** Namespace in the body vs. the URL, as kube-apiserver's EnsureObjectNamespaceMatchesRequestNamespace. */
export function checkNamespace(r: ServedResource, obj: KubeObject, namespace: string | undefined): void {
  const meta = obj.metadata;
  if (typeof meta.name !== 'undefined' && typeof meta.name !== 'string') throw ApiError.badRequest('metadata.name must be a string');
  if (typeof meta.namespace !== 'undefined' && typeof meta.namespace !== 'string') throw ApiError.badRequest('metadata.namespace must be a string');
  if (!r.namespaced) {
    if (meta.namespace) delete meta.namespace;
    return;
  }
  if (namespace === undefined) throw ApiError.pathNotFound();
  if (meta.namespace && meta.namespace !== namespace) {
    throw ApiError.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  meta.namespace = namespace;
}

export function checkName(obj: KubeObject, urlName: string): void {
  if (obj.metadata.name !== undefined && obj.metadata.name !== urlName) {
    throw ApiError.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${urlName})`);
  }
  obj.metadata.name = urlName;
}
