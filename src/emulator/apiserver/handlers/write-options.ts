// Query parameters every write takes: dryRun, fieldManager, fieldValidation, force.
import type { ApiRequest } from '../request.js';
import type { FieldValidation, WriteOptions } from '../persist.js';
import { ApiError } from '../status.js';

/** kube-apiserver's default manager: the User-Agent up to the first '/', at most 128 chars. */
export function managerOf(req: ApiRequest): string {
  const explicit = req.query.get('fieldManager');
  if (explicit !== null) {
    if (explicit.length > 128) throw ApiError.badRequest(`fieldManager: Too long: may not be more than 128 bytes`);
    return explicit;
  }
  const ua = req.headers['user-agent'] ?? '';
  // Up to the first '/' without splitting the whole User-Agent (every write asks).
  const slash = ua.indexOf('/');
  return (slash === -1 ? ua : ua.slice(0, slash)).slice(0, 128);
}

export function writeOptions(req: ApiRequest, subresource?: string): WriteOptions {
  const dry = req.query.getAll('dryRun');
  for (const d of dry) if (d !== 'All') throw ApiError.badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  const fv = req.query.get('fieldValidation') ?? 'Warn';
  if (fv !== 'Strict' && fv !== 'Warn' && fv !== 'Ignore') {
    throw ApiError.badRequest(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`);
  }
  return { dryRun: dry.length > 0, manager: managerOf(req), subresource, fieldValidation: fv as FieldValidation, warnings: [] };
}

/** `Warning` headers as kube-apiserver writes them: code 299, agent "-", quoted text. */
export function warningHeaders(warnings: string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  return { warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}
