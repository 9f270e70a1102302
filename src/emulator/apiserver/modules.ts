// The pieces of the API server that live in their own modules (patch, schema, tables,
// admission), as the server core calls them. Declared here so the core depends on a
// shape, and cluster.ts decides which implementation to plug in.
import type { KubeObject } from '../../kube/object.js';
import type { ResourceType } from './resource-type.js';
import type { SchemaLookup, SchemaNode } from './schema-types.js';
import type { StatusCause } from './status.js';

export interface ApplyArgs {
  live?: KubeObject;
  applied: KubeObject;
  manager: string;
  force: boolean;
  schema?: SchemaNode;
  now: string;
  apiVersion: string;
  subresource?: string;
  /** The main resource of a kind with a status subresource neither owns nor disturbs status. */
  ignoreStatus?: boolean;
  /** Fields this endpoint resets (e.g. [['spec']] for /status). */
  resetFields?: string[][];
}

export interface TrackUpdateArgs {
  live?: KubeObject;
  updated: KubeObject;
  manager: string;
  schema?: SchemaNode;
  now: string;
  apiVersion: string;
  subresource?: string;
  /** The main resource of a kind with a status subresource neither owns nor disturbs status. */
  ignoreStatus?: boolean;
  /** Fields this endpoint resets (e.g. [['spec']] for /status). */
  resetFields?: string[][];
  /** live's managedFields are all in canonical form (see managed-fields.ts); not re-checked. */
  liveEntriesCanonical?: boolean;
}

export interface PatchModule {
  applyJsonPatch(current: unknown, patch: unknown): unknown;
  /** `patchOwned`: the result may share the patch's values (see merge-patch.ts). */
  applyMergePatch(current: unknown, patch: unknown, patchOwned?: boolean): unknown;
  applyStrategicMergePatch(current: unknown, patch: unknown, schema: SchemaNode | undefined): unknown;
  serverSideApply(args: ApplyArgs): KubeObject;
  trackUpdate(args: TrackUpdateArgs): KubeObject;
}

export interface SchemaModule extends SchemaLookup {
  addCustomResource(crd: KubeObject): void;
  removeCustomResource(group: string, kind: string): void;
  openApiV2(resources: ResourceType[]): unknown;
  /** The v2 document as gnostic protobuf (client-go's OpenAPISchema()). */
  openApiV2Protobuf?(resources: ResourceType[]): Buffer;
  openApiV3Paths(resources: ResourceType[]): unknown;
  openApiV3(group: string, version: string, resources: ResourceType[]): unknown;
  /**
   * Parts of `obj` that are the same objects as `clean`'s (known to have no unknown fields and to
   * decode) are skipped. Built-in kinds: throws DecodeTypeError (schema/type-errors.ts) for a value
   * that does not decode into its Go type.
   */
  unknownFields(group: string, version: string, kind: string, obj: unknown, clean?: unknown): string[];
  /** Drops fields a custom resource's schema does not declare (kube-apiserver prunes CRs). */
  prune?(group: string, version: string, kind: string, obj: unknown): void;
}

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TablesModule {
  tableColumns(resource: ResourceType): ColumnDefinition[];
  tableRow(resource: ResourceType, obj: KubeObject, now: number): { cells: unknown[]; conditions?: unknown[] };
}

export interface PriorityClassInfo {
  value: number;
  preemptionPolicy?: string;
}

/** What admission may ask the core while defaulting (the Priority plugin resolves classes). */
export interface DefaultingContext {
  operation?: 'CREATE' | 'UPDATE';
  /** 'defaults': scheme defaults only; 'admission': mutating admission only; unset: both. */
  phase?: 'defaults' | 'admission';
  priorityClass?(name: string): PriorityClassInfo | undefined;
  globalDefaultPriorityClass?(): (PriorityClassInfo & { name: string }) | undefined;
}

export interface AdmissionModule {
  /** Defaults in place; a returned denial becomes 403 Forbidden. */
  applyDefaults(resource: ResourceType, obj: KubeObject, context?: DefaultingContext): { message: string } | undefined | void;
  validate(resource: ResourceType, obj: KubeObject, old: KubeObject | undefined, subresource?: string): StatusCause[];
}

export interface ApiServerModules {
  patch: PatchModule;
  schema: SchemaModule;
  tables: TablesModule;
  admission: AdmissionModule;
}
