// Stored objects kept as a shared template and one string of their own values. 150,000 pods
// of a few workloads differ in their names, uids, IPs, node names, timestamps and container
// IDs (~400 B) and repeat the rest of their JSON (~2 KB: keys, images, mounts, tolerations,
// conditions' types, phases); their ~600,000 Events differ in names, uids, times and hosts
// (~160 B of ~650). The text is cut around string values likely to be an object's own: under
// a key that names, times, addresses or identifies (OWN_KEYS), starting with a digit, or a
// message holding one. The rest, with a NUL where each cut was, is looked up in a bounded
// table of templates; the cut values are joined by NUL into the object's own string. A
// compact JSON text never holds a raw NUL (control characters are escaped), so the cuts are
// unambiguous; text that holds one is kept whole. Rendering gives back exactly the text.

const SEP = '\u0000';
const BACKSLASH = 92;

/** A shared text with holes: pieces[0] own[0] pieces[1] ... own[n-1] pieces[n]. */
export interface ValueTemplate {
  readonly pieces: readonly string[];
  /** The pieces' total length. */
  readonly length: number;
}

/**
 * A text as its template and its own values (joined by NUL). An own value equal to one of the
 * BACK values before it (an Event's first and last timestamps, a pod's podIP and podIPs[0])
 * is kept as one character, \u0001 for the one just before it ... \u0008: JSON escapes
 * control characters, so no value is one of them.
 */
export class TemplatedText {
  constructor(
    readonly template: ValueTemplate,
    readonly own: string,
    /** The rendered text's length. */
    readonly length: number,
  ) {}

  /** The text, flat; with `insert` put in at offset `insertAt` when given (one copy, not two). */
  render(insertAt = -1, insert = ''): string {
    const pieces = this.template.pieces;
    const own = this.own;
    const parts = scratchParts;
    const vals = renderedValues;
    parts.length = 0;
    vals.length = 0;
    let length = 0;
    let pending = insertAt >= 0;
    let at = 0;
    for (let i = 0; i < pieces.length; i++) {
      if (i > 0) {
        // indexOf is a native search: ~2x faster here than comparing character by character.
        let j = own.indexOf(SEP, at);
        if (j < 0) j = own.length;
        const back = j - at === 1 ? own.charCodeAt(at) : 0;
        const v = back > 0 && back <= BACK ? vals[vals.length - back] : own.slice(at, j);
        vals.push(v);
        at = j + 1;
        if (pending && insertAt <= length + v.length) pending = pushSplit(parts, v, insertAt - length, insert);
        else parts.push(v);
        length += v.length;
      }
      const p = pieces[i];
      if (pending && insertAt <= length + p.length) pending = pushSplit(parts, p, insertAt - length, insert);
      else parts.push(p);
      length += p.length;
    }
    const text = parts.join('');
    parts.length = 0;
    vals.length = 0;
    return text;
  }
}

/** Pushes `part` with `insert` put in at offset k; returns false (nothing is pending any more). */
function pushSplit(parts: string[], part: string, k: number, insert: string): false {
  parts.push(part.slice(0, k), insert, part.slice(k));
  return false;
}

/** Reused by render: the own values rendered so far, for back-references. */
const renderedValues: string[] = [];

/** Reused by render (not re-entrant, never held). */
const scratchParts: string[] = [];

/** How far back an own value may refer to an equal one. */
const BACK = 8;
const BACK_REFS = Array.from({ length: BACK + 1 }, (_, d) => String.fromCharCode(d));

/**
 * Keys whose string values are an object's own in Kubernetes objects: names, uids, times,
 * addresses, hashes, container IDs, messages. Any other value is kept in the template unless
 * it starts with a digit (an address or a time under a key not listed). Values of other keys
 * that differ per object (a label holding the pod's name) only cost sharing: such an object
 * gets a template of its own.
 */
