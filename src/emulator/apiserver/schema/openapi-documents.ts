// Whole OpenAPI documents: /openapi/v2 (Swagger 2.0, every served kind) and /openapi/v3/<gv>
// (OpenAPI 3.0, one group-version each), plus the /openapi/v3 index with content hashes.
import { createHash } from 'node:crypto';
import type { ResourceType } from '../resource-type';
import { builtinDefinitionName, definitionClosure, OBJECT_META } from './definitions';
import type { CustomResourceVersion } from './custom-resource';
import { builtinDefinition, commonDefinitions, customResourceDefinitionName, customResourceDefinitions, type OpenApiFlavor } from './openapi-schemas';
import { groupVersionPath, resourcePaths } from './openapi-paths';

type Json = Record<string, unknown>;

export const KUBERNETES_VERSION = 'v1.34.1';

/** Finds the custom resource version behind a served resource, if it is one. */
export type CustomResourceLookup = (group: string, version: string, kind: string) => CustomResourceVersion | undefined;

const ALWAYS = [
  OBJECT_META,
  'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
];

function documentParts(resources: ResourceType[], lookup: CustomResourceLookup, flavor: OpenApiFlavor): { paths: Json; definitions: Json } {
  const roots = new Set(ALWAYS);
  const custom: Record<string, Json> = {};
  const paths: Json = {};
  const sorted = [...resources].sort((a, b) => key(a).localeCompare(key(b)));
  for (const r of sorted) {
    const cr = builtinDefinitionName(r.group, r.version, r.kind) ? undefined : lookup(r.group, r.version, r.kind);
    const definitionOf = (kind: string) =>
      cr ? customResourceDefinitionName({ ...cr, kind }) : builtinDefinitionName(r.group, r.version, kind);
    if (cr) Object.assign(custom, customResourceDefinitions(cr, flavor));
    else {
      for (const k of [r.kind, r.listKind]) {
        const name = builtinDefinitionName(r.group, r.version, k);
        if (name) roots.add(name);
      }
      if (r.subresources?.includes('scale')) roots.add('io.k8s.api.autoscaling.v1.Scale');
    }
    Object.assign(paths, resourcePaths(r, definitionOf, flavor));
  }
  const definitions: Json = {};
  for (const name of definitionClosure(roots)) definitions[name] = builtinDefinition(name, flavor);
  Object.assign(definitions, commonDefinitions(), custom);
  return { paths: sortKeys(paths), definitions: sortKeys(definitions) };
}

function key(r: ResourceType): string {
  return `${r.group}/${r.version}/${r.plural}`;
}

function sortKeys(o: Json): Json {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

const bearerToken = {
  description: 'Bearer Token authentication',
  type: 'apiKey',
  name: 'authorization',
  in: 'header',
};

export function openApiV2Document(resources: ResourceType[], lookup: CustomResourceLookup): Json {
  const { paths, definitions } = documentParts(resources, lookup, 'v2');
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION },
    paths,
    definitions,
    securityDefinitions: { BearerToken: bearerToken },
    security: [{ BearerToken: [] }],
  };
}

export function openApiV3Document(group: string, version: string, resources: ResourceType[], lookup: CustomResourceLookup): Json {
  const inGroupVersion = resources.filter((r) => r.group === group && r.version === version);
  const { paths, definitions } = documentParts(inGroupVersion, lookup, 'v3');
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION },
    paths,
    components: { schemas: definitions, securitySchemes: { BearerToken: bearerToken } },
  };
}

/** A content hash like kube-apiserver's: clients cache a group-version's document by it. */
export function documentHash(doc: unknown): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
}

/** The group-versions served, as /openapi/v3 path segments ("api/v1", "apis/apps/v1"). */
export function servedGroupVersions(resources: ResourceType[]): { group: string; version: string; path: string }[] {
  const seen = new Map<string, { group: string; version: string; path: string }>();
  for (const r of resources) {
    const path = groupVersionPath(r.group, r.version);
    if (!seen.has(path)) seen.set(path, { group: r.group, version: r.version, path });
  }
  return [...seen.values()].sort((a, b) => a.path.localeCompare(b.path));
}
