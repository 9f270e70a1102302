// Structural schemas of custom resources: a CRD version's openAPIV3Schema as a SchemaNode, with
// apiVersion, kind and metadata as kube-apiserver adds them to every custom resource.
import type { KubeObject } from '../../../kube/object';
import type { SchemaNode } from '../schema-types';

export interface CustomResourceVersion {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** The CRD's schema as written (kept for the OpenAPI documents). */
  openAPIV3Schema?: Record<string, unknown>;
  schema: SchemaNode;
}

/** One entry per version of the CRD (served or not: conversion and validation need them all). */
export function customResourceVersions(crd: KubeObject, objectMeta: SchemaNode): CustomResourceVersion[] {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const out: CustomResourceVersion[] = [];
  for (const v of Array.isArray(spec.versions) ? spec.versions : []) {
    if (!v || typeof v.name !== 'string') continue;
    const raw = v.schema?.openAPIV3Schema;
    const schema: SchemaNode = isObject(raw) ? structuralNode(raw) : { type: 'object', preserveUnknownFields: true };
    if (schema.type !== 'object') schema.type = 'object';
    schema.properties = {
      ...schema.properties,
      apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
      kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
      metadata: objectMeta,
    };
    out.push({
      group: String(spec.group ?? ''),
      version: v.name,
      kind: String(names.kind ?? ''),
      plural: String(names.plural ?? ''),
      namespaced: spec.scope !== 'Cluster',
      openAPIV3Schema: isObject(raw) ? raw : undefined,
      schema,
    });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One JSONSchemaProps node as a SchemaNode (structural schemas have no $ref, so no cycles). */
export function structuralNode(s: Record<string, any>): SchemaNode {
  const node: SchemaNode = { type: 'any' };
  const intOrString = s['x-kubernetes-int-or-string'] === true || s.format === 'int-or-string';
  if (intOrString) node.type = 'int-or-string';
  else if (s.type === 'object' || (!s.type && (isObject(s.properties) || isObject(s.additionalProperties)))) {
    if (isObject(s.additionalProperties)) {
      node.type = 'map';
      node.additionalProperties = structuralNode(s.additionalProperties);
    } else {
      node.type = 'object';
      node.properties = {};
      if (isObject(s.properties)) {
        for (const [name, child] of Object.entries(s.properties)) {
          if (isObject(child)) node.properties[name] = structuralNode(child);
        }
      }
      // `additionalProperties: true` keeps every field, as preserve-unknown-fields does.
      if (s.additionalProperties === true) node.preserveUnknownFields = true;
    }
  } else if (s.type === 'array') {
    node.type = 'array';
    node.items = isObject(s.items) ? structuralNode(s.items) : { type: 'any', preserveUnknownFields: true };
  } else if (s.type === 'string' || s.type === 'integer' || s.type === 'number' || s.type === 'boolean') {
    node.type = s.type;
  }
  if (typeof s.description === 'string') node.description = s.description;
  if (typeof s.format === 'string' && !intOrString) node.format = s.format;
  if (Array.isArray(s.enum)) node.enum = s.enum.map(String);
  if (Array.isArray(s.required)) node.required = s.required.filter((r: unknown) => typeof r === 'string');
  if (s['x-kubernetes-preserve-unknown-fields'] === true) node.preserveUnknownFields = true;
  if (s['x-kubernetes-embedded-resource'] === true) node.embeddedResource = true;
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'atomic' || listType === 'set' || listType === 'map') node.listType = listType;
  if (Array.isArray(s['x-kubernetes-list-map-keys'])) node.listMapKeys = s['x-kubernetes-list-map-keys'].map(String);
  const mapType = s['x-kubernetes-map-type'];
  if (mapType === 'atomic' || mapType === 'granular') node.mapType = mapType;
  // A node with no type that is not preserved is still "anything" for a non-structural leftover.
  if (node.type === 'any' && !node.preserveUnknownFields) node.preserveUnknownFields = true;
  return node;
}
