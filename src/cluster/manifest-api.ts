// The manifests' ManifestApi and Discovery over one context: every request is authenticated by
// client-node (KubeConfig.applyToHTTPSOptions: certificates, tokens, exec plugins), bodies are
// plain JSON so a server Status reaches server-errors.ts intact, and one keep-alive agent serves
// a 1,000-object apply instead of a TLS handshake per object.

import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeObject } from '../kube/object.js';
import type { ApplyOptions, DeleteOptions, ManifestApi } from '../manifests/manifest-api.js';
import type { DiscoveredResource, Discovery, ResourceRef } from '../manifests/resources.js';
import type { KubeConfig } from './client-node.js';
import { requestText, type TextResponse } from './http-request.js';
import type { KubeconfigSet } from './kubeconfig.js';

/** What the editor commands need of a cluster: the three calls, its discovery and its namespace. */
export interface ClusterManifestApi extends ManifestApi {
  /** The context's namespace, for namespaced documents that name none. */
  readonly defaultNamespace: string;
  /** Everything the cluster serves, from /api and /apis (subresources left out). */
  discover(): Promise<Discovery>;
  dispose(): void;
}

/** The error every failed request throws: `body` is a metav1.Status, as client-node's ApiException carries it. */
export class ManifestRequestError extends Error {
  constructor(
    readonly code: number,
    readonly body: { kind: 'Status'; code: number; message: string; reason?: string; details?: unknown },
  ) {
    super(body.message);
  }
}

function resourcePath(ref: ResourceRef): string {
  const base = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
  const ns = ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
  return `${base}${ns}/${ref.plural}/${encodeURIComponent(ref.name)}`;
}

function statusBody(code: number, text: string): ManifestRequestError['body'] {
  try {
    const parsed = JSON.parse(text) as { kind?: string };
    if (parsed && parsed.kind === 'Status') return parsed as ManifestRequestError['body'];
  } catch {
    // not JSON: a proxy or a plain-text error page
  }
  return { kind: 'Status', code, message: `HTTP ${code}: ${text.slice(0, 500)}` };
}

interface ApiResourceList {
  groupVersion?: string;
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

export class ClientNodeManifestApi implements ClusterManifestApi {
  private agent?: http.Agent;
  readonly defaultNamespace: string;

  constructor(
    private readonly kubeConfig: KubeConfig,
    contextName: string,
    private readonly requestTimeoutMs = 30_000,
  ) {
    this.defaultNamespace = kubeConfig.getContextObject(contextName)?.namespace || 'default';
  }

  private async send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<TextResponse> {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the selected context names no cluster');
    const url = new URL(cluster.server.replace(/\/+$/, '') + path);
    const data = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { Accept: 'application/json' };
    if (data !== undefined) Object.assign(headers, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(data) });
    const opts: https.RequestOptions = { method, headers };
    await this.kubeConfig.applyToHTTPSOptions(opts);
    const lib = url.protocol === 'http:' ? http : https;
    if (!cluster.proxyUrl) opts.agent = this.agentFor(url.protocol, opts);
    return requestText(lib, url, opts, this.requestTimeoutMs, data);
  }

  private agentFor(protocol: string, opts: https.RequestOptions): http.Agent {
    // Credentials do not change within one context's lifetime except by exec refresh, which
    // only touches headers, so one agent per api object is enough.
    this.agent ??=
      protocol === 'http:'
        ? new http.Agent({ keepAlive: true, maxSockets: 16 })
        : new https.Agent({ keepAlive: true, maxSockets: 16, ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername });
    return this.agent;
  }

  private async json<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const res = await this.send(method, path, body, contentType);
    if (res.status >= 400) throw new ManifestRequestError(res.status, statusBody(res.status, res.text));
    return JSON.parse(res.text) as T;
  }

  apply(ref: ResourceRef, object: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    const q = new URLSearchParams({ fieldManager: options.fieldManager, fieldValidation: options.fieldValidation, force: String(options.force) });
    if (options.dryRun) q.set('dryRun', 'All');
    // JSON is YAML: the apply-patch content type takes the object as JSON text.
    return this.json<KubeObject>('PATCH', `${resourcePath(ref)}?${q}`, object, 'application/apply-patch+yaml');
  }

  async get(ref: ResourceRef): Promise<KubeObject | undefined> {
    try {
      return await this.json<KubeObject>('GET', resourcePath(ref));
    } catch (err) {
      if (err instanceof ManifestRequestError && err.code === 404) return undefined;
      throw err;
    }
  }

  async delete(ref: ResourceRef, options: DeleteOptions): Promise<boolean> {
    try {
      await this.json('DELETE', resourcePath(ref), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: options.propagationPolicy });
      return true;
    } catch (err) {
      if (err instanceof ManifestRequestError && err.code === 404) return false;
      throw err;
    }
  }

  async discover(): Promise<Discovery> {
    const [core, groups] = await Promise.all([
      this.json<{ versions?: string[] }>('GET', '/api'),
      this.json<{ groups?: { name: string; versions?: { groupVersion: string }[] }[] }>('GET', '/apis'),
    ]);
    const groupVersions = [...(core.versions ?? []).map((v) => ({ group: '', version: v, path: `/api/${v}` }))];
    for (const g of groups.groups ?? []) {
      for (const v of g.versions ?? []) groupVersions.push({ group: g.name, version: v.groupVersion.split('/')[1] ?? '', path: `/apis/${v.groupVersion}` });
    }
    const lists = await Promise.all(
      groupVersions.map(async (gv) => {
        try {
          return { gv, list: await this.json<ApiResourceList>('GET', gv.path) };
        } catch {
          // One broken aggregated API (503) must not hide every other kind, as with kubectl.
          return { gv, list: {} as ApiResourceList };
        }
      }),
    );
    const resources: DiscoveredResource[] = [];
    for (const { gv, list } of lists) {
      for (const r of list.resources ?? []) {
        if (r.name.includes('/')) continue; // subresources (status, scale, log)
        resources.push({ group: gv.group, version: gv.version, kind: r.kind, plural: r.name, namespaced: r.namespaced });
      }
    }
    return { resources };
  }

  dispose(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }
}

/** A ManifestApi for one context of the user's (or the emulator's) kubeconfig. */
export function createManifestApi(kubeconfigs: KubeconfigSet, contextName: string): ClusterManifestApi {
  return new ClientNodeManifestApi(kubeconfigs.kubeConfigFor(contextName), contextName);
}
