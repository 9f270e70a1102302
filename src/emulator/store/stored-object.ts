// A stored value whose metadata.managedFields text is kept apart from the rest of its JSON,
// in interned pieces: objects written by the same managers in the same second carry the same
// entries (times are cached per second; fieldsV1 for one kind of write is the same) except
// for a few keyed items (a pod's own service-account volume, its IP). The text is cut at each
// entry and around each `"k:{...}"` key, so 150,000 pods, their Events and superseded
// versions share a few thousand strings instead of each holding ~2 KB (pods) or ~330 B
// (Events) of its own. The rest of the text is kept as a template and the object's own
// values (value-template.ts). `json` gives back exactly the bytes that were stored.

import { cutSpan, managedFieldsSpan, MANAGED_FIELDS_KEY, skipString } from './managed-fields-span';
import { withResourceVersion } from './resource-version';
import type { StoredValue } from './types';
import { templated, TemplatedText, valueTemplates } from './value-template';

const EMPTY: readonly string[] = [];

/** Templated bodies rendered last, by modRevision modulo this (~1 s of writes; pins ~3 MB). */
const RENDERED_SLOTS = 1024;
const renderedBy: (StoredObject | undefined)[] = new Array<StoredObject | undefined>(RENDERED_SLOTS).fill(undefined);
const rendered: string[] = new Array<string>(RENDERED_SLOTS).fill('');
/** The span's text around its entries; the comma it took goes after (CLOSE_AFTER) or before (OPEN_BEFORE). */
const OPEN = `${MANAGED_FIELDS_KEY}[`;
const OPEN_BEFORE = `,${OPEN}`;
const CLOSE = ']';
const CLOSE_AFTER = '],';

export class StoredObject implements StoredValue {
  constructor(
    readonly key: string,
    /**
     * The JSON without `"managedFields":[...]` and the comma beside it, whole or as a shared
     * template and the object's own values (value-template.ts).
     */
    private readonly body: string | TemplatedText,
    /** Where in jsonWithoutManagedFields the cut text goes back. */
    private readonly at: number,
    private readonly comma: -1 | 0 | 1,
    /** The interned pieces of the text between `[` and `]`, in order; one string needs no array. */
    private readonly pieces: string | readonly string[],
    readonly createRevision: number,
    readonly modRevision: number,
    readonly fields: readonly string[] | undefined,
  ) {}

  /** The JSON without `"managedFields":[...]` and the comma beside it. */
  get jsonWithoutManagedFields(): string {
    const b = this.body;
    if (typeof b === 'string') return b;
    // A write is read several times within moments (each watcher, the next write's read of
    // the live object): the last renders are kept, by revision.
    const slot = this.modRevision & (RENDERED_SLOTS - 1);
    if (renderedBy[slot] === this) return rendered[slot];
    const text = b.render();
    renderedBy[slot] = this;
    rendered[slot] = text;
    return text;
  }

  /** The stored JSON, byte for byte; built on each call (only the parts are kept). */
  get json(): string {
    const e = this.pieces;
    const inner = typeof e === 'string' ? e : e.join('');
    const c = this.comma;
    const section = c === 1 ? OPEN + inner + CLOSE_AFTER : c === 0 ? OPEN + inner + CLOSE : OPEN_BEFORE + inner + CLOSE;
    const b = this.body;
    // A templated body not rendered lately (a LIST) is rendered with the section in place: one
    // copy of the text instead of the body's and then the joined one's.
    if (b instanceof TemplatedText && renderedBy[this.modRevision & (RENDERED_SLOTS - 1)] !== this) return b.render(this.at, section);
    const body = this.jsonWithoutManagedFields;
    return body.slice(0, this.at) + section + body.slice(this.at);
  }