const OWN_KEYS = [
  'ip',
  'uid',
  'name',
  'host',
  'podIP',
  'hostIP',
  'podCIDR',
  'nodeName',
  'hostname',
  'startTime',
  'startedAt',
  'claimName',
  'renewTime',
  'eventTime',
  'clusterIP',
  'finishedAt',
  'containerID',
  'acquireTime',
  'generateName',
  'lastProbeTime',
  'lastTimestamp',
  'holderIdentity',
  'lastUpdateTime',
  'firstTimestamp',
  'controller-uid',
  'resourceVersion',
  'creationTimestamp',
  'deletionTimestamp',
  'lastHeartbeatTime',
  'pod-template-hash',
  'reportingInstance',
  'lastTransitionTime',
  'controller-revision-hash',
  'apps.kubernetes.io/pod-index',
  'batch.kubernetes.io/controller-uid',
  'statefulset.kubernetes.io/pod-name',
];

/** OWN_KEYS by length: a key is compared only with those of its length. */
const ownKeysByLength: (string[] | undefined)[] = [];
for (const k of OWN_KEYS) (ownKeysByLength[k.length] ??= []).push(k);

/**
 * `message` values are an object's own when they hold a digit ("Successfully assigned
 * default/web-1 to node-2"); the rest repeat ("Started container nginx") and stay shared.
 */
