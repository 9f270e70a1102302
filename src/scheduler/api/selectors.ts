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

type Requirement = (labels: Record<string, string>) => boolean;

const NOTHING: LabelMatcher = { matches: () => false, nothing: true, everything: false };
const EVERYTHING: LabelMatcher = { matches: () => true, nothing: false, everything: true };

function requirement(key: string, operator: string, values: readonly string[] = []): Requirement {
  switch (operator) {
    case 'In': {
      if (values.length === 1) {
        const v = values[0];
        return (l) => l[key] === v;
      }
      const set = new Set(values);
      return (l) => key in l && set.has(l[key]);
    }
    case 'NotIn': {
      const set = new Set(values);
      return (l) => !(key in l) || !set.has(l[key]);
    }
    case 'Exists':
      return (l) => key in l;
    case 'DoesNotExist':
      return (l) => !(key in l);
    case 'Gt':
    case 'Lt': {
      const bound = Number.parseInt(values[0] ?? '', 10);
      if (values.length !== 1 || Number.isNaN(bound)) return () => false;
      return (l) => {
        if (!(key in l)) return false;
        const v = Number.parseInt(l[key], 10);
        if (Number.isNaN(v)) return false;
        return operator === 'Gt' ? v > bound : v < bound;
      };
    }
    default:
      return () => false;
  }
}

function fromRequirements(reqs: Requirement[]): LabelMatcher {
  if (reqs.length === 0) return EVERYTHING;
  if (reqs.length === 1) {
    const r = reqs[0];
    return { matches: (l) => r(l ?? {}), nothing: false, everything: false };
  }
  return {
    matches: (l) => {
      const labels = l ?? {};
      for (const r of reqs) if (!r(labels)) return false;
      return true;
    },
    nothing: false,
    everything: false,
  };
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

function fieldRequirement(r: NodeSelectorRequirement): (node: Node) => boolean {
  // Only metadata.name is a supported field, with In and NotIn.
  if (r.key !== 'metadata.name' || (r.operator !== 'In' && r.operator !== 'NotIn')) return () => false;
  const set = new Set(r.values ?? []);
  return r.operator === 'In' ? (n) => set.has(n.metadata.name ?? '') : (n) => !set.has(n.metadata.name ?? '');
}

export type NodeTermMatcher = (node: Node) => boolean;

/** One NodeSelectorTerm: all expressions and fields must match; an empty term matches nothing. */
export function compileNodeSelectorTerm(term: NodeSelectorTerm): NodeTermMatcher {
  const exprs = (term.matchExpressions ?? []).map((e) => requirement(e.key, e.operator, e.values));
  const fields = (term.matchFields ?? []).map(fieldRequirement);
  if (exprs.length === 0 && fields.length === 0) return () => false;
  return (node) => {
    const labels = node.metadata.labels ?? {};
    for (const r of exprs) if (!r(labels)) return false;
    for (const f of fields) if (!f(node)) return false;
    return true;
  };
}

/** A NodeSelector: any term may match (terms are ORed). */
export function compileNodeSelector(sel: NodeSelector): NodeTermMatcher {
  const terms = (sel.nodeSelectorTerms ?? []).map(compileNodeSelectorTerm);
  return (node) => {
    for (const t of terms) if (t(node)) return true;
    return false;
  };
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
