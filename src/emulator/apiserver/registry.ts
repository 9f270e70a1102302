// The kinds the API server serves right now: the built-ins plus the custom resources of
// every established CustomResourceDefinition. Discovery, routing and storage keys all read
// from here, so a CRD becomes servable by adding data, not code.
import type { KubeObject } from '../../kube/object.js';
import { BUILTIN_RESOURCES, type ResourceType } from './resource-type.js';
import { compileDefaults, type Defaulter } from './schema/cr-defaults.js';
import { printerColumnsOf } from './tables/custom-resource.js';

export interface ServedResource extends ResourceType {
  /** Set for custom resources: the name of the CRD that defines them. */
  crdName?: string;
  /** For custom resources with a scale subresource: where replicas live. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  /** The version storage and discovery prefer for this group. */
  preferred?: boolean;
  /** A CRD version's additionalPrinterColumns (kubectl get columns). */
  additionalPrinterColumns?: unknown[];
  /** A CRD version's openAPIV3Schema, that writes of its custom resources are validated against. */
  validationSchema?: Record<string, unknown>;
  /** Fills in the version's schema defaults; only versions with a default have one (reads pay nothing otherwise). */
  defaulter?: Defaulter;
}

export class ResourceRegistry {
  private readonly byKey = new Map<string, ServedResource>();
  private readonly crds = new Map<string, ServedResource[]>();
  /** Bumped on every change, so discovery and OpenAPI caches know when to rebuild. */
  generation = 0;

  constructor(builtins: ResourceType[] = BUILTIN_RESOURCES) {
    for (const r of builtins) this.byKey.set(key(r.group, r.version, r.plural), { ...r });
  }

  lookup(group: string, version: string, plural: string): ServedResource | undefined {
    return this.byKey.get(key(group, version, plural));
  }

  all(): ServedResource[] {
    return [...this.byKey.values()];
  }

  /** Groups in discovery order: core first, built-in groups, then custom groups. */
  groups(): { group: string; versions: string[] }[] {
    const order = new Map<string, string[]>();
    for (const r of this.byKey.values()) {
      const versions = order.get(r.group) ?? [];
      if (!versions.includes(r.version)) versions.push(r.version);
      order.set(r.group, versions);
    }
    return [...order.entries()].map(([group, versions]) => ({ group, versions }));
  }

  hasGroupVersion(group: string, version: string): boolean {
    for (const r of this.byKey.values()) if (r.group === group && r.version === version) return true;
    return false;
  }

  /** Kinds defined by CRDs, keyed by group + kind (for storage of any served version). */
  customResourcesOf(crdName: string): ServedResource[] {
    return this.crds.get(crdName) ?? [];
  }

  /** (Re)serves the kinds a CRD defines; returns the conflicts that keep names from being accepted. */
  serveCustomResourceDefinition(crd: KubeObject): string | undefined {
    const name = crd.metadata.name ?? '';
    const spec = crd.spec ?? {};
    const names = spec.names ?? {};
    const plural = String(names.plural ?? '');
    for (const r of this.byKey.values()) {
      if (r.crdName !== name && r.group === spec.group && r.plural === plural) return `"${plural}" is already in use`;
    }
    this.removeCustomResourceDefinition(name);
    const served: ServedResource[] = [];
    const versions: any[] = (spec.versions ?? []).filter((v: any) => v.served !== false);
    const storage = versions.find((v) => v.storage) ?? versions[0];
    for (const v of versions) {
      const sub = v.subresources ?? {};
      const subresources: string[] = [];
      if (sub.status) subresources.push('status');
      if (sub.scale) subresources.push('scale');
      const r: ServedResource = {
        group: String(spec.group ?? ''),
        version: String(v.name),
        kind: String(names.kind ?? ''),
        listKind: String(names.listKind ?? `${names.kind}List`),
        plural,
        singular: String(names.singular ?? String(names.kind ?? '').toLowerCase()),
        namespaced: spec.scope !== 'Cluster',
        shortNames: names.shortNames,
        categories: names.categories,
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
        subresources,
        crdName: name,
        preferred: v === storage,
      };
      if (sub.scale) r.scale = sub.scale;
      const openAPIV3Schema = v.schema?.openAPIV3Schema;
      if (typeof openAPIV3Schema === 'object' && openAPIV3Schema !== null && !Array.isArray(openAPIV3Schema)) {
        r.validationSchema = openAPIV3Schema;
        const defaulter = compileDefaults(openAPIV3Schema);
        if (defaulter) r.defaulter = defaulter;
      }
      // The version's columns, or the CRD-wide ones older manifests declare; malformed entries dropped.
      const columns = printerColumnsOf(crd, String(v.name));
      if (columns.length > 0) r.additionalPrinterColumns = columns;
      served.push(r);
      this.byKey.set(key(r.group, r.version, r.plural), r);
    }
    this.crds.set(name, served);
    this.generation++;
    return undefined;
  }

  /** Serves a kind whose objects come from a provider in memory, not the store (see virtual-resources.ts). */
  serveVirtual(r: ServedResource): void {
    this.byKey.set(key(r.group, r.version, r.plural), r);
    this.generation++;
  }

  removeCustomResourceDefinition(crdName: string): void {
    const served = this.crds.get(crdName);
    if (!served) return;
    for (const r of served) this.byKey.delete(key(r.group, r.version, r.plural));
    this.crds.delete(crdName);
    this.generation++;
  }
}

function key(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}

/**
 * The etcd key of an object. One key space per group+resource (not per version), so every
 * served version of a kind reads the same objects, as in kube-apiserver; a resource served
 * from another's storage (events.k8s.io events) uses that one's key space.
 */
export function storageKey(r: ResourceType, namespace: string | undefined, name: string): string {
  return `${storagePrefix(r, namespace)}${name}`;
}

export function storagePrefix(r: ResourceType, namespace: string | undefined): string {
  const s = r.storageResource ?? r;
  const base = `/registry/${s.group || 'core'}/${s.plural}/`;
  return r.namespaced && namespace !== undefined ? `${base}${namespace}/` : base;
}
