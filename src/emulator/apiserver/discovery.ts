// Discovery documents: legacy (/api, /apis, /apis/<g>, /apis/<g>/<v>) and aggregated
// (apidiscovery.k8s.io/v2), built from the registry and cached until it changes.
import { createHash } from 'node:crypto';
import type { ResourceRegistry, ServedResource } from './registry.js';

interface SubresourceInfo {
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

function subresourceInfo(r: ServedResource, sub: string): SubresourceInfo {
  switch (sub) {
    case 'status':
      return { kind: r.kind, verbs: ['get', 'patch', 'update'] };
    case 'scale':
      return { kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };
    case 'binding':
      return { kind: 'Binding', verbs: ['create'] };
    case 'eviction':
      return { kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] };
    case 'log':
      return { kind: 'Pod', verbs: ['get'] };
    case 'exec':
      return { kind: 'PodExecOptions', verbs: ['create', 'get'] };
    case 'finalize':
      return { kind: 'Namespace', verbs: ['update'] };
    case 'token':
      return { kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] };
    default:
      return { kind: r.kind, verbs: ['get'] };
  }
}

/** Of the stored kind: events.k8s.io/v1 Events, stored as core/v1 ones, share core's hash, as in kube-apiserver. */
function storageVersionHash(r: ServedResource): string {
  const group = r.storageResource ? r.storageResource.group : r.group;
  return createHash('sha256').update(`${group}/${r.version}/${r.kind}`).digest('base64').slice(0, 11);
}

function apiResourceList(groupVersion: string, resources: ServedResource[]): unknown {
  const list: unknown[] = [];
  for (const r of resources) {
    const entry: Record<string, unknown> = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
    if (r.shortNames?.length) entry.shortNames = r.shortNames;
    if (r.categories?.length) entry.categories = r.categories;
    entry.storageVersionHash = storageVersionHash(r);
    list.push(entry);
    for (const sub of r.subresources ?? []) {
      const info = subresourceInfo(r, sub);
      const s: Record<string, unknown> = { name: `${r.plural}/${sub}`, singularName: '', namespaced: r.namespaced, kind: info.kind, verbs: info.verbs };
      if (info.group !== undefined) s.group = info.group;
      if (info.version !== undefined) s.version = info.version;
      list.push(s);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: list };
}

function aggregatedResource(r: ServedResource): unknown {
  const entry: Record<string, unknown> = {
    resource: r.plural,
    responseKind: { group: '', version: '', kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames?.length) entry.shortNames = r.shortNames;
  if (r.categories?.length) entry.categories = r.categories;
  if (r.subresources?.length) {
    entry.subresources = r.subresources.map((sub) => {
      const info = subresourceInfo(r, sub);
      return { subresource: sub, responseKind: { group: info.group ?? '', version: info.version ?? '', kind: info.kind }, verbs: info.verbs };
    });
  }
  return entry;
}

export interface CachedDocument {
  body: string | Buffer;
  etag: string;
  /** Defaults to application/json. */
  contentType?: string;
}

function cached(value: unknown): CachedDocument {
  const body = JSON.stringify(value);
  return { body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"` };
}

export const AGGREGATED_DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Rebuilds lazily when the registry's generation moves (a CRD came or went). */
export class DiscoveryDocuments {
  private generation = -1;
  private docs = new Map<string, CachedDocument>();

  constructor(
    private readonly registry: ResourceRegistry,
    private readonly serverAddress: () => string,
  ) {}

  private get(key: string, build: () => unknown): CachedDocument {
    if (this.generation !== this.registry.generation) {
      this.docs.clear();
      this.generation = this.registry.generation;
    }
    let doc = this.docs.get(key);
    if (!doc) {
      doc = cached(build());
      this.docs.set(key, doc);
    }
    return doc;
  }

  private groupVersions(): { group: string; versions: string[]; preferred: string }[] {
    return this.registry
      .groups()
      .map(({ group, versions }) => {
        const preferred = this.registry.all().find((r) => r.group === group && r.preferred)?.version ?? versions[0];
        return { group, versions, preferred };
      });
  }

  legacyCore(): CachedDocument {
    return this.get('api', () => ({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: this.serverAddress() }],
    }));
  }

  private groupDoc(g: { group: string; versions: string[]; preferred: string }): unknown {
    return {
      name: g.group,
      versions: g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${g.group}/${g.preferred}`, version: g.preferred },
    };
  }

  legacyGroups(): CachedDocument {
    return this.get('apis', () => ({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: this.groupVersions().filter((g) => g.group !== '').map((g) => this.groupDoc(g)),
    }));
  }

  legacyGroup(group: string): CachedDocument | undefined {
    const g = this.groupVersions().find((x) => x.group === group && group !== '');
    if (!g) return undefined;
    return this.get(`apis/${group}`, () => ({ kind: 'APIGroup', apiVersion: 'v1', ...(this.groupDoc(g) as object) }));
  }

  resourceList(group: string, version: string): CachedDocument | undefined {
    if (!this.registry.hasGroupVersion(group, version)) return undefined;
    const gv = group ? `${group}/${version}` : version;
    return this.get(`rl/${gv}`, () => apiResourceList(gv, this.registry.all().filter((r) => r.group === group && r.version === version)));
  }

  /** /api (core only) or /apis (every group) as an APIGroupDiscoveryList. */
  aggregated(core: boolean): CachedDocument {
    return this.get(core ? 'agg/api' : 'agg/apis', () => ({
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
      items: this.groupVersions()
        .filter((g) => (g.group === '') === core)
        .map((g) => ({
          metadata: g.group ? { name: g.group } : {},
          versions: [g.preferred, ...g.versions.filter((v) => v !== g.preferred)].map((version) => ({
            version,
            resources: this.registry.all().filter((r) => r.group === g.group && r.version === version).map(aggregatedResource),
            freshness: 'Current',
          })),
        })),
    }));
  }
}

/** True when the Accept header asks for aggregated discovery (any entry with as=APIGroupDiscoveryList, v2). */
export function wantsAggregated(accept: string | undefined): boolean {
  if (!accept) return false;
  for (const entry of accept.split(',')) {
    const e = entry.replace(/\s+/g, '');
    if (e.includes('as=APIGroupDiscoveryList') && e.includes('g=apidiscovery.k8s.io') && e.includes('v=v2') && !e.includes('v=v2beta1')) return true;
    if (e.startsWith('application/json') && !e.includes('as=')) return false;
  }
  return false;
}
