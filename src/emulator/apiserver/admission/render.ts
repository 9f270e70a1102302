// Field paths and values printed the way kube-apiserver prints them in a 422 message:
// paths as `spec.containers[0].ports[1]` / `data[key]`, values in Go's %#v syntax for maps,
// slices and structs (`map[string]string{"app":"web"}`), plain JSON for scalars.

import { jsonEqual } from './json';

export function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** `map[string]string{"a":"1", "b":"2"}` with sorted keys, as Go's fmt does. */
export function goStringMap(m: Record<string, string> | undefined | null): string {
  if (m == null) return 'map[string]string(nil)';
  const body = Object.keys(m)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(String(m[k]))}`)
    .join(', ');
  return `map[string]string{${body}}`;
}

export function goStringSlice(a: string[] | undefined | null): string {
  if (a == null) return '[]string(nil)';
  return `[]string{${a.map((s) => goQuote(String(s))).join(', ')}}`;
}

/** intstr.IntOrString as %#v prints it (Type 0 = Int, 1 = String). */
export function goIntOrString(v: unknown): string {
  if (typeof v === 'number') return `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`;
  return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(String(v ?? ''))}}`;
}

interface Requirement {
  key?: string;
  operator?: string;
  values?: string[];
}

/** v1.LabelSelector as %#v prints it. */
export function goLabelSelector(sel: { matchLabels?: Record<string, string>; matchExpressions?: Requirement[] } | undefined | null): string {
  if (sel == null) return 'null';
  const exprs =
    sel.matchExpressions == null
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${sel.matchExpressions
          .map((r) => `v1.LabelSelectorRequirement{Key:${goQuote(r.key ?? '')}, Operator:${goQuote(r.operator ?? '')}, Values:${goStringSlice(r.values)}}`)
          .join(', ')}}`;
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprs}}`;
}

/**
 * The leaves that differ between two JSON values, as `- path: old` / `+ path: new` lines; the
 * pod-update error appends this so users see what they changed (kube appends a Go struct diff).
 */
export function jsonDiffLines(before: unknown, after: unknown, path = ''): string[] {
  if (jsonEqual(before, after)) return [];
  const bothObjects = before != null && after != null && typeof before === 'object' && typeof after === 'object';
  if (bothObjects && Array.isArray(before) === Array.isArray(after)) {
    const out: string[] = [];
    if (Array.isArray(before)) {
      const a = after as unknown[];
      for (let i = 0; i < Math.max(before.length, a.length); i++) out.push(...jsonDiffLines(before[i], a[i], index(path, i)));
    } else {
      const b = before as Record<string, unknown>;
      const a = after as Record<string, unknown>;
      for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) out.push(...jsonDiffLines(b[k], a[k], child(path, k)));
    }
    return out;
  }
  const lines: string[] = [];
  if (before !== undefined) lines.push(`- ${path}: ${JSON.stringify(before)}`);
  if (after !== undefined) lines.push(`+ ${path}: ${JSON.stringify(after)}`);
  return lines;
}
