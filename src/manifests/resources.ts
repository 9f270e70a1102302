// What the cluster serves (its discovery) and where an object lives in the REST API, so the
// plan can address every document without asking the server again.
import { parseApiVersion, type KubeObject } from '../kube/object';

/** One resource from the cluster's discovery (`/api`, `/apis`). */
export interface DiscoveredResource {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name, as it appears in the URL (`deployments`). */
  plural: string;
  namespaced: boolean;
}

/** The cluster's discovery, as the connection knows it. */
export interface Discovery {
  resources: readonly DiscoveredResource[];
}

/** Where an object lives: `/apis/{group}/{version}/namespaces/{namespace}/{plural}/{name}`. */
export interface ResourceRef {
  group: string;
  version: string;
  kind: string;
  plural: string;
  /** Undefined for cluster-scoped objects. */
  namespace?: string;
  name: string;
}

/** Looks resources up by group/version/kind; built once per validation so 1,000 documents stay cheap. */
export class DiscoveryIndex {
  private readonly byGvk = new Map<string, DiscoveredResource>();
  private readonly kindsInGroup = new Map<string, Set<string>>();

  constructor(resources: readonly DiscoveredResource[]) {
    for (const r of resources) this.add(r);
  }

  add(r: DiscoveredResource): void {
    this.byGvk.set(`${r.group}/${r.version}/${r.kind}`, r);
    const kinds = this.kindsInGroup.get(r.group) ?? new Set<string>();
    kinds.add(r.kind);
    this.kindsInGroup.set(r.group, kinds);
  }

  find(apiVersion: string, kind: string): DiscoveredResource | undefined {
    const { group, version } = parseApiVersion(apiVersion);
    return this.byGvk.get(`${group}/${version}/${kind}`);
  }

  /** Whether the group serves the kind in some other version (for a better message). */
  versionsOf(group: string, kind: string): string[] {
    const out: string[] = [];
    if (!this.kindsInGroup.get(group)?.has(kind)) return out;
    for (const r of this.byGvk.values()) if (r.group === group && r.kind === kind) out.push(r.version);
    return out;
  }
}

/** The resources a CustomResourceDefinition document will add, so custom resources in the same file validate. */
export function resourcesDefinedBy(crd: KubeObject): DiscoveredResource[] {
  const spec = crd.spec as { group?: unknown; scope?: unknown; names?: { kind?: unknown; plural?: unknown }; versions?: { name?: unknown }[] } | undefined;
  if (!spec || typeof spec.group !== 'string' || typeof spec.names?.kind !== 'string' || typeof spec.names.plural !== 'string') return [];
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  return versions
    .filter((v) => typeof v?.name === 'string')
    .map((v) => ({
      group: spec.group as string,
      version: v.name as string,
      kind: spec.names?.kind as string,
      plural: spec.names?.plural as string,
      namespaced: spec.scope !== 'Cluster',
    }));
}

export function refOf(resource: DiscoveredResource, object: KubeObject): ResourceRef {
  return {
    group: resource.group,
    version: resource.version,
    kind: resource.kind,
    plural: resource.plural,
    namespace: resource.namespaced ? object.metadata?.namespace : undefined,
    name: object.metadata?.name ?? '',
  };
}

/** `deployments.apps "web" in namespace "shop"`-style label, as users read it in kubectl output. */
export function describeRef(ref: ResourceRef): string {
  const type = ref.group ? `${ref.plural}.${ref.group}` : ref.plural;
  return ref.namespace ? `${type}/${ref.name} (namespace ${ref.namespace})` : `${type}/${ref.name}`;
}

