// Label and field selectors as kube-apiserver parses them (`app=web,tier!=db`,
// `env in (a,b)`, `!legacy`, `spec.nodeName=whale1`). Shared by the emulator's API server
// and the extension, so both agree on what a selector matches.

export type LabelOperator = 'in' | 'notin' | 'exists' | '!' | '=' | '==' | '!=' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export type LabelSelector = LabelRequirement[];

export class SelectorParseError extends Error {}

const KEY_CHARS = /^[A-Za-z0-9._\-/]+$/;

function splitTopLevel(text: string): string[] {
  // Commas inside `in (a,b)` belong to the set, not the selector list.
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p, i, all) => p.length > 0 || all.length > 1);
}

function checkKey(key: string, whole: string): string {
  if (!key || !KEY_CHARS.test(key)) throw new SelectorParseError(`unable to parse requirement: invalid label key "${key}" in "${whole}"`);
  return key;
}

function checkValue(value: string, whole: string): string {
  if (value.length > 63 || !/^([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?$/.test(value)) {
    throw new SelectorParseError(`unable to parse requirement: invalid label value: "${value}" in "${whole}"`);
  }
  return value;
}

/** Parses a label selector string; throws SelectorParseError with kube-apiserver-like wording. */
export function parseLabelSelector(text: string): LabelSelector {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const out: LabelSelector = [];
  for (const part of splitTopLevel(trimmed)) {
    if (!part) throw new SelectorParseError(`found '', expected: identifier`);
    const set = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(part);
    if (set) {
      const values = set[3].split(',').map((v) => checkValue(v.trim(), part));
      out.push({ key: checkKey(set[1], part), operator: set[2] as 'in' | 'notin', values });
      continue;
    }
    if (part.startsWith('!')) {
      out.push({ key: checkKey(part.slice(1).trim(), part), operator: '!', values: [] });
      continue;
    }
    const op = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(part);
    if (op) {
      const operator: LabelOperator = op[2] === '<' ? 'lt' : op[2] === '>' ? 'gt' : (op[2] as LabelOperator);
      if ((operator === 'gt' || operator === 'lt') && !/^-?\d+$/.test(op[3])) {
        throw new SelectorParseError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
      }
      out.push({ key: checkKey(op[1], part), operator, values: [checkValue(op[3].trim(), part)] });
      continue;
    }
    out.push({ key: checkKey(part, part), operator: 'exists', values: [] });
  }
  return out;
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | null | undefined): boolean {
  for (const r of selector) {
    // null: a JSON object may say `labels: null`, which selects like no labels.
    const has = labels != null && Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = has ? labels![r.key] : undefined;
    switch (r.operator) {
      case '=':
      case '==':
      case 'in':
        if (!has || !r.values.includes(value!)) return false;
        break;
      case '!=':
      case 'notin':
        if (has && r.values.includes(value!)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(value!)) return false;
        const n = Number(value);
        const bound = Number(r.values[0]);
        if (r.operator === 'gt' ? !(n > bound) : !(n < bound)) return false;
        break;
      }
    }
  }
  return true;
}

/** A metav1.LabelSelector (matchLabels + matchExpressions), as PDBs and workloads carry it. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

const SPEC_OPERATORS: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

export function labelSelectorFromSpec(spec: LabelSelectorSpec | undefined): LabelSelector {
  const out: LabelSelector = [];
  for (const [key, value] of Object.entries(spec?.matchLabels ?? {})) out.push({ key, operator: '=', values: [value] });
  for (const e of spec?.matchExpressions ?? []) {
    const operator = SPEC_OPERATORS[e.operator as string] as LabelOperator | undefined;
    // kube's LabelSelectorAsSelector rejects an unknown operator; a selector that failed to
    // convert selects nothing, which `in` with no values says.
    if (!operator) out.push({ key: e.key, operator: 'in', values: [] });
    else out.push({ key: e.key, operator, values: e.values ?? [] });
  }
  return out;
}

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export type FieldSelector = FieldRequirement[];

/** Parses `a=b,c!=d` (also `==`); backslash escapes `,` `=` `!` and `\` in values. */
export function parseFieldSelector(text: string): FieldSelector {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const out: FieldSelector = [];
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i];
    if (c === '\\' && i + 1 < trimmed.length) {
      current += c + trimmed[++i];
    } else if (c === ',') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  for (const part of parts) {
    const m = /^([^=!]+?)\s*(==|!=|=)(.*)$/.exec(part.trim());
    if (!m) throw new SelectorParseError(`invalid selector: '${part}'; can't understand '${part}'`);
    out.push({ field: m[1].trim(), operator: m[2] === '!=' ? '!=' : '=', value: m[3].trim().replace(/\\(.)/g, '$1') });
  }
  return out;
}

/** Matches against the flat field set of an object (see fieldSetOf in the API server). */
export function matchesFields(selector: FieldSelector, fields: Record<string, string>): boolean {
  for (const r of selector) if (!fieldRequirementMet(r, fields[r.field] ?? '')) return false;
  return true;
}

/** Whether a field's value (as selectors compare it: "" when absent) meets one requirement. */
export function fieldRequirementMet(r: FieldRequirement, value: string): boolean {
  return r.operator === '=' ? value === r.value : value !== r.value;
}

const asList = (v: unknown): any[] => (Array.isArray(v) ? v : []);

/** metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key; "" for none. */
export function formatLabelSelector(selector: any): string {
  if (!selector || typeof selector !== 'object') return '';
  const reqs: { key: string; text: string }[] = [];
  const matchLabels = selector.matchLabels && typeof selector.matchLabels === 'object' ? selector.matchLabels : {};
  for (const [k, v] of Object.entries(matchLabels)) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of asList(selector.matchExpressions)) {
    if (!e || typeof e !== 'object') continue;
    const values = asList(e.values).map(String).sort().join(',');
    const text =
      e.operator === 'In' ? `${e.key} in (${values})`
        : e.operator === 'NotIn' ? `${e.key} notin (${values})`
          : e.operator === 'Exists' ? `${e.key}`
            : e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key}`;
    reqs.push({ key: String(e.key), text });
  }
  // A stable sort by key keeps matchLabels before expressions on the same key, as Go does.
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((r) => r.text).join(',');
}
