// Every message from the webview is untrusted input (a compromised or buggy page can post
// anything): each type has a validator, and anything else is dropped with a reason to log.

import type { WebviewMessage } from './diagram-messages.js';

export type Validation = { ok: true; message: WebviewMessage } | { ok: false; reason: string };

/** Element ids are short and printable; a longer one is not ours. */
const ID = /^(cp|node|kubelet|proxy|runtime|pod):[\x21-\x7e]{1,600}$/;
/** 64 MiB: a PNG of a huge canvas is large, anything bigger is not a picture we drew. */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;
const PNG_PREFIX = 'data:image/png;base64,';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(m: Record<string, unknown>, keys: string[]): string | undefined {
  for (const k of Object.keys(m)) if (!keys.includes(k)) return `unexpected field '${k}'`;
  return undefined;
}

function isElementId(v: unknown): v is string {
  return typeof v === 'string' && ID.test(v);
}

export function validateWebviewMessage(raw: unknown): Validation {
  if (!isRecord(raw)) return { ok: false, reason: 'not an object' };
  const t = raw.type;
  const fail = (reason: string): Validation => ({ ok: false, reason: `${String(t)}: ${reason}` });
  switch (t) {
    case 'ready': {
      const extra = onlyKeys(raw, ['type']);
      return extra ? fail(extra) : { ok: true, message: { type: 'ready' } };
    }
    case 'reveal':
    case 'openPodYaml': {
      const extra = onlyKeys(raw, ['type', 'id']);
      if (extra) return fail(extra);
      if (!isElementId(raw.id)) return fail('id is not an element id');
      if (t === 'openPodYaml' && !raw.id.startsWith('pod:')) return fail('id is not a pod');
      return { ok: true, message: { type: t, id: raw.id } };
    }
    case 'hover': {
      const extra = onlyKeys(raw, ['type', 'id', 'requestId']);
      if (extra) return fail(extra);
      if (!isElementId(raw.id)) return fail('id is not an element id');
      if (typeof raw.requestId !== 'number' || !Number.isSafeInteger(raw.requestId) || raw.requestId < 0) return fail('requestId is not a non-negative integer');
      return { ok: true, message: { type: 'hover', id: raw.id, requestId: raw.requestId } };
    }
    case 'exportSvg': {
      const extra = onlyKeys(raw, ['type', 'svg']);
      if (extra) return fail(extra);
      if (typeof raw.svg !== 'string' || raw.svg.length > MAX_EXPORT_CHARS) return fail('svg is not a string of acceptable size');
      if (!/^<svg[\s>]/.test(raw.svg)) return fail('svg does not start with <svg');
      return { ok: true, message: { type: 'exportSvg', svg: raw.svg } };
    }
    case 'exportPng': {
      const extra = onlyKeys(raw, ['type', 'dataUrl']);
      if (extra) return fail(extra);
      if (typeof raw.dataUrl !== 'string' || raw.dataUrl.length > MAX_EXPORT_CHARS) return fail('dataUrl is not a string of acceptable size');
      if (!raw.dataUrl.startsWith(PNG_PREFIX) || !/^[A-Za-z0-9+/]*={0,2}$/.test(raw.dataUrl.slice(PNG_PREFIX.length))) return fail('dataUrl is not a base64 PNG data URL');
      return { ok: true, message: { type: 'exportPng', dataUrl: raw.dataUrl } };
    }
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(typeof t === 'string' ? t.slice(0, 40) : t)}` };
  }
}