  /**
   * This value as a delete at `revision` reports it: resourceVersion re-stamped. Spliced into
   * the parts when metadata's resourceVersion text is found once and only outside the
   * entries; the new value then shares this one's template and managedFields pieces (a
   * deleted Event in history costs its own values, not another copy of its JSON).
   */
  deletedAt(revision: number, createRevision: number): StoredValue {
    const needle = `"resourceVersion":"${this.modRevision}"`;
    const body = this.jsonWithoutManagedFields;
    const i = body.indexOf(needle);
    const e = this.pieces;
    const inEntries = typeof e === 'string' ? e.includes(needle) : e.some((x) => x.includes(needle));
    if (i < 0 || inEntries || body.indexOf(needle, i + needle.length) >= 0) {
      return storedValue(this.key, withResourceVersion(this.json, this.modRevision, revision), createRevision, revision, this.fields);
    }
    const stamp = `"resourceVersion":"${revision}"`;
    const spliced = body.slice(0, i) + stamp + body.slice(i + needle.length);
    const at = i < this.at ? this.at + stamp.length - needle.length : this.at;
    const b = this.body;
    return new StoredObject(this.key, typeof b === 'string' ? spliced : templated(spliced, valueTemplates), at, this.comma, e, createRevision, revision, this.fields);
  }

  /** json.length without building json. */
  get jsonLength(): number {
    const c = this.comma;
    const frame = c === 1 ? OPEN.length + CLOSE_AFTER.length : c === 0 ? OPEN.length + CLOSE.length : OPEN_BEFORE.length + CLOSE.length;
    return piecesLength(this.body) + frame + piecesLength(this.pieces);
  }
}

/** The length of a text kept whole, templated or in pieces. */
function piecesLength(p: string | readonly string[] | TemplatedText): number {
  if (typeof p === 'string' || p instanceof TemplatedText) return p.length;
  let n = 0;
  for (const s of p) n += s.length;
  return n;
}

/** The value a delete at `revision` reports: the last one with resourceVersion re-stamped. */
export function deletedValue(prev: StoredValue, revision: number, createRevision = prev.createRevision): StoredValue {
  if (prev instanceof StoredObject) return prev.deletedAt(revision, createRevision);
  return storedValue(prev.key, withResourceVersion(prev.json, prev.modRevision, revision), createRevision, revision, prev.fields);
}

/** The value's JSON length, without building it. */
export function storedJsonLength(value: StoredValue): number {
  return value instanceof StoredObject ? value.jsonLength : value.json.length;
}

/** The value's JSON without metadata.managedFields when it can be had without parsing; else its JSON. */
export function storedJsonWithoutManagedFields(value: StoredValue): string {
  if (value instanceof StoredObject) return value.jsonWithoutManagedFields;
  const json = value.json;
  const span = managedFieldsSpan(json);
  return span ? cutSpan(json, span) : json;
}

/** Element bounds of the last managedFields array scanned (reused: storedValue is not re-entrant). */
const scratchBounds: number[] = [];

const isEmptyArray = (json: string, at: number): boolean => json.startsWith('[]', at);

/**
 * A stored value for `json`: with its managedFields entries interned when it has a compact
 * array of them, else a plain value holding the JSON as given.
 */
export function storedValue(
  key: string,
  json: string,
  createRevision: number,
  modRevision: number,
  fields?: readonly string[],
  table: InternTable = managedFieldsEntries,
): StoredValue {
  const bounds = scratchBounds;
  const span = managedFieldsSpan(json, bounds);
  // Not an array of entries (null, or not compact JSON): kept whole, as given.
  if (!span || (bounds.length === 0 && !isEmptyArray(json, span.start + MANAGED_FIELDS_KEY.length))) return { key, json, createRevision, modRevision, fields };
  const pieces = bounds.length === 0 ? EMPTY : internedPieces(json, bounds, table);
  // The body is the JSON without the span and its comma, templated from the JSON as it is.
  const at = span.comma === -1 ? span.start - 1 : span.start;
  const body = templated(json, valueTemplates, at, span.comma === 1 ? span.end + 1 : span.end);
  return new StoredObject(key, body, at, span.comma, pieces, createRevision, modRevision, fields);
}

/** A keyed item's key, `"k:{...}"`, found by its `k:{` (a search led by `"` is ~4x slower). */
const KEYED = 'k:{';

