// The control loops' client. Like kube-controller-manager's clients it goes through the API
// server's full request handling (admission, validation, watch), but in-process: no TCP or
// TLS between components that share the emulator process. Never the store directly.
import type { KubeObject } from '../../kube/object';
import { valueRequest, type ApiRequest, type ApiResponse } from '../apiserver/request';
import type { Status } from '../apiserver/status';
import { resourcePath, type ResourceRef } from './paths';

export interface ApiHandler {
  handle(req: ApiRequest): Promise<ApiResponse>;
}

/**
 * Requests whose caller reads only the status of a success, not its body (Events, status
 * patches...): a handler in another thread need not copy the body back.
 */
export const bodyIgnored = new WeakSet<ApiRequest>();

/** A failed request, carrying the server's Status (reason, code, message). */
export class ApiClientError extends Error {
  constructor(
    readonly code: number,
    readonly status: Partial<Status>,
  ) {
    super(status.message ?? `HTTP ${code}`);
  }
  get reason(): string | undefined {
    return this.status.reason;
  }
}

export const isNotFound = (e: unknown): boolean => e instanceof ApiClientError && e.code === 404;
export const isConflict = (e: unknown): boolean => e instanceof ApiClientError && e.code === 409;
export const isAlreadyExists = (e: unknown): boolean => e instanceof ApiClientError && e.reason === 'AlreadyExists';
export const isGone = (e: unknown): boolean => e instanceof ApiClientError && e.code === 410;

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';
const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface KubeList<T = KubeObject> {
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

export interface WatchEvent<T = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface WatchHandle {
  stop(): void;
}

type Query = Record<string, string | number | boolean | undefined>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  contentType?: string;
  /** false: the caller ignores the response, so a success body is not parsed (saves a JSON.parse per write). */
  result?: boolean;
}

/** Writes for callers that ignore what the server returns; failures still reject with ApiClientError. */
export interface ResultlessWrites {
  create(ref: ResourceRef, body: unknown, query?: Query): Promise<void>;
  update(ref: ResourceRef, body: unknown, query?: Query): Promise<void>;
  patch(ref: ResourceRef, patch: unknown, type?: PatchType, query?: Query): Promise<void>;
  delete(ref: ResourceRef, options?: DeleteOptions): Promise<void>;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** The decoded answer to a request: its JSON body, its text, nothing (`ignoreResult`), or a thrown ApiClientError. */
async function responseOf<T>(pending: Promise<ApiResponse>, ignoreResult: boolean): Promise<T> {
  const res = await pending;
  if (res.status >= 400) {
    const text = res.body === undefined ? '' : res.body.toString();
    let status: Partial<Status>;
    try {
      status = JSON.parse(text) as Partial<Status>;
    } catch {
      status = { message: text, code: res.status };
    }
    throw new ApiClientError(res.status, status);
  }
  if (ignoreResult) return undefined as T;
  const text = res.body === undefined ? '' : res.body.toString();
  if (!text) return undefined as T;
  return (res.headers['content-type'] ?? '').startsWith('application/json') ? (JSON.parse(text) as T) : (text as T);
}

export class LoopbackClient {
  /** @param userAgent names the component, as client-go's user agent does (it becomes the field manager). */
  constructor(
    private readonly server: ApiHandler,
    private readonly userAgent: string,
  ) {}

