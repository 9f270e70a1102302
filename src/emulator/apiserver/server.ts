// The API server core: `handle(ApiRequest) -> ApiResponse`. It routes non-resource paths
// (discovery, OpenAPI, health, version) and resource verbs, and turns every failure into a
// metav1.Status: nothing a client sends can throw out of here.
import type { Clock } from '../../kube/clock.js';
import type { KubeObject } from '../../kube/object.js';
import { StoreUnavailableError, type Store } from '../store/types.js';
import { AccessControl } from './auth/access-control.js';
import type { UserInfo } from './auth/user.js';
import { BackgroundDeletion } from './background-deletion.js';
import { bodyTooLarge } from './codec.js';
import { NO_CONTROL_LOOPS, type ContainerRuntimeExec, type LifecycleHooks, type ServerContext } from './context.js';
import { isEstablished } from './crd-status.js';
import { AGGREGATED_DISCOVERY_TYPE, DiscoveryDocuments, wantsAggregated, type CachedDocument } from './discovery.js';
import { handleDelete, handleDeleteCollection } from './handlers/delete.js';
import { handleBinding, handleEviction, handleLog } from './handlers/pod-subresources.js';
import { handleExec } from './handlers/exec.js';
import { ExecSessions } from './exec-sessions.js';
import { handleGet, handleList } from './handlers/read.js';
import { handleGetScale, handleWriteScale } from './handlers/scale.js';
import { DEFAULT_BOOKMARK_INTERVAL_MS, handleWatch } from './handlers/watch.js';
import { handleCreate, handlePatch, handleUpdate } from './handlers/write.js';
import { handleHealth, type HealthEndpoint } from './health.js';
import type { ApiServerModules } from './modules.js';
import { OpenApiDocuments } from './openapi.js';
import { fieldIndexerOf } from './field-selectors.js';
import { ResourceRegistry, storagePrefix, type ServedResource } from './registry.js';
import { jsonResponse, textResponse, type ApiRequest, type ApiResponse } from './request.js';
import { parseRequestInfo, type ResourceRequestInfo } from './routing.js';
import { ApiError } from './status.js';
import { versionInfo } from './version.js';
import { handleVirtual, isVirtual } from './virtual-resources.js';
import type { Log } from '../log';

export interface ApiServerOptions {
  store: Store;
  clock: Clock;
  modules: ApiServerModules;
  hooks?: LifecycleHooks;
  log?: Log;
  bookmarkIntervalMs?: number;
  /** Runs `kubectl exec` commands in the simulated containers. */
  containerExec?: ContainerRuntimeExec;
  /** host:port for discovery's serverAddressByClientCIDRs. */
  serverAddress?: () => string;
}

const HEALTH_ENDPOINTS = new Set(['livez', 'readyz', 'healthz']);

export class ApiServer {
  readonly registry = new ResourceRegistry();
  /** Authentication, RBAC and the review/token endpoints (on once the HTTPS server enables it). */
  readonly access: AccessControl;
  private readonly ctx: ServerContext;
  private readonly discovery: DiscoveryDocuments;
  private readonly openapi: OpenApiDocuments;
  private readonly background: BackgroundDeletion;
  private readonly bookmarkIntervalMs: number;
  private shuttingDown = false;

  constructor(private readonly options: ApiServerOptions) {
    const log = options.log ?? (() => undefined);
    this.ctx = {
      store: options.store,
      registry: this.registry,
      clock: options.clock,
      modules: options.modules,
      hooks: options.hooks ?? NO_CONTROL_LOOPS,
      log,
      afterWrite: (r, obj, type) => this.afterWrite(r, obj, type),
      beforeDelete: (r, obj) => this.beforeDelete(r, obj),
      activeWatches: new Set(),
      containerExec: options.containerExec,
      execSessions: new ExecSessions(),
      startedOnEmptyStore: options.store.revision === 0,
    };
    this.access = new AccessControl(this.ctx);
    this.discovery = new DiscoveryDocuments(this.registry, options.serverAddress ?? (() => '127.0.0.1:6443'));
    this.openapi = new OpenApiDocuments(this.registry, options.modules.schema);
    this.background = new BackgroundDeletion(this.ctx);
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS;
    this.indexSelectableFields();
  }

  /** Pods keep their selectable fields and labels with their stored values (see fieldIndexerOf). */
  private indexSelectableFields(): void {
    for (const r of this.registry.all()) {
      const fieldsOf = fieldIndexerOf(r);
      if (fieldsOf) this.ctx.store.indexFields(storagePrefix(r, undefined), fieldsOf);
    }
  }

  get context(): ServerContext {
    return this.ctx;
  }

