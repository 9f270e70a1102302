// The API server names fields in two notations: validation causes use `spec.containers[0].image`,
// server-side apply uses `.spec.containers[name="web"].image` (and `.metadata.labels.app.kubernetes.io/name`
// with dots inside keys). Both are resolved against the object into a path the document can locate.

function quoteKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : `["${key.replace(/["\\]/g, '\\$&')}"]`;
}

/** Builds `spec.containers[0].image` / `metadata.labels["app.kubernetes.io/name"]` from parts. */
export function joinFieldPath(parts: readonly (string | number)[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const q = quoteKey(p);
      out += q.startsWith('[') || out === '' ? q : `.${q}`;
    }
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Parses `name="web",port=80` (SSA list-map keys); values are JSON. */
function parseKeyFields(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(`{${text.replace(/(^|,)([A-Za-z0-9_.-]+)=/g, '$1"$2":')}}`) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The index of the list item a bracket selects: `[0]`, `[name="web"]` or a set value `[="x"]`. */
function selectItem(list: unknown[], selector: string): number {
  if (/^\d+$/.test(selector)) return Number(selector);
  if (selector.startsWith('=')) {
    let value: unknown;
    try {
      value = JSON.parse(selector.slice(1));
    } catch {
      return -1;
    }
    return list.findIndex((item) => JSON.stringify(item) === JSON.stringify(value));
  }
  const keys = parseKeyFields(selector);
  if (!keys) return -1;
  return list.findIndex((item) => isRecord(item) && Object.entries(keys).every(([k, v]) => JSON.stringify(item[k]) === JSON.stringify(v)));
}

/** Length of the bracket's content, honouring quoted strings that may contain `]`. */
function bracketEnd(text: string, open: number): number {
  let inString = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ']') return i;
  }
  return -1;
}

/**
 * Resolves a server field path against `object` into document path parts. A list selector that
 * matches nothing ends the path there, so the document points at the nearest existing parent.
 */
export function resolveFieldPath(object: unknown, field: string): (string | number)[] {
  const parts: (string | number)[] = [];
  let node: unknown = object;
  let rest = field.trim();
  if (rest && !rest.startsWith('.') && !rest.startsWith('[')) rest = `.${rest}`;
  while (rest.length > 0) {
    if (rest.startsWith('[')) {
      const end = bracketEnd(rest, 0);
      if (end < 0) break;
      const selector = rest.slice(1, end);
      rest = rest.slice(end + 1);
      if (Array.isArray(node)) {
        const i = selectItem(node, selector);
        if (i < 0) break;
        parts.push(i);
        node = node[i];
      } else if (isRecord(node) && selector.startsWith('"')) {
        // `["app.kubernetes.io/name"]` from our own notation.
        const key = JSON.parse(selector) as string;
        parts.push(key);
        node = node[key];
      } else break;
      continue;
    }
    if (!rest.startsWith('.')) break;
    rest = rest.slice(1);
    // Keys may contain dots (label keys): prefer the longest key of the object that fits.
    let key: string | undefined;
    if (isRecord(node)) {
      for (const k of Object.keys(node)) {
        const next = rest[k.length];
        if (rest.startsWith(k) && (next === undefined || next === '.' || next === '[') && (key === undefined || k.length > key.length)) key = k;
      }
    }
    if (key === undefined) key = /^[^.[]*/.exec(rest)?.[0] ?? rest;
    parts.push(key);
    rest = rest.slice(key.length);
    node = isRecord(node) ? node[key] : undefined;
  }
  return parts;
}

/** A server field path as a document field path string (for `ManifestDocument.rangeOf`). */
export function documentFieldPath(object: unknown, field: string): string {
  return joinFieldPath(resolveFieldPath(object, field));
}
