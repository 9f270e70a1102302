// A set of field paths, stored as a trie whose shape IS the managedFields fieldsV1 format:
// each child is keyed by a path element (`f:<field>`, `k:<json key>`, `v:<json value>`,
// `i:<index>`), and a node that is itself in the set carries `.` when it also has children.

import { isObject } from './json-value';
import { sortSmall } from './sort-small';

export class FieldSet {
  private isMember = false;
  // Most nodes are leaves: their child map is allocated only when a child is added.
  private kids: Map<string, FieldSet> | undefined;
  // A node made from canonical fieldsV1 (fromCanonical) keeps it, with its children, until they
  // are first read: most such subtrees are only written back out as they came.
  private canonical: Record<string, unknown> | undefined;

  /** This path itself is in the set. */
  get member(): boolean {
    return this.isMember;
  }

  set member(v: boolean) {
    this.isMember = v;
    // The kept fieldsV1 says whether the node is a member: changing that reads it out first.
    if (this.canonical) this.expand();
  }

  /** Children by path element; read-only (use child/setChild/deleteChild to change). */
  get children(): ReadonlyMap<string, FieldSet> {
    return this.ownKids() ?? NO_CHILDREN;
  }

  private ownKids(): Map<string, FieldSet> | undefined {
    if (this.canonical) this.expand();
    return this.kids;
  }

  /** Reads the kept fieldsV1's children, each kept as its own fieldsV1 in turn. */
  private expand(): void {
    const fields = this.canonical as Record<string, unknown>;
    this.canonical = undefined;
    const kids = (this.kids = new Map());
    for (const pe in fields) if (pe !== '.') kids.set(pe, FieldSet.fromCanonical(fields[pe] as Record<string, unknown>));
  }

  /**
   * The set a canonical fieldsV1 (see isCanonicalFieldsV1) reads as, `fields` kept as it is (never
   * changed: toFieldsV1 gives it back, so it must not be changed elsewhere either). `root`: a
   * whole set (a manager's), where `{}` is the empty set; below the root it is a member leaf.
   */
  static fromCanonical(fields: Record<string, unknown>, root = false): FieldSet {
    const s = new FieldSet();
    if ('.' in fields || (!root && !hasKeys(fields))) s.isMember = true;
    // A canonical fieldsV1 has no lone ".": with keys it has children.
    if (hasKeys(fields)) s.canonical = fields;
    return s;
  }

  setChild(pe: string, c: FieldSet): void {
    if (this.canonical) this.expand();
    (this.kids ??= new Map()).set(pe, c);
  }

  deleteChild(pe: string): void {
    this.ownKids()?.delete(pe);
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
    let c = this.ownKids()?.get(pe);
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

  /** Some path is in both sets. */
  overlaps(other: FieldSet): boolean {
    if (this.member && other.member) return true;
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      if (o && c.overlaps(o)) return true;
    }
    return false;
  }

  /** Some path is in this set and in `fields`, a canonical fieldsV1 (see isCanonicalFieldsV1), read as is. */
  overlapsFieldsV1(fields: Record<string, unknown>): boolean {
    for (const [pe, c] of this.children) {
      const o = fields[pe] as Record<string, unknown> | undefined;
      if (o === undefined) continue;
      if (c.member && (!hasKeys(o) || '.' in o)) return true;
      if ((c.kids || c.canonical) && c.overlapsFieldsV1(o)) return true;
    }
    return false;
  }

  isEmpty(): boolean {
    // (A kept fieldsV1 with keys has some path: canonical fieldsV1 has no empty sets.)
    if (this.isMember || this.canonical) return false;
    for (const c of this.children.values()) if (!c.isEmpty()) return false;
    return true;
  }

  clone(): FieldSet {
    const s = new FieldSet();
    s.isMember = this.isMember;
    // A kept fieldsV1 is never changed: the copy keeps it too.
    if (this.canonical) {
      s.canonical = this.canonical;
      return s;
    }
    for (const [pe, c] of this.children) s.setChild(pe, c.clone());
    return s;
  }

