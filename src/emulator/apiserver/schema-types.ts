// The type graph the API server knows for each kind: used by strict field validation,
// strategic merge patch, server-side apply (managedFields), OpenAPI documents and explain.
// Nodes may reference each other cyclically (JSONSchemaProps is recursive).

export type SchemaType =
  | 'object'
  | 'array'
  | 'map'
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'int-or-string'
  | 'quantity'
  | 'any';

export interface SchemaNode {
  type: SchemaType;
  /** The definition name, e.g. io.k8s.api.core.v1.PodSpec (objects only). */
  ref?: string;
  description?: string;
  /** object: its fields. */
  properties?: Record<string, SchemaNode>;
  required?: string[];
  /** array: the element type. */
  items?: SchemaNode;
  /** map: the value type (keys are strings). */
  additionalProperties?: SchemaNode;
  format?: string;
  enum?: string[];
  /** Strategic merge patch on arrays (x-kubernetes-patch-strategy / -merge-key). */
  patchStrategy?: 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';
  patchMergeKey?: string;
  /** Server-side apply list and map semantics (x-kubernetes-list-type / -list-map-keys / -map-type). */
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  mapType?: 'atomic' | 'granular';
  /** x-kubernetes-preserve-unknown-fields: anything goes below this node. */
  preserveUnknownFields?: boolean;
  /** x-kubernetes-embedded-resource. */
  embeddedResource?: boolean;
  /**
   * Built-in kinds: the field's Go type where the schema does not tell it (named types such as
   * v1.Protocol or v1.ResourceList, v1.MicroTime), as kube-apiserver's JSON decoding names it.
   */
  goType?: string;
}

export interface SchemaLookup {
  /** The schema of a top-level kind, or undefined when unknown (then nothing is pruned or checked). */
  forKind(group: string, version: string, kind: string): SchemaNode | undefined;
}
