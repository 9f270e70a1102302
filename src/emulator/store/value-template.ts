// Stored objects (other than Events, see event-template.ts) kept as a shared template and one
// string of their own values. 150,000 pods of a few workloads differ in their names, uids,
// IPs, node names, timestamps and container IDs (~400 B) and repeat the rest of their JSON
// (~2 KB: keys, images, mounts, tolerations, conditions' types, phases). The text is cut
// around string values that are likely to be an object's own: those holding a digit or under
// a naming key. The rest, with a NUL where each cut was, is looked up in a bounded table of
// templates; the cut values are joined by NUL into the object's own string. A compact JSON
// text never holds a raw NUL (control characters are escaped), so the cuts are unambiguous;
// text that holds one is kept whole. Rendering the pieces gives back exactly the text.

const SEP = '\u0000';
const QUOTE = 34;
const COLON = 58;
const BACKSLASH = 92;

/** A shared text with holes: pieces[0] own[0] pieces[1] ... own[n-1] pieces[n]. */
export interface ValueTemplate {
  readonly pieces: readonly string[];
  /** The pieces' total length. */
  readonly length: number;
}

/** A text as its template and its own values (joined by NUL). */
export class TemplatedText {
  constructor(
    readonly template: ValueTemplate,
    readonly own: string,
  ) {}

  get length(): number {
    // n own values joined by n - 1 separators.
    return this.template.length + this.own.length - (this.template.pieces.length - 2);
  }

  /** The text, flat. */
  render(): string {
    const pieces = this.template.pieces;
    const own = this.own;
    const parts = scratchParts;
    parts.length = 0;
    parts.push(pieces[0]);
    let at = 0;
    for (let i = 1; i < pieces.length; i++) {
      let j = at;
      while (j < own.length && own.charCodeAt(j) !== 0) j++;
      parts.push(own.slice(at, j), pieces[i]);
      at = j + 1;
    }
    const text = parts.join('');
    parts.length = 0;
    return text;
  }
}

/** Reused by render (not re-entrant, never held). */
const scratchParts: string[] = [];

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
  'message',
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

function isOwnKey(t: string, start: number, end: number): boolean {
  const candidates = ownKeysByLength[end - start];
  if (candidates === undefined) return false;
  for (const k of candidates) if (t.startsWith(k, start)) return true;
  return false;
}

/** [start, end) of each cut value's characters, found by the last call (reused). */
const cuts: number[] = [];
const scratchOwn: string[] = [];

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
 * The text as a template and its own values, or the text itself when nothing is cut (or it
 * holds a raw NUL, or is not JSON). Neither keeps a reference to `text`.
 */
export function templated(text: string, table: TemplateTable): string | TemplatedText {
  if (text.indexOf(SEP) >= 0) return text;
  cuts.length = 0;
  // A hash of what stays in the template, to find it in the table: each kept string's length
  // and first and last characters, and the length of the text between strings. Templates
  // that hash alike are told apart by comparing their text.
  let hash = 0;
  let keyStart = -1;
  let keyEnd = -1;
  let after = 0;
  for (let q = text.indexOf('"'); q >= 0; ) {
    const end = closingQuote(text, q);
    if (end < 0) return text;
    hash = (Math.imul(hash, 31) + q - after) | 0;
    after = end + 1;
    const start = q + 1;
    if (text.charCodeAt(after) === COLON) {
      keyStart = start;
      keyEnd = end;
    } else if (end > start) {
      const first = text.charCodeAt(start);
      if ((first >= 48 && first <= 57) || isOwnKey(text, keyStart, keyEnd)) {
        cuts.push(start, end);
        hash = (Math.imul(hash, 31) + 1) | 0;
        q = text.indexOf('"', after);
        continue;
      }
    }
    hash = (Math.imul(hash, 31) + ((end - start) << 16) + (text.charCodeAt(start) << 8) + text.charCodeAt(end - 1)) | 0;
    q = text.indexOf('"', after);
  }
  if (cuts.length === 0) return text;
  hash = (Math.imul(hash, 31) + text.length - after) | 0;
  const own = scratchOwn;
  own.length = 0;
  for (let k = 0; k < cuts.length; k += 2) own.push(text.slice(cuts[k], cuts[k + 1]));
  const ownText = own.join(SEP);
  own.length = 0;
  return new TemplatedText(table.template(hash, text, cuts), ownText);
}

/** Whether `t` is the template of `text` cut at `at` ([start, end) pairs). */
function fits(t: ValueTemplate, text: string, at: readonly number[]): boolean {
  const pieces = t.pieces;
  if (pieces.length !== at.length / 2 + 1) return false;
  let from = 0;
  for (let k = 0; k < pieces.length; k++) {
    const to = k < pieces.length - 1 ? at[2 * k] : text.length;
    const p = pieces[k];
    // A slice compared with === (memcmp) costs ~1/10 of startsWith at 1 KB (V8 compares
    // startsWith's characters one by one; measured).
    if (p.length !== to - from || text.slice(from, to) !== p) return false;
    from = to < text.length ? at[2 * k + 1] : to;
  }
  return true;
}

function newTemplate(text: string, at: readonly number[]): ValueTemplate {
  // One joined copy, split: the pieces pin that copy, never the object's text.
  const parts: string[] = [];
  let from = 0;
  for (let k = 0; k < at.length; k += 2) {
    parts.push(text.slice(from, at[k]));
    from = at[k + 1];
  }
  parts.push(text.slice(from));
  const pieces = parts.join(SEP).split(SEP);
  let length = 0;
  for (const p of pieces) length += p.length;
  return { pieces, length };
}

/**
 * Templates seen recently, in two generations of at most `generationSize` each (as
 * InternTable): values keep their template alive; the table pins at most two generations, so
 * objects that each make their own template (a label holding the pod's name without a digit)
 * cannot grow it without bound.
 */
export class TemplateTable {
  private current = new Map<number, ValueTemplate>();
  private previous = new Map<number, ValueTemplate>();

  constructor(private readonly generationSize: number) {}

  get size(): number {
    return this.current.size + this.previous.size;
  }

  /**
   * The template of `text` cut at `at`, found by the hash of its text: a template with that
   * hash is taken only if its pieces are the text's (a colliding one is replaced).
   */
  template(hash: number, text: string, at: readonly number[]): ValueTemplate {
    let t = this.current.get(hash);
    if (t !== undefined && fits(t, text, at)) return t;
    const old = this.previous.get(hash);
    t = old !== undefined && fits(old, text, at) ? old : newTemplate(text, at);
    this.current.set(hash, t);
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    return t;
  }
}

/** The process's templates: 2 x 1,024 of ~2 KB at most pins ~4 MB. */
export const valueTemplates = new TemplateTable(1024);
