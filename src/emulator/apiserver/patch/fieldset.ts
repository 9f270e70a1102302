// A set of field paths, stored as a trie whose shape IS the managedFields fieldsV1 format:
// each child is keyed by a path element (`f:<field>`, `k:<json key>`, `v:<json value>`,
// `i:<index>`), and a node that is itself in the set carries `.` when it also has children.

import { isObject } from './json-value';

export class FieldSet {
  /** This path itself is in the set. */
  member = false;
  // Most nodes are leaves: their child map is allocated only when a child is added.
  private kids: Map<string, FieldSet> | undefined;

  /** Children by path element; read-only (use child/setChild/deleteChild to change). */
  get children(): ReadonlyMap<string, FieldSet> {
    return this.kids ?? NO_CHILDREN;
  }

  setChild(pe: string, c: FieldSet): void {
    (this.kids ??= new Map()).set(pe, c);
  }

  deleteChild(pe: string): void {
    this.kids?.delete(pe);
  }

  static fromPaths(paths: string[][]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Adds a path (a list of path elements such as ['f:spec', 'f:replicas']). */
  insert(path: readonly string[]): void {
    if (path.length === 0) {
      this.member = true;
      return;
    }
    let node = this.child(path[0]);
    for (let i = 1; i < path.length; i++) node = node.child(path[i]);
    node.member = true;
  }

  child(pe: string): FieldSet {
    let c = this.kids?.get(pe);
    if (!c) {
      c = new FieldSet();
      this.setChild(pe, c);
    }
    return c;
  }

  has(path: readonly string[]): boolean {
    if (path.length === 0) return this.member;
    let node = this.children.get(path[0]);
    for (let i = 1; node && i < path.length; i++) node = node.children.get(path[i]);
    return !!node?.member;
  }

  isEmpty(): boolean {
    if (this.member) return false;
    for (const c of this.children.values()) if (!c.isEmpty()) return false;
    return true;
  }

  clone(): FieldSet {
    const s = new FieldSet();
    s.member = this.member;
    for (const [pe, c] of this.children) s.setChild(pe, c.clone());
    return s;
  }

  union(other: FieldSet): FieldSet {
    const s = this.clone();
    s.addAll(other);
    return s;
  }

  private addAll(other: FieldSet): void {
    if (other.member) this.member = true;
    for (const [pe, c] of other.children) this.child(pe).addAll(c);
  }

  /** Paths in this set and not in `other` (exact paths; children of removed paths stay). */
  difference(other: FieldSet): FieldSet {
    return this.combine(other, (a, b) => a && !b, false);
  }

  intersection(other: FieldSet): FieldSet {
    return this.combine(other, (a, b) => a && b, true);
  }

  /** Paths in this set that are neither in `other` nor below a path of `other`. */
  recursiveDifference(other: FieldSet): FieldSet {
    const s = new FieldSet();
    s.member = this.member && !other.member;
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      if (!o) s.setChild(pe, c.clone());
      else if (!o.member) {
        const d = c.recursiveDifference(o);
        if (d.member || d.children.size > 0) s.setChild(pe, d);
      }
    }
    return s;
  }

  private combine(other: FieldSet, keep: (a: boolean, b: boolean) => boolean, onlyShared: boolean): FieldSet {
    const s = new FieldSet();
    s.member = keep(this.member, other.member);
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      if (!o) {
        if (!onlyShared) s.setChild(pe, c.clone());
        continue;
      }
      const d = c.combine(o, keep, onlyShared);
      if (d.member || d.children.size > 0) s.setChild(pe, d);
    }
    return s;
  }

  /** Every path in the set, parents before children, elements in fieldsV1 order. */
  paths(): string[][] {
    const out: string[][] = [];
    const walk = (node: FieldSet, prefix: string[]) => {
      for (const pe of sortedElements(node.children.keys())) {
        const c = node.children.get(pe) as FieldSet;
        const p = [...prefix, pe];
        if (c.member) out.push(p);
        walk(c, p);
      }
    };
    walk(this, []);
    return out;
  }

  /** The fieldsV1 JSON of this set (keys sorted as kube-apiserver writes them). */
  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.member && this.children.size > 0) out['.'] = {};
    for (const pe of sortedElements(this.children.keys())) {
      const c = this.children.get(pe) as FieldSet;
      if (!c.isEmpty()) out[pe] = c.toFieldsV1();
    }
    return out;
  }

  static fromFieldsV1(fields: unknown): FieldSet {
    const s = new FieldSet();
    s.readFieldsV1(fields);
    return s;
  }

  private readFieldsV1(fields: unknown): void {
    if (!isObject(fields)) throw new Error('fieldsV1 must be an object');
    for (const [pe, v] of Object.entries(fields)) {
      if (pe === '.') {
        this.member = true;
        continue;
      }
      if (!/^[fkvi]:/.test(pe)) throw new Error(`unexpected path element ${JSON.stringify(pe)}`);
      const c = this.child(pe);
      if (isObject(v) && Object.keys(v).length === 0) c.member = true;
      else c.readFieldsV1(v);
    }
  }
}

const NO_CHILDREN: ReadonlyMap<string, FieldSet> = new Map();

const ORDER: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** structured-merge-diff's order: field names, then keys, then values, then indexes. */
function sortedElements(keys: Iterable<string>): string[] {
  const list = [...keys];
  if (list.length < 2) return list;
  return list.sort((a, b) => (a[0] === b[0] ? (a[0] === 'i' ? Number(a.slice(2)) - Number(b.slice(2)) : a < b ? -1 : a > b ? 1 : 0) : ORDER[a[0]] - ORDER[b[0]]));
}

function valueString(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : isObject(v) || Array.isArray(v) ? JSON.stringify(v) : String(v);
}

/** One path element as kube-apiserver prints it: `.name`, `[name="web"]`, `[="value"]`, `[3]`. */
export function pathElementString(pe: string): string {
  const body = pe.slice(2);
  switch (pe[0]) {
    case 'f':
      return `.${body}`;
    case 'k': {
      const key = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.keys(key)
        .map((k) => `${k}=${valueString(key[k])}`)
        .join(',')}]`;
    }
    case 'v':
      return `[=${valueString(JSON.parse(body))}]`;
    default:
      return `[${body}]`;
  }
}

export function pathString(path: readonly string[]): string {
  return path.map(pathElementString).join('');
}

/** The fields of a managedFields entry as human paths, e.g. `.spec.template.spec.containers[name="web"].image`. */
export function fieldsV1ToPaths(fieldsV1: unknown): string[] {
  return FieldSet.fromFieldsV1(fieldsV1)
    .paths()
    .map(pathString);
}
