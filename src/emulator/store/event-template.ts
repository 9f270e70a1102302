// Stored Events kept as a template and their own values. Kubelets write ~4.4 Events per pod
// (750,000 at 150,000 pods, each ~650 B of JSON besides managedFields), and all but ~250 B of
// each is text other Events repeat: keys, reason, message, source, timestamps of the same
// second. The text is cut around the values that name one object (name, uid,
// resourceVersion: kept as the Event's own strings) and around the values a few thousand
// Events share (message, host, reportingInstance: interned); the text between cuts is
// interned too. Events are written once and read rarely (kubectl get/describe), so joining
// the pieces on a read costs little. Concatenating the pieces gives back exactly the text.

import { skipString } from './managed-fields-span';
import type { InternTable } from './stored-object';

/** Where the API server keeps core/v1 and events.k8s.io/v1 Events (see event-ttl.ts). */
const EVENT_PREFIXES = ['/registry/core/events/', '/registry/events.k8s.io/events/'];

export function isEventKey(key: string): boolean {
  return key.startsWith(EVENT_PREFIXES[0]) || key.startsWith(EVENT_PREFIXES[1]);
}

const QUOTE = 34;
const COLON = 58;
const OWN = 1;
const SHARED = 2;
/** Values of a key (by its name) cut out of the template: OWN (unique) or SHARED (interned). */
function cutKind(t: string, start: number, end: number): number {
  // start/end bound the key's characters, quotes excluded.
  switch (end - start) {
    case 3:
      return t.startsWith('uid', start) ? OWN : 0;
    case 4:
      return t.startsWith('name', start) ? OWN : t.startsWith('host', start) ? SHARED : 0;
    case 7:
      return t.startsWith('message', start) ? SHARED : 0;
    case 15:
      return t.startsWith('resourceVersion', start) ? OWN : 0;
    case 17:
      return t.startsWith('reportingInstance', start) ? SHARED : 0;
    default:
      return 0;
  }
}

/**
 * Own values closer than this are kept as one string with the text between them (an Event's
 * name, namespace and uid; its object's name, uid and resourceVersion): a string per value
 * costs ~20 B more than its text.
 */
const JOIN_GAP = 48;

/** Cuts found by the last call (reused: templatedText is not re-entrant). */
const cuts: number[] = [];

/**
 * The text as pieces (see the file comment), or the text itself when it has nothing to cut.
 * `text` must be flat and own no parent (the caller's stored body).
 */
export function templatedText(text: string, table: InternTable): string | readonly string[] {
  // [start, end, kind] of each value's characters (inside its quotes), in order.
  cuts.length = 0;
  for (let q = text.indexOf('"'); q >= 0; ) {
    const end = skipString(text, q);
    if (end < 0) break;
    if (text.charCodeAt(end) === COLON && text.charCodeAt(end + 1) === QUOTE) {
      const kind = cutKind(text, q + 1, end - 1);
      const valueEnd = skipString(text, end + 1);
      if (valueEnd < 0) break;
      if (kind !== 0 && valueEnd - 1 > end + 2) {
        const n = cuts.length;
        if (kind === OWN && n > 0 && cuts[n - 1] === OWN && end + 2 - cuts[n - 2] < JOIN_GAP) cuts[n - 2] = valueEnd - 1;
        else cuts.push(end + 2, valueEnd - 1, kind);
      }
      q = text.indexOf('"', valueEnd);
      continue;
    }
    q = text.indexOf('"', end);
  }
  if (cuts.length === 0) return text;
  const pieces: string[] = [];
  let at = 0;
  for (let i = 0; i < cuts.length; i += 3) {
    const start = cuts[i];
    const end = cuts[i + 1];
    if (start > at) pieces.push(shared(text, at, start, table));
    pieces.push(cuts[i + 2] === SHARED ? shared(text, start, end, table) : ownText(text, start, end));
    at = end;
  }
  if (at < text.length) pieces.push(shared(text, at, text.length, table));
  return pieces;
}

/**
 * Longer pieces are not interned: a stream of Events with long, ever-different messages or
 * annotations would otherwise have the table pin up to 8,192 of them (now at most ~4 MB).
 */
const MAX_SHARED = 512;

function shared(text: string, start: number, end: number, table: InternTable): string {
  return end - start <= MAX_SHARED ? table.intern(text.slice(start, end)) : ownText(text, start, end);
}

/**
 * text[start, end) as a flat string of its own. A slice of 13 characters or more would be a
 * view pinning the whole text; two slices joined and read become one flat copy instead (the
 * join itself is short-cut by the next scavenge, see storedValue). Shorter slices are copies.
 */
function ownText(text: string, start: number, end: number): string {
  if (end - start < 13) return text.slice(start, end);
  const mid = (start + end) >>> 1;
  const s = text.slice(start, mid) + text.slice(mid, end);
  s.charCodeAt(0);
  return s;
}
