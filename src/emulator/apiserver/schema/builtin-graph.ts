// Turns the compact built-in definitions into the SchemaNode graph the API server navigates
// (strict field validation, strategic merge patch, server-side apply). Object nodes are shared per
// definition, so the graph is built once and recursive types (JSONSchemaProps) stay finite.
import type { SchemaNode } from '../schema-types';
import { BUILTIN_DEFINITIONS } from './definitions';
import { markGoType } from './go-types';
import { ATOMIC_STRUCTS, FIELD_PATCH_META, type FieldPatchMeta } from './patch-metadata';

export class BuiltinGraph {
  private readonly nodes = new Map<string, SchemaNode>();

  /** The object node of a definition, e.g. io.k8s.api.core.v1.PodSpec. */
  definition(name: string): SchemaNode | undefined {
    const existing = this.nodes.get(name);
    if (existing) return existing;
    const def = BUILTIN_DEFINITIONS[name];
    if (!def) return undefined;
    const node: SchemaNode = { type: 'object', ref: name, properties: {} };
    if (def.d) node.description = def.d;
    if (def.r) node.required = def.r;
    if (ATOMIC_STRUCTS.has(name)) node.mapType = 'atomic';
    // Register before filling so self-references resolve to this node.
    this.nodes.set(name, node);
    const meta = FIELD_PATCH_META[name] ?? {};
    for (const [field, [spec, description]] of Object.entries(def.p)) {
      const child = this.fieldNode(spec, description, meta[field]);
      markGoType(name, field, child);
      node.properties![field] = child;
    }
    return node;
  }

  private fieldNode(spec: string, description: string | undefined, meta: FieldPatchMeta | undefined): SchemaNode {
    const node = this.specNode(spec);
    // Shared definition nodes must not take a field's description or metadata.
    if (node.ref) return node;
    if (description) node.description = description;
    if (meta) Object.assign(node, meta);
    return node;
  }

  private specNode(spec: string): SchemaNode {
    if (spec.startsWith('#')) {
      const node = this.definition(spec.slice(1));
      if (!node) throw new Error(`schema: unknown definition ${spec.slice(1)}`);
      return node;
    }
    if (spec.startsWith('[]')) return { type: 'array', items: this.specNode(spec.slice(2)) };
    if (spec.startsWith('{}')) return { type: 'map', additionalProperties: this.specNode(spec.slice(2)) };
    const [type, format] = spec.split(':');
    switch (type) {
      case 'string':
      case 'integer':
      case 'number':
        return format ? { type, format } : { type };
      case 'boolean':
      case 'int-or-string':
      case 'quantity':
        return { type };
      case 'any':
        return { type: 'any', preserveUnknownFields: true };
      default:
        throw new Error(`schema: bad type spec ${spec}`);
    }
  }
}
