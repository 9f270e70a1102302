// Kinds served from memory instead of the store (the emulator's SchedulingTrace records and
// EmulatedComponent switches): a registry entry carries a provider, and these handlers serve
// get/list/watch (and, when the provider allows, update and merge patch) with the same
// response forms (object, Table, metadata) as stored kinds. Nothing here touches etcd.
import type { KubeObject } from '../../kube/object.js';
import { negotiate } from './codec.js';
import type { ServerContext } from './context.js';
import type { ServedResource } from './registry.js';
import { includeObjectOf, partialMetadata, tableColumns, tableRow } from './render.js';
import { jsonResponse, type ApiRequest, type ApiResponse, type WatchStream } from './request.js';
import type { ResourceRequestInfo } from './routing.js';
import { ApiError } from './status.js';
import { matchesLabels, parseLabelSelector, SelectorParseError, type LabelSelector } from '../../kube/selectors.js';

export interface VirtualWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

/** A provider in another thread (the emulator's control loops) answers asynchronously. */
type Answer<T> = T | Promise<T>;

export interface VirtualResourceProvider {
  get(namespace: string | undefined, name: string): Answer<KubeObject | undefined>;
  /** Every object, or those of one namespace. */
  list(namespace: string | undefined): Answer<KubeObject[]>;
  /** A resourceVersion for lists (a counter of changes). */
  resourceVersion(): Answer<string>;
  /**
   * Calls `send` on every later change; returns the unsubscribe function. With `initial`, the
   * provider first sends the objects of that namespace (all when undefined) as ADDED, in order
   * with the later changes: an asynchronous provider cannot list and subscribe atomically.
   */
  watch(send: (e: VirtualWatchEvent) => void, initial?: { namespace: string | undefined }): () => void;
  /** Replaces an object's spec (PUT/PATCH); read-only kinds leave this out. */
  update?(namespace: string | undefined, name: string, obj: KubeObject): Answer<KubeObject>;
}

export type VirtualResource = ServedResource & { provider: VirtualResourceProvider };

export function isVirtual(r: ServedResource): r is VirtualResource {
  return (r as Partial<VirtualResource>).provider !== undefined;
}

function nameSelector(req: ApiRequest): string | undefined {
  const fs = req.query.get('fieldSelector');
  if (!fs) return undefined;
  const m = /^metadata\.name=(.+)$/.exec(fs);
  if (!m) throw ApiError.badRequest(`field label not supported: ${fs.split('=')[0]}`);
  return m[1];
}

/** `?labelSelector=`, so a trace view can list and watch one pod's records, not a namespace's. */
function labelSelectorOf(req: ApiRequest): LabelSelector | undefined {
  const text = req.query.get('labelSelector');
  if (!text) return undefined;
  try {
    return parseLabelSelector(text);
  } catch (err) {
    if (err instanceof SelectorParseError) throw ApiError.badRequest(err.message);
    throw err;
  }
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export async function handleVirtual(ctx: ServerContext, r: VirtualResource, req: ApiRequest, info: ResourceRequestInfo): Promise<ApiResponse> {
  const { verb, namespace, name } = info;
  const p = r.provider;
  const { form } = negotiate(req.headers.accept);
  const include = includeObjectOf(req.query);
  const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
  const render = (obj: KubeObject, columns = true): unknown => {
    if (form === 'object') return obj;
    if (form === 'metadata') return partialMetadata(obj);
    return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: obj.metadata.resourceVersion }, columnDefinitions: columns ? tableColumns(ctx, r) : null, rows: [tableRow(ctx, r, obj, include)] };
  };
  const notFound = (n: string) => ApiError.notFound({ group: r.group, resource: r.plural, name: n });
  if (info.subresource !== undefined) throw ApiError.pathNotFound();
  switch (verb) {
    case 'get': {
      const obj = await p.get(namespace, name!);
      if (!obj) throw notFound(name!);
      return jsonResponse(200, render(obj));
    }
    case 'list': {
      const only = nameSelector(req);
      const labels = labelSelectorOf(req);
      const items = (await p.list(namespace)).filter((o) => (only === undefined || o.metadata.name === only) && (labels === undefined || matchesLabels(labels, o.metadata.labels)));
      const metadata = { resourceVersion: await p.resourceVersion() };
      if (form === 'object') return jsonResponse(200, { kind: r.listKind, apiVersion, metadata, items });
      if (form === 'metadata') return jsonResponse(200, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata, items: items.map(partialMetadata) });
      return jsonResponse(200, { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: tableColumns(ctx, r), rows: items.map((o) => tableRow(ctx, r, o, include)) });
    }
    case 'watch':
      return virtualWatch(ctx, r, req, namespace, name ?? nameSelector(req), (o, first) => render(o, first));
    case 'update':
    case 'patch': {
      if (!p.update) throw ApiError.methodNotAllowed();
      const current = await p.get(namespace, name!);
      if (!current) throw notFound(name!);
      let body: unknown;
      try {
        body = JSON.parse(req.body?.toString('utf8') || 'null');
      } catch {
        throw ApiError.badRequest('the request body is not valid JSON');
      }
      let next: KubeObject;
      if (verb === 'update') next = body as KubeObject;
      else {
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
        if (type !== 'application/merge-patch+json' && type !== 'application/strategic-merge-patch+json') {
          throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json`);
        }
        next = mergePatch(structuredClone(current), body) as KubeObject;
      }
      if (!next || typeof next !== 'object') throw ApiError.badRequest('the request body must be an object');
      return jsonResponse(200, await p.update(namespace, name!, next));
    }
    default:
      throw ApiError.methodNotAllowed();
  }
}

function virtualWatch(ctx: ServerContext, r: VirtualResource, req: ApiRequest, namespace: string | undefined, name: string | undefined, render: (o: KubeObject, first: boolean) => unknown): ApiResponse {
  const rv = req.query.get('resourceVersion');
  const timeoutText = req.query.get('timeoutSeconds');
  const timeoutMs = timeoutText && /^\d+$/.test(timeoutText) ? Number(timeoutText) * 1000 : 1800_000;
  let unsubscribe: (() => void) | undefined;
  let timer: { cancel(): void } | undefined;
  let finish: (() => void) | undefined;
  const labels = labelSelectorOf(req);
  const inScope = (o: KubeObject): boolean =>
    (namespace === undefined || o.metadata.namespace === namespace) && (name === undefined || o.metadata.name === name) && (labels === undefined || matchesLabels(labels, o.metadata.labels));
  const stream: WatchStream = {
    start(write, end) {
      let first = true;
      const frame = (type: string, o: KubeObject): void => {
        write(`${JSON.stringify({ type, object: render(o, first) })}\n`);
        first = false;
      };
      finish = () => {
        stream.stop();
        end();
      };
      ctx.activeWatches.add(finish);
      const send = (e: VirtualWatchEvent): void => {
        if (inScope(e.object)) frame(e.type, e.object);
      };
      unsubscribe = r.provider.watch(send, !rv || rv === '0' ? { namespace } : undefined);
      if (timeoutMs > 0) timer = ctx.clock.setTimeout(() => finish?.(), timeoutMs);
    },
    stop() {
      if (finish) ctx.activeWatches.delete(finish);
      unsubscribe?.();
      unsubscribe = undefined;
      timer?.cancel();
    },
  };
  return { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-cache, private' }, watch: stream };
}