  union(other: FieldSet): FieldSet {
    const s = this.clone();
    s.addAll(other);
    return s;
  }

  /**
   * union() without the copies, for two sets the caller just built and owns (no one else holds
   * them), `other` never used again on its own: adds `other`'s paths to this set and returns it,
   * taking over the subtrees of `other` that this set lacks instead of copying them.
   */
  absorb(other: FieldSet): FieldSet {
    if (other.member) this.member = true;
    for (const [pe, c] of other.children) {
      const mine = this.ownKids()?.get(pe);
      if (mine) mine.absorb(c);
      else this.setChild(pe, c);
    }
    return this;
  }

  private addAll(other: FieldSet): void {
    if (other.member) this.member = true;
    for (const [pe, c] of other.children) {
      const mine = this.ownKids()?.get(pe);
      // (A copy of a kept fieldsV1 keeps it: no need to read it.)
      if (mine) mine.addAll(c);
      else this.setChild(pe, c.clone());
    }
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
    if (this.canonical) return this.canonical;
    // Most nodes are leaves: no key array or iterator for them.
    const kids = this.kids;
    if (!kids || kids.size === 0) return {};
    const out: Record<string, unknown> = {};
    if (this.member) out['.'] = {};
    if (kids.size === 1) {
      // Nothing to sort (many nodes have one child): no key array.
      for (const [pe, c] of kids) {
        const sub = c.toFieldsV1();
        if (c.member || hasKeys(sub)) out[pe] = sub;
      }
      return out;
    }
    for (const pe of sortedElements(kids.keys())) {
      const c = kids.get(pe) as FieldSet;
      // A child is empty (and left out) exactly when it is no member and its own output is {}:
      // testing that on the output saves an isEmpty() walk per level (quadratic in depth).
      const sub = c.toFieldsV1();
      if (c.member || hasKeys(sub)) out[pe] = sub;
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

/**
 * /^[fkvi]:/.test(pe) without the regex: every status write checks each key of the stored
 * managers' fieldsV1 (a pod creator's ~150), and the regex call was a third of that check.
 */
function isPathElement(pe: string): boolean {
  if (pe.charCodeAt(1) !== 58 /* : */) return false;
  const c = pe.charCodeAt(0);
  return c === 102 /* f */ || c === 107 /* k */ || c === 118 /* v */ || c === 105 /* i */;
}

/**
 * Whether `fields` is exactly what FieldSet.fromFieldsV1(fields).toFieldsV1() gives back (keys in
 * order, `.` only first and only beside children, no empty sets): such a stored entry can be
 * written back as it is, and read without decoding. Everything this API server writes is.
 */
export function isCanonicalFieldsV1(fields: unknown): fields is Record<string, unknown> {
  if (!isObject(fields)) return false;
  let prev: string | undefined;
  let first = true;
  let children = 0;
  for (const pe in fields) {
    const v = fields[pe];
    if (!isObject(v)) return false;
    if (pe === '.') {
      if (!first || hasKeys(v)) return false;
    } else {
      if (!isPathElement(pe) || (prev !== undefined && !(compareElements(prev, pe) < 0))) return false;
      if (hasKeys(v) && !isCanonicalFieldsV1(v)) return false;
      prev = pe;
      children++;
    }
    first = false;
  }
  // A lone "." reads as a member without children, which is written back as {}.
  return first || children > 0;
}

function hasKeys(o: Record<string, unknown>): boolean {
  for (const _ in o) return true;
  return false;
}

const ORDER: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** structured-merge-diff's order: field names, then keys, then values, then indexes. */
function sortedElements(keys: Iterable<string>): string[] {
  return sortSmall(Array.from(keys), compareElements);
}

/** structured-merge-diff's order of two path elements (see sortedElements). */
function compareElements(a: string, b: string): number {
  return a[0] === b[0] ? (a[0] === 'i' ? Number(a.slice(2)) - Number(b.slice(2)) : a < b ? -1 : a > b ? 1 : 0) : ORDER[a[0]] - ORDER[b[0]];
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
