// The API server's knowledge of types: the built-in kinds (generated from client-node's models, with
// the patch metadata of k8s.io/api) and the custom resources of established CRDs. Used for strict
// field validation, pruning, strategic merge patch, server-side apply and the OpenAPI documents.
import type { KubeObject } from '../../../kube/object';
import type { ResourceType } from '../resource-type';
import type { SchemaLookup, SchemaNode } from '../schema-types';
import { BuiltinGraph } from './builtin-graph';
import { customResourceVersions, type CustomResourceVersion } from './custom-resource';
import { builtinDefinitionName, OBJECT_META } from './definitions';
import { documentHash, openApiV2Document, openApiV3Document, servedGroupVersions } from './openapi-documents';
import { encodeOpenApiV2 } from './openapi-protobuf';
import { findUnknownFields, findUnknownFieldsTyped, pruneUnknownFields } from './unknown-fields';

export { DecodeTypeError } from './type-errors';

export { KUBERNETES_VERSION } from './openapi-documents';
export { OPENAPI_V2_PROTOBUF } from './openapi-protobuf';

export class SchemaRegistry implements SchemaLookup {
  private readonly builtin = new BuiltinGraph();
  /** group/kind -> the CRD's versions. */
  private readonly custom = new Map<string, CustomResourceVersion[]>();
  /** Built documents; cleared on every CRD change. */
  private readonly documents = new Map<string, object>();

  forKind(group: string, version: string, kind: string): SchemaNode | undefined {
    const name = builtinDefinitionName(group, version, kind);
    if (name) return this.builtin.definition(name);
    return this.customResource(group, version, kind)?.schema;
  }

  /** Registers (or replaces) the kinds a CRD defines, from spec.versions[].schema.openAPIV3Schema. */
  addCustomResource(crd: KubeObject): void {
    const versions = customResourceVersions(crd, this.builtin.definition(OBJECT_META)!);
    if (!versions.length) return;
    this.custom.set(`${versions[0].group}/${versions[0].kind}`, versions);
    this.changed();
  }

  removeCustomResource(group: string, kind: string): void {
    if (this.custom.delete(`${group}/${kind}`)) this.changed();
  }

  /**
   * Paths of unknown fields (`spec.containers[0].foo`), for fieldValidation=Strict|Warn; parts
   * of `obj` shared with `clean` (known to have none) are not walked. Built-in kinds: throws
   * DecodeTypeError where a value does not decode into its Go type (custom resources are
   * validated against their OpenAPI schema later instead).
   */
  unknownFields(group: string, version: string, kind: string, obj: unknown, clean?: unknown): string[] {
    const name = builtinDefinitionName(group, version, kind);
    if (name) {
      // Built-ins decode into Go types: a value of the wrong JSON type throws DecodeTypeError.
      const schema = this.builtin.definition(name);
      return schema ? findUnknownFieldsTyped(schema, obj, clean) : [];
    }
    const schema = this.customResource(group, version, kind)?.schema;
    return schema ? findUnknownFields(schema, obj, clean) : [];
  }

  /**
   * Drops unknown fields in place, as kube-apiserver does when it decodes into its types (built-ins)
   * or prunes with the structural schema (custom resources). Kinds without a schema are left alone.
   */
  prune(group: string, version: string, kind: string, obj: unknown): void {
    const schema = this.forKind(group, version, kind);
    if (schema) pruneUnknownFields(schema, obj);
  }

  openApiV2(resources: ResourceType[]): object {
    return this.cached(`v2|${resourcesKey(resources)}`, () => openApiV2Document(resources, this.lookup));
  }

  /**
   * The same document as gnostic protobuf, for `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`
   * (client-go's OpenAPISchema(); serve it with Content-Type OPENAPI_V2_PROTOBUF).
   */
  openApiV2Protobuf(resources: ResourceType[]): Buffer {
    const holder = this.cached(`v2pb|${resourcesKey(resources)}`, () => ({ body: encodeOpenApiV2(this.openApiV2(resources) as Record<string, unknown>) }));
    return (holder as { body: Buffer }).body;
  }

  /** The /openapi/v3 index: one entry per served group-version, with a content hash in the URL. */
  openApiV3Paths(resources: ResourceType[]): object {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const gv of servedGroupVersions(resources)) {
      const doc = this.openApiV3(gv.group, gv.version, resources);
      const hash = this.cached(`hash|${gv.path}|${resourcesKey(resources)}`, () => ({ hash: documentHash(doc) })) as { hash: string };
      paths[gv.path] = { serverRelativeURL: `/openapi/v3/${gv.path}?hash=${hash.hash}` };
    }
    return { paths };
  }

  openApiV3(group: string, version: string, resources: ResourceType[]): object {
    const inGv = resources.filter((r) => r.group === group && r.version === version);
    return this.cached(`v3|${group}/${version}|${resourcesKey(inGv)}`, () => openApiV3Document(group, version, inGv, this.lookup));
  }

  private readonly lookup = (group: string, version: string, kind: string) => this.customResource(group, version, kind);

  private customResource(group: string, version: string, kind: string): CustomResourceVersion | undefined {
    return this.custom.get(`${group}/${kind}`)?.find((v) => v.version === version);
  }

  private changed(): void {
    this.documents.clear();
  }

  private cached(key: string, build: () => object): object {
    let doc = this.documents.get(key);
    if (!doc) {
      // Bounded: a handful of group-versions times the resource sets seen since the last CRD change.
      if (this.documents.size > 256) this.documents.clear();
      doc = build();
      this.documents.set(key, doc);
    }
    return doc;
  }
}

function resourcesKey(resources: ResourceType[]): string {
  return resources.map((r) => `${r.group}/${r.version}/${r.kind}/${r.plural}/${r.namespaced}/${r.verbs.length}/${(r.subresources ?? []).join(',')}`).join(';');
}
