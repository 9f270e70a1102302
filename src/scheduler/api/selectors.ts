// Label selectors and node selectors compiled once into matchers, because the
// scheduler evaluates the same selector against thousands of pods and nodes per cycle.
import type { LabelSelector, Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm } from './types';

export type Labels = Record<string, string> | undefined;

export interface LabelMatcher {
  matches(labels: Labels): boolean;
  /** True for a selector that matches nothing (a nil selector in affinity terms). */
  readonly nothing: boolean;
  readonly everything: boolean;
}

// Selectors are compiled to data read by one shared matcher, not to closures: V8 optimizes
// a function per closure instance, so thousands of per-pod closures would each stay cold.
const enum Op {
  Equals,
  In,
  NotIn,
  Exists,
  DoesNotExist,
  Gt,
  Lt,
  Never,
}

interface Requirement {
  key: string;
  op: Op;
  value: string;
  values: Set<string> | undefined;
  bound: number;
}

const EMPTY_LABELS: Record<string, string> = {};

function requirement(key: string, operator: string, values: readonly string[] = []): Requirement {
  const r: Requirement = { key, op: Op.Never, value: '', values: undefined, bound: 0 };
  switch (operator) {
    case 'In':
      if (values.length === 1) {
        r.op = Op.Equals;
        r.value = values[0];
      } else {
        r.op = Op.In;
        r.values = new Set(values);
      }
      break;
    case 'NotIn':
      r.op = Op.NotIn;
      r.values = new Set(values);
      break;
    case 'Exists':
      r.op = Op.Exists;
      break;
    case 'DoesNotExist':
      r.op = Op.DoesNotExist;
      break;
    case 'Gt':
    case 'Lt': {
      const bound = Number.parseInt(values[0] ?? '', 10);
      if (values.length === 1 && !Number.isNaN(bound)) {
        r.op = operator === 'Gt' ? Op.Gt : Op.Lt;
        r.bound = bound;
      }
      break;
    }
  }
  return r;
}

function requirementMatches(r: Requirement, l: Record<string, string>): boolean {
  switch (r.op) {
    case Op.Equals:
      return l[r.key] === r.value;
    case Op.In: {
      const v = l[r.key];
      return v !== undefined && r.values!.has(v);
    }
    case Op.NotIn: {
      const v = l[r.key];
      return v === undefined || !r.values!.has(v);
    }
    case Op.Exists:
      return l[r.key] !== undefined;
    case Op.DoesNotExist:
      return l[r.key] === undefined;
    case Op.Gt:
    case Op.Lt: {
      const raw = l[r.key];
      if (raw === undefined) return false;
      const v = Number.parseInt(raw, 10);
      if (Number.isNaN(v)) return false;
      return r.op === Op.Gt ? v > r.bound : v < r.bound;
    }
    default:
      return false;
  }
}

class CompiledSelector implements LabelMatcher {
  constructor(
    private readonly reqs: readonly Requirement[],
    readonly nothing: boolean,
    readonly everything: boolean,
  ) {}

  matches(labels: Labels): boolean {
    if (this.nothing) return false;
    const l = labels ?? EMPTY_LABELS;
    const reqs = this.reqs;
    for (let i = 0; i < reqs.length; i++) if (!requirementMatches(reqs[i], l)) return false;
    return true;
  }
}

const NOTHING: LabelMatcher = new CompiledSelector([], true, false);
const EVERYTHING: LabelMatcher = new CompiledSelector([], false, true);

function fromRequirements(reqs: Requirement[]): LabelMatcher {
  return reqs.length === 0 ? EVERYTHING : new CompiledSelector(reqs, false, false);
}

/** metav1.LabelSelectorAsSelector: nil matches nothing, {} matches everything. */
export function compileLabelSelector(sel: LabelSelector | null | undefined): LabelMatcher {
  if (!sel) return NOTHING;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push(requirement(k, 'In', [v]));
  for (const e of sel.matchExpressions ?? []) reqs.push(requirement(e.key, e.operator, e.values));
  return fromRequirements(reqs);
}

/** A map selector as Services and ReplicationControllers use: empty matches nothing. */
export function compileMapSelector(sel: Record<string, string> | null | undefined): LabelMatcher {
  if (!sel || Object.keys(sel).length === 0) return NOTHING;
  return compileLabelSelector({ matchLabels: sel });
}

/** A compiled selector plus `key=value` requirements (matchLabelKeys adds these). */
export function withExtraLabels(sel: LabelSelector | null | undefined, extra: Record<string, string>): LabelSelector | null | undefined {
  if (!sel || Object.keys(extra).length === 0) return sel;
  return { matchLabels: { ...(sel.matchLabels ?? {}), ...extra }, matchExpressions: sel.matchExpressions };
}

interface FieldRequirement {
  names: Set<string>;
  include: boolean;
  valid: boolean;
}

function fieldRequirement(r: NodeSelectorRequirement): FieldRequirement {
  // Only metadata.name is a supported field, with In and NotIn.
  const valid = r.key === 'metadata.name' && (r.operator === 'In' || r.operator === 'NotIn');
  return { names: new Set(r.values ?? []), include: r.operator === 'In', valid };
}

/** One NodeSelectorTerm: all expressions and fields must match; an empty term matches nothing. */
export class NodeTermMatcher {
  private readonly exprs: Requirement[];
  private readonly fields: FieldRequirement[];

  constructor(term: NodeSelectorTerm) {
    this.exprs = (term.matchExpressions ?? []).map((e) => requirement(e.key, e.operator, e.values));
    this.fields = (term.matchFields ?? []).map(fieldRequirement);
  }

  match(node: Node): boolean {
    if (this.exprs.length === 0 && this.fields.length === 0) return false;
    const labels = node.metadata.labels ?? EMPTY_LABELS;
    for (const r of this.exprs) if (!requirementMatches(r, labels)) return false;
    for (const f of this.fields) {
      if (!f.valid || f.names.has(node.metadata.name ?? '') !== f.include) return false;
    }
    return true;
  }
}

export function compileNodeSelectorTerm(term: NodeSelectorTerm): NodeTermMatcher {
  return new NodeTermMatcher(term);
}

/** A NodeSelector: any term may match (terms are ORed). */
export class NodeSelectorMatcher {
  private readonly terms: NodeTermMatcher[];

  constructor(sel: NodeSelector) {
    this.terms = (sel.nodeSelectorTerms ?? []).map((t) => new NodeTermMatcher(t));
  }

  match(node: Node): boolean {
    for (const t of this.terms) if (t.match(node)) return true;
    return false;
  }
}

export function compileNodeSelector(sel: NodeSelector): NodeSelectorMatcher {
  return new NodeSelectorMatcher(sel);
}

/** The node names a NodeSelector pins with `matchFields metadata.name In`, if every term does. */
export function nodeNamesFromSelector(sel: NodeSelector): Set<string> | undefined {
  const names = new Set<string>();
  for (const term of sel.nodeSelectorTerms ?? []) {
    const f = (term.matchFields ?? []).find((r) => r.key === 'metadata.name' && r.operator === 'In');
    if (!f) return undefined;
    for (const v of f.values ?? []) names.add(v);
  }
  return names.size > 0 || (sel.nodeSelectorTerms ?? []).length > 0 ? names : undefined;
}
