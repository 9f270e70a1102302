// Structural defaulting of custom resources, as kube-apiserver applies a CRD version's `default`
// values: to request bodies (create, update, patch results) before validation and to objects
// read from storage. A property's default fills the property when it is absent, or null where
// the property is not nullable; only inside objects that exist (a default never creates its
// parent); items of arrays and values of maps that are null take their schema's default. Filled
// values are defaulted in turn. Defaults are pruned of fields their schema does not know, as
// kube-apiserver prunes them when it loads the CRD.
import { deepClone } from '../patch/json-value';
import { structuralNode } from './custom-resource';
import { pruneUnknownFields } from './unknown-fields';

type Schema = Record<string, any>;

interface Node {
  /** Properties with a default or with defaults below them. */
  properties?: [name: string, node: Node][];
  items?: Node;
  additional?: Node;
  /** The (pruned) default, when the schema has one and it is not null. */
  default?: unknown;
  nullable: boolean;
}

/** Applies the defaults in place; returns whether anything was filled in. */
export type Defaulter = (obj: Record<string, unknown>) => boolean;

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The defaulter of a CRD version's openAPIV3Schema; undefined when the schema has no default (nothing to pay on reads). */
export function compileDefaults(schema: unknown): Defaulter | undefined {
  if (!isObject(schema)) return undefined;
  const root = compile(schema, true);
  if (!root) return undefined;
  return (obj) => apply(root, obj);
}

function compile(s: Schema, root = false): Node | undefined {
  const node: Node = { nullable: s.nullable === true };
  let any = false;
  if (s.default !== undefined && s.default !== null) {
    const value = deepClone(s.default);
    if (isObject(value) || Array.isArray(value)) pruneUnknownFields(structuralNode(s), value);
    node.default = value;
    any = true;
  }
  if (isObject(s.properties)) {
    const props: [string, Node][] = [];
    for (const [name, child] of Object.entries(s.properties)) {
      // metadata defaults are not applied (kube only allows them for name and generateName).
      if (root && name === 'metadata') continue;
      const c = isObject(child) ? compile(child) : undefined;
      if (c) props.push([name, c]);
    }
    if (props.length > 0) {
      node.properties = props;
      any = true;
    }
  }
  if (isObject(s.items)) {
    const c = compile(s.items);
    if (c) {
      node.items = c;
      any = true;
    }
  }
  if (isObject(s.additionalProperties)) {
    const c = compile(s.additionalProperties);
    if (c) {
      node.additional = c;
      any = true;
    }
  }
  return any ? node : undefined;
}

function fills(node: Node, v: unknown): boolean {
  return node.default !== undefined && (v === undefined || (v === null && !node.nullable));
}

function apply(node: Node, v: unknown): boolean {
  let changed = false;
  if (Array.isArray(v)) {
    if (!node.items) return false;
    for (let i = 0; i < v.length; i++) {
      if (fills(node.items, v[i])) {
        v[i] = deepClone(node.items.default);
        changed = true;
      }
      if (apply(node.items, v[i])) changed = true;
    }
    return changed;
  }
  if (!isObject(v)) return false;
  const known = node.properties ? new Set<string>() : undefined;
  if (node.properties) {
    for (const [name, child] of node.properties) {
      known!.add(name);
      const has = Object.prototype.hasOwnProperty.call(v, name);
      if (fills(child, has ? v[name] : undefined)) {
        v[name] = deepClone(child.default);
        changed = true;
      }
      if (Object.prototype.hasOwnProperty.call(v, name) && apply(child, v[name])) changed = true;
    }
  }
  if (node.additional) {
    for (const key of Object.keys(v)) {
      if (known?.has(key)) continue;
      if (fills(node.additional, v[key]) && v[key] === null) {
        v[key] = deepClone(node.additional.default);
        changed = true;
      }
      if (apply(node.additional, v[key])) changed = true;
    }
  }
  return changed;
}
