// Every message from the trace webview is untrusted input (a compromised or buggy page can post
// anything): each type has a validator, and anything else is dropped with a reason to log.
// The view state the webview saved is untrusted too: the panel serializer restores from it.

import type { TraceSubject, TraceViewState, TraceWebviewMessage } from './trace-messages.js';

export type TraceValidation = { ok: true; message: TraceWebviewMessage } | { ok: false; reason: string };

/** Node names are DNS-1123 subdomains (the API server rejects anything else). */
const NODE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** A what-if of a very large manifest still has far fewer pods than this. */
export const MAX_PLACEMENT_INDEX = 1_000_000;
/** kube-scheduler's attempts are counted in int32. */
export const MAX_ATTEMPT = 2 ** 31 - 1;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(m: Record<string, unknown>, keys: string[]): string | undefined {
  for (const k of Object.keys(m)) if (!keys.includes(k)) return `unexpected field '${k}'`;
  return undefined;
}

function isIntegerIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
}

export function isNodeName(v: unknown): v is string {
  return typeof v === 'string' && NODE_NAME.test(v);
}

export function validateTraceWebviewMessage(raw: unknown): TraceValidation {
  if (!isRecord(raw)) return { ok: false, reason: 'not an object' };
  const t = raw.type;
  const fail = (reason: string): TraceValidation => ({ ok: false, reason: `${String(t)}: ${reason}` });
  switch (t) {
    case 'ready':
    case 'revealPod':
    case 'refresh': {
      const extra = onlyKeys(raw, ['type']);
      return extra ? fail(extra) : { ok: true, message: { type: t } };
    }
    case 'selectAttempt': {
      const extra = onlyKeys(raw, ['type', 'attempt']);
      if (extra) return fail(extra);
      if (!isIntegerIn(raw.attempt, 1, MAX_ATTEMPT)) return fail('attempt is not a positive integer');
      return { ok: true, message: { type: 'selectAttempt', attempt: raw.attempt } };
    }
    case 'selectPlacement': {
      const extra = onlyKeys(raw, ['type', 'index']);
      if (extra) return fail(extra);
      if (!isIntegerIn(raw.index, 0, MAX_PLACEMENT_INDEX)) return fail('index is not a non-negative integer');
      return { ok: true, message: { type: 'selectPlacement', index: raw.index } };
    }
    case 'revealNode': {
      const extra = onlyKeys(raw, ['type', 'node']);
      if (extra) return fail(extra);
      if (!isNodeName(raw.node)) return fail('node is not a node name');
      return { ok: true, message: { type: 'revealNode', node: raw.node } };
    }
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(typeof t === 'string' ? t.slice(0, 40) : t)}` };
  }
}

/** Short printable text: titles and names the host will show or look up again. */
function isText(v: unknown, max: number): v is string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

function validSubject(v: unknown): TraceSubject | undefined {
  if (!isRecord(v)) return undefined;
  if (v.kind !== 'pod' && v.kind !== 'manifest') return undefined;
  if (!isText(v.title, 1000) || !isText(v.clusterName, 500)) return undefined;
  const subject: TraceSubject = { kind: v.kind, title: v.title, clusterName: v.clusterName };
  if (v.namespace !== undefined) {
    if (!isText(v.namespace, 253)) return undefined;
    subject.namespace = v.namespace;
  }
  if (v.podName !== undefined) {
    if (!isText(v.podName, 253)) return undefined;
    subject.podName = v.podName;
  }
  if (v.kind === 'pod' && (subject.namespace === undefined || subject.podName === undefined)) return undefined;
  return subject;
}

/**
 * The state a WebviewPanelSerializer gets back: a TraceViewState with a usable subject, or
 * undefined (then the panel cannot be restored and should say so). Unknown fields are dropped.
 */
export function validateTraceViewState(raw: unknown): TraceViewState | undefined {
  if (!isRecord(raw)) return undefined;
  const subject = validSubject(raw.subject);
  if (!subject) return undefined;
  const state: TraceViewState = { subject };
  if (isText(raw.sortColumn, 300)) state.sortColumn = raw.sortColumn;
  if (typeof raw.sortDescending === 'boolean') state.sortDescending = raw.sortDescending;
  if (typeof raw.filter === 'string' && raw.filter.length <= 1000) state.filter = raw.filter;
  if (raw.verdict === 'all' || raw.verdict === 'feasible' || raw.verdict === 'filtered') state.verdict = raw.verdict;
  return state;
}