/** The start (its quote) of the next `"k:{` key at or after `from`, or -1. */
function nextKeyed(json: string, from: number): number {
  for (let at = json.indexOf(KEYED, from + 1); at >= 0; at = json.indexOf(KEYED, at + 1)) {
    if (json.charCodeAt(at - 1) === 34) return at - 1;
  }
  return -1;
}

/**
 * The entries' text (from the first's start to the last's end, commas included) cut where an
 * entry starts and around each `"k:{...}"` key, each piece interned. Keys name list items
 * (containers, conditions, volumes, IPs): the few that differ between pods (their own
 * service-account volume, their IP) then cost a short piece each, the rest is shared.
 */
function internedPieces(json: string, bounds: readonly number[], table: InternTable): string | readonly string[] {
  const end = bounds[bounds.length - 1];
  let from = bounds[0];
  let nextEntry = 2; // index in bounds of the next entry's start
  let keyed = nextKeyed(json, from);
  if (bounds.length === 2 && (keyed < 0 || keyed >= end)) return table.intern(json.slice(from, end));
  const pieces: string[] = [];
  while (from < end) {
    const entryAt = nextEntry < bounds.length ? bounds[nextEntry] : end;
    const keyEnd = keyed >= 0 && keyed < entryAt ? Math.min(skipString(json, keyed), end) : -1;
    if (keyEnd > keyed) {
      // Text before the key, then the key itself (a cut at `from` makes no empty piece).
      if (keyed > from) pieces.push(table.intern(json.slice(from, keyed)));
      pieces.push(table.intern(json.slice(keyed, keyEnd)));
      from = keyEnd;
      keyed = nextKeyed(json, from);
      continue;
    }
    if (entryAt > from) pieces.push(table.intern(json.slice(from, entryAt)));
    from = entryAt;
    nextEntry += 2;
  }
  if (from < end) pieces.push(table.intern(json.slice(from, end)));
  return pieces;
}

/** Pieces shorter than this are looked up first among the last ones of their length. */
const RECENT_LENGTHS = 4096;

/**
 * Managed-fields entry texts seen recently, in two generations of at most `generationSize`
 * each: a hit moves an entry to the current generation, and when that is full the older one
 * is dropped. Entries in use by stored objects stay alive through them; the table only pins
 * the last ~2 generations' worth, so a stream of unique entries (a kubelet's pod IP keys)
 * cannot grow it without bound.
 */
export class InternTable {
  private current = new Map<string, string>();
  private previous = new Map<string, string>();
  /** recent[n]: the last string of length n returned (pins at most a few MB of pieces). */
  private readonly recent: (string | undefined)[] = new Array<string | undefined>(RECENT_LENGTHS).fill(undefined);

  constructor(private readonly generationSize: number) {}

  get size(): number {
    return this.current.size + this.previous.size;
  }

  /** The table's string equal to `text` (a copy of `text` made now if there is none). */
  intern(text: string): string {
    // The last piece interned of each length first: bursts of writes repeat the same pieces
    // (one Event reason after another), and comparing text costs less than hashing it.
    const n = text.length;
    const recent = n < RECENT_LENGTHS ? this.recent[n] : undefined;
    if (recent === text) return recent;
    let s = this.current.get(text);
    if (s !== undefined) {
      if (n < RECENT_LENGTHS) this.recent[n] = s;
      return s;
    }
    s = this.previous.get(text) ?? ownCopy(text);
    this.current.set(s, s);
    if (n < RECENT_LENGTHS) this.recent[n] = s;
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    return s;
  }
}

/** The process's table: 2 x 4,096 entries of a few hundred bytes at most pins ~4 MB. */
export const managedFieldsEntries = new InternTable(4096);

/**
 * A string with the same text that holds no reference to the string it was cut from. V8
 * makes a slice a view of its parent and a concatenation a pair of references: kept as they
 * are, they would pin the whole original JSON (managedFields included). Reading a character
 * of a concatenation makes V8 copy it into one flat string and drop the references; a slice
 * of that copy (past the one added character) pins only the copy.
 */
function ownCopy(text: string): string {
  const joined = ' ' + text;
  joined.charCodeAt(0);
  return joined.slice(1);
}
