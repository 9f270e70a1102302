// The one client path to a cluster: every request carries client-node's authentication
// (KubeConfig.applyToHTTPSOptions: client certificates, bearer tokens, exec plugins, OIDC)
// and watches use client-node's Watch. Lists are plain GETs with paging so that each page
// is parsed and projected before the next arrives, instead of client-node's typed
// clients, which would keep 150,000 fully deserialised pods alive at once.

import * as http from 'node:http';
import * as https from 'node:https';
import type { ClientNode, KubeConfig } from './client-node.js';
import { requestText } from './http-request.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface KubeResponse {
  status: number;
  body: string;
}

export interface RawWatchEvent {
  type: string;
  object: any;
}

export interface WatchHandle {
  abort(): void;
}

/** What list-watch and probes need from a cluster; tests supply a fake. */
export interface KubeTransport {
  get(path: string, query?: Query): Promise<KubeResponse>;
  /** Calls onDone exactly once: null when the server closed the stream, else the error. */
  watch(path: string, query: Query, onEvent: (event: RawWatchEvent) => void, onDone: (err: unknown) => void): Promise<WatchHandle>;
  /** Releases pooled connections. */
  dispose?(): void;
  /** The context's namespace (kubectl's default), where a user limited by RBAC can most likely list. */
  readonly namespace?: string;
}

function withQuery(base: string, query?: Query): URL {
  const url = new URL(base);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

export class ClientNodeTransport implements KubeTransport {
  private readonly watcher: InstanceType<ClientNode['Watch']>;
  private pooled?: { agent: http.Agent; cert?: unknown; key?: unknown; ca?: unknown };

  constructor(
    clientNode: ClientNode,
    private readonly kubeConfig: KubeConfig,
    private readonly requestTimeoutMs = 60_000,
  ) {
    this.watcher = new clientNode.Watch(kubeConfig);
  }

  get namespace(): string | undefined {
    return this.kubeConfig.getContextObject(this.kubeConfig.getCurrentContext())?.namespace || undefined;
  }

  private server(): string {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the selected context names no cluster');
    return cluster.server.replace(/\/+$/, '');
  }

  async get(path: string, query?: Query): Promise<KubeResponse> {
    const url = withQuery(this.server() + path, query);
    const opts: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
    await this.kubeConfig.applyToHTTPSOptions(opts);
    const lib = url.protocol === 'http:' ? http : https;
    // client-node makes a new Agent per call, i.e. a TLS handshake per list page; without a
    // proxy, one keep-alive agent with the same TLS settings serves every page instead.
    if (!this.kubeConfig.getCurrentCluster()?.proxyUrl) opts.agent = this.keepAliveAgent(url.protocol, opts);
    const res = await requestText(lib, url, opts, this.requestTimeoutMs);
    return { status: res.status, body: res.text };
  }

  private keepAliveAgent(protocol: string, opts: https.RequestOptions): http.Agent {
    const same = (a: unknown, b: unknown) => (Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b);
    const p = this.pooled;
    if (p && same(p.cert, opts.cert) && same(p.key, opts.key) && same(p.ca, opts.ca)) return p.agent;
    p?.agent.destroy();
    const agent =
      protocol === 'http:'
        ? new http.Agent({ keepAlive: true })
        : new https.Agent({ keepAlive: true, ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername });
    this.pooled = { agent, cert: opts.cert, key: opts.key, ca: opts.ca };
    return agent;
  }

  dispose(): void {
    this.pooled?.agent.destroy();
    this.pooled = undefined;
  }

  async watch(path: string, query: Query, onEvent: (event: RawWatchEvent) => void, onDone: (err: unknown) => void): Promise<WatchHandle> {
    const controller = await this.watcher.watch(path, query, (type, object) => onEvent({ type, object }), onDone);
    return { abort: () => controller.abort() };
  }
}