  /**
   * Bodies other than strings travel as values (ApiRequest.object), not JSON: the server copies
   * them instead of parsing. The caller leaves `body` unchanged until the promise settles.
   */
  request<T>(method: string, ref: ResourceRef, options: RequestOptions = {}): Promise<T> {
    // Awaited elsewhere: a suspended async function keeps all its parameters and locals alive
    // (V8 saves them whether used later or not), so awaiting here kept each body (an Event, a
    // pod status) until its answer came back, long enough to be copied and promoted.
    let pending: Promise<ApiResponse>;
    const ignoreResult = options.result === false;
    try {
      const req = this.build(method, ref, options);
      if (ignoreResult) bodyIgnored.add(req);
      pending = this.server.handle(req);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    return responseOf<T>(pending, ignoreResult);
  }

  /**
   * The writes below, resolving to nothing: for hot callers that ignore the result (Events,
   * status patches, bindings, deletes), the response is not parsed.
   */
  readonly noResult: ResultlessWrites = {
    create: (ref, body, query = {}) => this.request('POST', ref, { body, query, result: false }),
    update: (ref, body, query = {}) => this.request('PUT', ref, { body, query, result: false }),
    patch: (ref, patch, type = 'merge', query = {}) => this.request('PATCH', ref, { body: patch, contentType: PATCH_CONTENT_TYPES[type], query, result: false }),
    delete: (ref, options = {}) => this.request('DELETE', ref, { body: deleteOptions(options), result: false }),
  };

  get<T = KubeObject>(ref: ResourceRef): Promise<T> {
    return this.request<T>('GET', ref);
  }

  list<T = KubeObject>(ref: ResourceRef, query: Query = {}): Promise<KubeList<T>> {
    return this.request<KubeList<T>>('GET', ref, { query });
  }

  create<T = KubeObject>(ref: ResourceRef, body: unknown, query: Query = {}): Promise<T> {
    return this.request<T>('POST', ref, { body, query });
  }

  update<T = KubeObject>(ref: ResourceRef, body: unknown, query: Query = {}): Promise<T> {
    return this.request<T>('PUT', ref, { body, query });
  }

  patch<T = KubeObject>(ref: ResourceRef, patch: unknown, type: PatchType = 'merge', query: Query = {}): Promise<T> {
    return this.request<T>('PATCH', ref, { body: patch, contentType: PATCH_CONTENT_TYPES[type], query });
  }

  delete<T = KubeObject>(ref: ResourceRef, options: DeleteOptions = {}): Promise<T> {
    return this.request<T>('DELETE', ref, { body: deleteOptions(options) });
  }

  /**
   * Watches from `resourceVersion`; events arrive in order. `onEnd` is called once when the
   * server ends the stream (timeout, restart) or stop() is called.
   */
  async watch<T = KubeObject>(ref: ResourceRef, query: Query, onEvent: (e: WatchEvent<T>) => void, onEnd: (err?: unknown) => void): Promise<WatchHandle> {
    const res = await this.server.handle(this.build('GET', ref, { query: { ...query, watch: 'true' } }));
    if (!res.watch) {
      const text = res.body?.toString() ?? '';
      let status: Partial<Status> = { message: text };
      try {
        status = JSON.parse(text) as Partial<Status>;
      } catch {
        // keep the text
      }
      throw new ApiClientError(res.status, status);
    }
    const stream = res.watch;
    let ended = false;
    const finish = (err?: unknown) => {
      if (ended) return;
      ended = true;
      onEnd(err);
    };
    const deliver = (parse: () => WatchEvent<T>): void => {
      if (ended) return;
      try {
        onEvent(parse());
      } catch (e) {
        finish(e);
        stream.stop();
      }
    };
    if (stream.startEvents) {
      // The server hands over each object's JSON: one parse per event, no frame built or split.
      stream.startEvents(
        (type, objectJson) => deliver(() => ({ type, object: this.watchObject(objectJson) as T })),
        () => finish(),
      );
    } else {
      stream.start(
        (frame) => {
          for (const line of frame.split('\n')) if (line) deliver(() => JSON.parse(line) as WatchEvent<T>);
        },
        () => finish(),
      );
    }
    return {
      stop: () => {
        stream.stop();
        finish();
      },
    };
  }

  /** Parses a watch event's object (a subclass may transform it while parsing). */
  protected watchObject(json: string): unknown {
    return JSON.parse(json);
  }

  private build(method: string, ref: ResourceRef, options: RequestOptions): ApiRequest {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) query.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.userAgent };
    const path = resourcePath(ref);
    if (options.body === undefined) return { method, path, query, headers };
    headers['content-type'] = options.contentType ?? 'application/json';
    // A string is already the body's text (e.g. YAML for apply).
    if (typeof options.body === 'string') return { method, path, query, headers, body: Buffer.from(options.body) };
    return valueRequest(method, path, query, headers, options.body);
  }
}

function deleteOptions(options: DeleteOptions): Record<string, unknown> {
  return { kind: 'DeleteOptions', apiVersion: 'v1', ...options };
}