  /** Serves the CRDs already in the store (after a restart). */
  loadCustomResourceDefinitions(): void {
    const crds = this.registry.lookup('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
    for (const v of this.ctx.store.list(storagePrefix(crds, undefined)).items) this.serveCrd(JSON.parse(v.json));
  }

  beginShutdown(): void {
    this.shuttingDown = true;
  }

  stop(): void {
    this.background.stop();
    this.access.stop();
    this.terminateWatches();
  }

  /** Ends every watch being served, as an API server restart does; clients re-watch. */
  terminateWatches(): number {
    const all = [...this.ctx.activeWatches];
    for (const finish of all) finish();
    return all.length;
  }

  backgroundIdle(): boolean {
    return this.background.idle();
  }

  /** `user` is who the HTTPS server authenticated; in-process callers pass none and are trusted. */
  handle(req: ApiRequest, user?: UserInfo): Promise<ApiResponse> {
    // An in-process value body has no bytes to limit (reading `body` would serialize it); a
    // text body is measured without encoding it.
    if (bodyTooLarge(req)) return Promise.resolve(this.errorResponse(ApiError.tooLarge(), req));
    // Only the method and path wait with the answer (for the log of an internal error): the
    // request and its body are not kept alive while the write becomes durable.
    const { method, path } = req;
    return this.route(req, user).catch((e: unknown) => this.errorResponse(e, { method, path }));
  }

  errorResponse(e: unknown, req?: Pick<ApiRequest, 'method' | 'path'>): ApiResponse {
    let err: ApiError;
    if (e instanceof ApiError) err = e;
    // etcd stopped (fault injection) or its WAL failed: the expected answer, not a bug to log
    // with a stack for every write that meets it (/readyz says why).
    else if (e instanceof StoreUnavailableError) err = ApiError.unavailable(`etcd is unavailable: ${e.message}`);
    else {
      const message = e instanceof Error ? e.message : String(e);
      this.ctx.log(`internal error on ${req?.method ?? ''} ${req?.path ?? ''}: ${e instanceof Error ? (e.stack ?? message) : message}`, 'E');
      err = this.ctx.store.health().ok ? ApiError.internal(message) : ApiError.unavailable(`etcd is unavailable: ${message}`);
    }
    return jsonResponse(err.code, err.toStatus());
  }

  private async route(req: ApiRequest, user: UserInfo | undefined): Promise<ApiResponse> {
    const info = parseRequestInfo(req.method, req.path, req.query);
    if (user) {
      this.access.authorize(user, req, info);
      // A WebSocket exec arrives as a GET; like kube-apiserver (AuthorizePodWebsocketUpgradeCreatePermission)
      // it also needs create, what the POST of the SPDY path needs.
      if (info.isResource && info.subresource === 'exec' && info.verb === 'get') this.access.authorize(user, req, { ...info, verb: 'create' });
    }
    if (!info.isResource) return this.nonResource(req, info.parts);
    const r = this.registry.lookup(info.group, info.version, info.resource);
    if (!r) throw ApiError.pathNotFound();
    return this.resource(req, info, r, user);
  }

  private cachedJson(req: ApiRequest, doc: CachedDocument, contentType = doc.contentType ?? 'application/json'): ApiResponse {
    const headers = { 'content-type': contentType, etag: doc.etag, 'cache-control': 'no-cache, private', vary: 'Accept' };
    if (req.headers['if-none-match'] === doc.etag) return { status: 304, headers };
    return { status: 200, headers, body: doc.body };
  }

  private nonResource(req: ApiRequest, parts: string[]): ApiResponse {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw ApiError.methodNotAllowed();
    const [first, second, third] = parts;
    if (first && HEALTH_ENDPOINTS.has(first)) {
      return handleHealth(first as HealthEndpoint, parts.slice(1).join('/') || undefined, req.query, {
        storeHealth: () => this.ctx.store.health(),
        shuttingDown: () => this.shuttingDown,
      });
    }
    if (first === 'version' && parts.length === 1) return jsonResponse(200, versionInfo());
    if (first === 'api' && parts.length === 1) {
      return wantsAggregated(req.headers.accept) ? this.cachedJson(req, this.discovery.aggregated(true), AGGREGATED_DISCOVERY_TYPE) : this.cachedJson(req, this.discovery.legacyCore());
    }
    if (first === 'api' && parts.length === 2) {
      const doc = this.discovery.resourceList('', second);
      if (doc) return this.cachedJson(req, doc);
    }
    if (first === 'apis' && parts.length === 1) {
      return wantsAggregated(req.headers.accept) ? this.cachedJson(req, this.discovery.aggregated(false), AGGREGATED_DISCOVERY_TYPE) : this.cachedJson(req, this.discovery.legacyGroups());
    }
    if (first === 'apis' && parts.length === 2) {
      const doc = this.discovery.legacyGroup(second);
      if (doc) return this.cachedJson(req, doc);
    }
    if (first === 'apis' && parts.length === 3) {
      const doc = this.discovery.resourceList(second, third);
      if (doc) return this.cachedJson(req, doc);
    }
    if (first === 'openapi') {
      const doc = this.openapi.serve(parts.slice(1), req.headers.accept);
      if (doc) return this.cachedJson(req, doc);
    }
    if (parts.length === 0) {
      return jsonResponse(200, { paths: ['/api', '/api/v1', '/apis', ...this.registry.groups().filter((g) => g.group).map((g) => `/apis/${g.group}`), '/healthz', '/livez', '/openapi/v2', '/openapi/v3', '/readyz', '/version'] });
    }
    return textResponse(404, '404 page not found\n');
  }

  private async resource(req: ApiRequest, info: ResourceRequestInfo, r: ServedResource, user: UserInfo | undefined): Promise<ApiResponse> {
    const { verb, namespace, name, subresource } = info;
    if (r.namespaced && namespace === undefined && verb !== 'list' && verb !== 'watch') throw ApiError.pathNotFound();
    if (!r.namespaced && namespace !== undefined) throw ApiError.pathNotFound();
    if (this.access.serves(r, info)) return this.access.serve(req, info, r, user);
    if (isVirtual(r)) {
      if (!r.verbs.includes(verb)) throw ApiError.methodNotAllowed();
      return handleVirtual(this.ctx, r, req, info);
    }
    if (subresource !== undefined) return this.subresource(req, info, r, name ?? '', subresource);
    if (!r.verbs.includes(verb)) throw ApiError.methodNotAllowed();
    switch (verb) {
      case 'get':
        return handleGet(this.ctx, r, req, namespace, name!);
      case 'list':
        return handleList(this.ctx, r, req, namespace);
      case 'watch':
        return handleWatch(this.ctx, r, req, namespace, name, this.bookmarkIntervalMs);
      case 'create':
        if (name !== undefined) throw ApiError.methodNotAllowed();
        return handleCreate(this.ctx, r, req, namespace);
      case 'update':
        return handleUpdate(this.ctx, r, req, namespace, name!);
      case 'patch':
        if (name === undefined) throw ApiError.methodNotAllowed();
        return handlePatch(this.ctx, r, req, namespace, name);
      case 'delete':
        return handleDelete(this.ctx, r, req, namespace, name!);
      case 'deletecollection':
        return handleDeleteCollection(this.ctx, r, req, namespace);
    }
  }

  private subresource(req: ApiRequest, info: ResourceRequestInfo, r: ServedResource, name: string, subresource: string): Promise<ApiResponse> | ApiResponse {
    if (!(r.subresources ?? []).includes(subresource) || !name) throw ApiError.pathNotFound();
    const { verb, namespace } = info;
    const ns = namespace ?? '';
    switch (`${subresource}:${verb}`) {
      case 'status:get':
        return handleGet(this.ctx, r, req, namespace, name);
      case 'status:update':
        return handleUpdate(this.ctx, r, req, namespace, name, 'status');
      case 'status:patch':
        return handlePatch(this.ctx, r, req, namespace, name, 'status');
      case 'scale:get':
        return handleGetScale(this.ctx, r, namespace, name);
      case 'scale:update':
      case 'scale:patch':
        return handleWriteScale(this.ctx, r, req, namespace, name);
      case 'binding:create':
        return handleBinding(this.ctx, r, req, ns, name);
      case 'eviction:create':
        return handleEviction(this.ctx, r, req, ns, name);
      case 'log:get':
        return handleLog(this.ctx, r, req, ns, name);
      case 'exec:get':
      case 'exec:create':
        return handleExec(this.ctx, r, req, ns, name);
      case 'finalize:update':
        return handleUpdate(this.ctx, r, req, namespace, name, 'finalize');
      default:
        throw ApiError.methodNotAllowed();
    }
  }

  private serveCrd(crd: KubeObject): void {
    if (crd.metadata.deletionTimestamp || !isEstablished(crd)) return;
    this.registry.serveCustomResourceDefinition(crd);
    this.options.modules.schema.addCustomResource(crd);
  }

  private afterWrite(r: ServedResource, obj: KubeObject, type: 'create' | 'update' | 'delete'): void {
    if (r.group === 'apiextensions.k8s.io' && r.kind === 'CustomResourceDefinition') {
      if (type === 'delete') {
        this.registry.removeCustomResourceDefinition(obj.metadata.name ?? '');
        this.options.modules.schema.removeCustomResource(String(obj.spec?.group ?? ''), String(obj.spec?.names?.kind ?? ''));
      } else this.serveCrd(obj);
    }
    this.background.observe(r, obj, type);
    if (r.group === '' && r.plural === 'pods') this.ctx.execSessions.observe(obj, type === 'delete');
  }

  /** A CRD's custom resources are deleted before the CRD itself, as the CRD finalizer does. */
  private async beforeDelete(r: ServedResource, obj: KubeObject): Promise<void> {
    if (r.group !== 'apiextensions.k8s.io' || r.kind !== 'CustomResourceDefinition') return;
    const served = this.registry.customResourcesOf(obj.metadata.name ?? '');
    if (served.length === 0) return;
    const prefix = storagePrefix(served[0], undefined);
    for (const v of this.ctx.store.list(prefix).items) {
      await this.ctx.store.delete(v.key).catch(() => undefined);
    }
  }
}
