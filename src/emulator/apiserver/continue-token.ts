// Opaque `continue` tokens for paged lists: the revision the first page was read at and
// the last key returned, so every page reads the same consistent snapshot.
import { ApiError } from './status.js';

export interface ContinuePosition {
  revision: number;
  /** The key after which the next page starts, relative to the list prefix. */
  start: string;
}

export function encodeContinue(position: ContinuePosition): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: position.revision, start: position.start })).toString('base64url');
}

export function decodeContinue(token: string): ContinuePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw ApiError.badRequest('continue key is not valid: illegal base64 data or malformed JSON');
  }
  const p = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (p === null || typeof p !== 'object' || p.v !== 'meta.k8s.io/v1') throw ApiError.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof p.rv !== 'number' || !Number.isSafeInteger(p.rv) || p.rv <= 0) throw ApiError.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof p.start !== 'string' || p.start.includes('..') || p.start.startsWith('/')) throw ApiError.badRequest('continue key is not valid: key must be relative');
  return { revision: p.rv, start: p.start };
}

/** 410 for a continue token whose revision was compacted away, worded as kube-apiserver does. */
export function continueExpired(): ApiError {
  return new ApiError(
    410,
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue value from the response to start the list from the current state.',
  );
}
