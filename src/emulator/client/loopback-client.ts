// The control loops' client. Like kube-controller-manager's clients it goes through the API
// server's full request handling (admission, validation, watch), but in-process: no TCP or
// TLS between components that share the emulator process. Never the store directly.
import type { KubeObject } from '../../kube/object';
import type { ApiRequest, ApiResponse } from '../apiserver/request';
import type { Status } from '../apiserver/status';
import { resourcePath, type ResourceRef } from './paths';

export interface ApiHandler {
  handle(req: ApiRequest): Promise<ApiResponse>;
}

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

export class LoopbackClient {
  /** @param userAgent names the component, as client-go's user agent does (it becomes the field manager). */
  constructor(
    private readonly server: ApiHandler,
    private readonly userAgent: string,
  ) {}

  async request<T>(method: string, ref: ResourceRef, options: { query?: Query; body?: unknown; contentType?: string } = {}): Promise<T> {
    const res = await this.server.handle(this.build(method, ref, options));
    const text = res.body === undefined ? '' : res.body.toString();
    if (res.status >= 400) {
      let status: Partial<Status>;
      try {
        status = JSON.parse(text) as Partial<Status>;
      } catch {
        status = { message: text, code: res.status };
      }
      throw new ApiClientError(res.status, status);
    }
    if (!text) return undefined as T;
    return (res.headers['content-type'] ?? '').startsWith('application/json') ? (JSON.parse(text) as T) : (text as T);
  }

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

  delete<T = KubeObject>(ref: ResourceRef, options: { gracePeriodSeconds?: number; propagationPolicy?: string; preconditions?: { uid?: string; resourceVersion?: string } } = {}): Promise<T> {
    const body = { kind: 'DeleteOptions', apiVersion: 'v1', ...options };
    return this.request<T>('DELETE', ref, { body });
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
    stream.start(
      (frame) => {
        if (ended) return;
        for (const line of frame.split('\n')) {
          if (!line) continue;
          try {
            onEvent(JSON.parse(line) as WatchEvent<T>);
          } catch (e) {
            finish(e);
            stream.stop();
            return;
          }
        }
      },
      () => finish(),
    );
    return {
      stop: () => {
        stream.stop();
        finish();
      },
    };
  }

  private build(method: string, ref: ResourceRef, options: { query?: Query; body?: unknown; contentType?: string }): ApiRequest {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) query.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.userAgent };
    let body: Buffer | undefined;
    if (options.body !== undefined) {
      body = Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    return { method, path: resourcePath(ref), query, headers, body };
  }
}