function isMessageWithDigit(t: string, keyStart: number, keyEnd: number, start: number, end: number): boolean {
  if (keyEnd - keyStart !== 7 || !t.startsWith('message', keyStart)) return false;
  for (let i = start; i < end; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function isOwnKey(t: string, start: number, end: number): boolean {
  const candidates = ownKeysByLength[end - start];
  if (candidates === undefined) return false;
  // The first character first: startsWith is a builtin call, ~5 % of templated's time (measured).
  const c = t.charCodeAt(start);
  for (const k of candidates) if (k.charCodeAt(0) === c && t.startsWith(k, start)) return true;
  return false;
}

/** [start, end) of each cut value's characters, found by the last call (reused). */
const cuts: number[] = [];
const scratchOwn: string[] = [];
/** The own values as they are (scratchOwn holds back-references). */
const values: string[] = [];

/** The index of the closing quote of the string whose opening quote is at `i`; -1 if none. */
function closingQuote(t: string, i: number): number {
  for (;;) {
    const q = t.indexOf('"', i + 1);
    if (q < 0) return -1;
    let backslashes = 0;
    while (t.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
    i = q;
  }
}

/**
 * text.lastIndexOf('"', i): a key is a few characters, and V8's lastIndexOf is a runtime call
 * that cost ~7 % of storedValue for a pod (measured).
 */
function keyOpening(t: string, i: number): number {
  while (i >= 0 && t.charCodeAt(i) !== QUOTE) i--;
  return i;
}

/** Texts longer than this are kept whole. */
const MAX_TEMPLATED = 64 * 1024;

/** Between a key's closing quote and its string value's opening quote in compact JSON. */
const KEY_VALUE = ':"';
const QUOTE = 34;

/**
 * The text as a template and its own values, or the text itself when nothing is cut (or it
 * holds a raw NUL). Neither keeps a reference to `text`. The text is `text` without
 * [skipFrom, skipTo) when given: the store's JSON without its managedFields span, templated
 * without first making that text (~2.5 KB copied per pod write), which is made only when it
 * is kept whole. The span must sit between JSON tokens outside any value (as the span does).
 */
export function templated(text: string, table: TemplateTable, skipFrom = 0, skipTo = 0): string | TemplatedText {
  const skip = skipTo - skipFrom;
  // Large objects (ConfigMaps, CRDs) rarely share their text and would fill the table.
  if (text.length - skip > MAX_TEMPLATED || holdsSep(text, skipFrom, skipTo)) return textWithout(text, skipFrom, skipTo);
  cuts.length = 0;
  // Only string values under a key are candidates, found by the `:"` after the key: ~60 in a
  // pod instead of ~170 strings in all. Any cuts would render back exactly (the template is
  // taken only when its pieces equal the text's); these are about what is shared.
  // A hash of what stays in the template, to find it in the table: each kept value's length
  // and first and last characters, and the length of the text between values (the skipped
  // text not counted: the hash is the one of the text without it).
  let hash = 0;
  let after = 0;
  for (let at = text.indexOf(KEY_VALUE); at >= 0; at = text.indexOf(KEY_VALUE, after)) {
    if (at >= skipFrom && at < skipTo) {
      at = text.indexOf(KEY_VALUE, skipTo);
      if (at < 0) break;
    }
    const start = at + 2;
    const end = closingQuote(text, at + 1);
    if (end < 0) break;
    // What was read runs into the skipped text (a string ending in `:` makes its closing
    // quote look like a key's, then the next quote its value's end): templated as cut.
    if (end >= skipFrom && at < skipTo) return templated(textWithout(text, skipFrom, skipTo), table);
    hash = (Math.imul(hash, 31) + start - after - (after <= skipFrom && start > skipFrom ? skip : 0)) | 0;
    after = end + 1;
    if (end === start || text.charCodeAt(at - 1) !== QUOTE) continue;
    const first = text.charCodeAt(start);
    const keyStart = first >= 48 && first <= 57 ? -1 : keyOpening(text, at - 2) + 1;
    if (keyStart < 0 || isOwnKey(text, keyStart, at - 1) || isMessageWithDigit(text, keyStart, at - 1, start, end)) {
      cuts.push(start, end);
      hash = (Math.imul(hash, 31) + 1) | 0;
    } else {
      hash = (Math.imul(hash, 31) + ((end - start) << 16) + (first << 8) + text.charCodeAt(end - 1)) | 0;
    }
  }
  if (cuts.length === 0) return textWithout(text, skipFrom, skipTo);
  hash = (Math.imul(hash, 31) + text.length - after - (after <= skipFrom ? skip : 0)) | 0;
  const own = scratchOwn;
  own.length = 0;
  for (let k = 0; k < cuts.length; k += 2) {
    const value = text.slice(cuts[k], cuts[k + 1]);
    let d = 1;
    // Lengths first: most values differ in length, and === of two strings is a builtin call.
    const n = value.length;
    while (d <= BACK && d <= own.length && (values[own.length - d].length !== n || values[own.length - d] !== value)) d++;
    values.push(value);
    own.push(d <= BACK && d <= own.length ? BACK_REFS[d] : value);
  }
  const ownText = own.join(SEP);
  own.length = 0;
  values.length = 0;
  return new TemplatedText(table.template(hash, text, cuts, skipFrom, skipTo), ownText, text.length - skip);
}

/** Whether `text` outside [skipFrom, skipTo) holds a NUL. */
function holdsSep(text: string, skipFrom: number, skipTo: number): boolean {
  const i = text.indexOf(SEP);
  return i >= 0 && (i < skipFrom || i >= skipTo || text.indexOf(SEP, skipTo) >= 0);
}

/** `text` without [skipFrom, skipTo), flat and holding no reference to `text`; `text` itself when nothing is skipped. */
function textWithout(text: string, skipFrom: number, skipTo: number): string {
  if (skipTo <= skipFrom) return text;
  const a = text.slice(0, skipFrom);
  const b = text.slice(skipTo);
  // Two non-empty parts (the span is inside metadata's braces): V8 joins them as a pair that
  // still pins the whole text; reading a character copies them into one flat string and
  // drops the pair's references (cheaper than ownCopy's slice by ~30 B per value, measured).
  // With one part empty, the join would be a slice of `text`: a character is added, then cut.
  const joined = a.length > 0 && b.length > 0 ? a + b : ' ' + a + b;
  joined.charCodeAt(0);
  return joined.length === text.length - (skipTo - skipFrom) ? joined : joined.slice(1);
}

/** Whether `p` is text's [from, to) without [skipFrom, skipTo) when that lies within it. */
function samePiece(p: string, text: string, from: number, to: number, skipFrom: number, skipTo: number): boolean {
  // A slice compared with === (memcmp) costs ~1/10 of startsWith at 1 KB (V8 compares
  // startsWith's characters one by one; measured).
  if (skipFrom < from || skipTo > to || skipTo <= skipFrom) return p.length === to - from && text.slice(from, to) === p;
  const k = skipFrom - from;
  return p.length === to - from - (skipTo - skipFrom) && text.slice(from, skipFrom) === p.slice(0, k) && text.slice(skipTo, to) === p.slice(k);
}

/** Whether `t` is the template of `text` (without [skipFrom, skipTo)) cut at `at` ([start, end) pairs). */
function fits(t: ValueTemplate, text: string, at: readonly number[], skipFrom: number, skipTo: number): boolean {
  const pieces = t.pieces;
  const n = pieces.length - 1;
  if (n !== at.length / 2) return false;
  // Last piece first: templates of one kind differ most in their status, at the end.
  if (!samePiece(pieces[n], text, at[2 * n - 1], text.length, skipFrom, skipTo)) return false;
  let from = 0;
  for (let k = 0; k < n; k++) {
    const to = at[2 * k];
    if (!samePiece(pieces[k], text, from, to, skipFrom, skipTo)) return false;
    from = at[2 * k + 1];
  }
  return true;
}

function newTemplate(text: string, at: readonly number[], skipFrom: number, skipTo: number): ValueTemplate {
  // One joined copy, split: the pieces pin that copy, never the object's text.
  const parts: string[] = [];
  let from = 0;
  for (let k = 0; k <= at.length; k += 2) {
    const to = k < at.length ? at[k] : text.length;
    parts.push(skipFrom >= from && skipTo <= to && skipTo > skipFrom ? text.slice(from, skipFrom) + text.slice(skipTo, to) : text.slice(from, to));
    from = at[k + 1];
  }
  const pieces = parts.join(SEP).split(SEP);
  let length = 0;
  for (const p of pieces) length += p.length;
  return { pieces, length };
}

/**
 * Templates seen recently, in two generations of at most `generationSize` templates and
 * `generationBytes` of their text each (as InternTable): values keep their template alive;
 * the table pins at most two generations, so objects that each make their own template (a
 * label holding the pod's name without a digit, a ConfigMap's data) cannot grow it without
 * bound.
 */
export class TemplateTable {
  private current = new Map<number, ValueTemplate[]>();
  private previous = new Map<number, ValueTemplate[]>();
  /** Templates in `current` (buckets hold several) and in `previous`. */
  private currentCount = 0;
  private previousCount = 0;
  private currentBytes = 0;

  constructor(
    private readonly generationSize: number,
    private readonly generationBytes = 4 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.currentCount + this.previousCount;
  }

  /**
   * The template of `text` (without [skipFrom, skipTo)) cut at `at`, found by the hash of what it keeps: one with that hash
   * is taken only if its pieces are the text's (up to BUCKET templates share a hash).
   */
  template(hash: number, text: string, at: readonly number[], skipFrom = 0, skipTo = 0): ValueTemplate {
    const bucket = this.current.get(hash);
    if (bucket !== undefined) for (const t of bucket) if (fits(t, text, at, skipFrom, skipTo)) return t;
    let t: ValueTemplate | undefined;
    const old = this.previous.get(hash);
    if (old !== undefined) for (const o of old) if (fits(o, text, at, skipFrom, skipTo)) t = o;
    t ??= newTemplate(text, at, skipFrom, skipTo);
    if (bucket === undefined) this.current.set(hash, [t]);
    else if (bucket.length < BUCKET) bucket.push(t);
    else {
      bucket.shift();
      bucket.push(t);
      return t;
    }
    this.currentBytes += t.length;
    if (++this.currentCount >= this.generationSize || this.currentBytes >= this.generationBytes) {
      this.previous = this.current;
      this.previousCount = this.currentCount;
      this.current = new Map();
      this.currentCount = 0;
      this.currentBytes = 0;
    }
    return t;
  }
}

/** Templates kept per hash: different texts can hash alike (same lengths, other words). */
const BUCKET = 4;

/** The process's templates: at most 2 x 1,024 templates and 2 x 4 MB of their text pinned. */
export const valueTemplates = new TemplateTable(1024);
