// GET of one object and LIST with selectors, paging and resourceVersion semantics.
import type { KubeObject } from '../../../kube/object.js';
import { CompactedError } from '../../store/types.js';
import { negotiate } from '../codec.js';
import type { ServerContext } from '../context.js';
import { continueExpired, decodeContinue, encodeContinue } from '../continue-token.js';
import { selectionFromQuery } from '../field-selectors.js';
import { qualifiedResource } from '../persist.js';
import { storageKey, storagePrefix, type ServedResource } from '../registry.js';
import { valueMatcher } from '../selection-match.js';
import { includeObjectOf, renderList, renderListChunks, renderObject } from '../render.js';
import { chunkedJsonResponse, jsonResponse, type ApiRequest, type ApiResponse } from '../request.js';
import { ApiError } from '../status.js';

export function parseResourceVersion(value: string | null, param = 'resourceVersion'): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) throw ApiError.badRequest(`${param}: Invalid value: "${value}": must be a non-negative integer`);
  return Number(value);
}

export function getStored(ctx: ServerContext, r: ServedResource, namespace: string | undefined, name: string) {
  const value = ctx.store.get(storageKey(r, namespace, name));
  if (!value) throw ApiError.notFound({ ...qualifiedResource(r), name });
  return value;
}

export function getObject(ctx: ServerContext, r: ServedResource, namespace: string | undefined, name: string): { value: ReturnType<typeof getStored>; obj: KubeObject } {
  const value = getStored(ctx, r, namespace, name);
  return { value, obj: JSON.parse(value.json) };
}

export function handleGet(ctx: ServerContext, r: ServedResource, req: ApiRequest, namespace: string | undefined, name: string): ApiResponse {
  const { form } = negotiate(req.headers.accept);
  const value = getStored(ctx, r, namespace, name);
  return jsonResponse(200, renderObject(ctx, r, value.json, form, includeObjectOf(req.query)));
}

export function handleList(ctx: ServerContext, r: ServedResource, req: ApiRequest, namespace: string | undefined): ApiResponse {
  const { form } = negotiate(req.headers.accept);
  const include = includeObjectOf(req.query);
  const selection = selectionFromQuery(r, req.query);
  const limitText = req.query.get('limit');
  const limit = limitText && /^\d+$/.test(limitText) ? Math.min(Number(limitText), 1_000_000) : 0;
  const token = req.query.get('continue');
  const rv = parseResourceVersion(req.query.get('resourceVersion'));
  const match = req.query.get('resourceVersionMatch');
  const prefix = storagePrefix(r, namespace);
  let revision: number | undefined;
  let startAfter: string | undefined;
  if (token) {
    if (rv !== undefined && rv !== 0) throw ApiError.badRequest('specifying resource version is not allowed when using continue');
    const position = decodeContinue(token);
    if (position.revision <= ctx.store.compactedRevision) throw continueExpired();
    revision = position.revision;
    startAfter = prefix + position.start;
  } else if (match) {
    if (rv === undefined) throw ApiError.badRequest('resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
    if (match === 'Exact') {
      if (rv === 0) throw ApiError.badRequest('resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
      revision = rv;
    } else if (match !== 'NotOlderThan') {
      throw ApiError.badRequest(`resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`);
    }
  }
  if (revision === undefined && rv !== undefined && rv > ctx.store.revision) {
    throw new ApiError(504, 'Timeout', `Too large resource version: ${rv}, current: ${ctx.store.revision}`, { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 });
  }
  let result;
  try {
    result = ctx.store.list(prefix, {
      revision,
      startAfter,
      limit,
      filter: selection.everything ? undefined : valueMatcher(r, namespace, prefix, selection),
    });
  } catch (e) {
    if (e instanceof CompactedError) throw token ? continueExpired() : ApiError.gone(e.requested, e.current);
    throw e;
  }
  const last = result.items[result.items.length - 1];
  const next = result.more && last ? encodeContinue({ revision: result.revision, start: last.key.slice(prefix.length) }) : undefined;
  const jsons = result.items.map((v) => v.json);
  const meta = { resourceVersion: String(result.revision), continue: next };
  if (form === 'object') return chunkedJsonResponse(200, renderListChunks(r, jsons, meta));
  return jsonResponse(200, renderList(ctx, r, jsons, meta, form, include));
}

