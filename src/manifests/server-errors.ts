// Turns what the API server answered (a metav1.Status inside whatever error the client threw)
// into problems at the document's fields, and 409 apply conflicts into managers and fields.
import type { ManifestDocument } from './documents';
import { documentFieldPath } from './field-paths';
import type { ValidationProblem } from './local-validation';
import type { KubeObject } from '../kube/object';

/** The parts of a metav1.Status this module reads. */
export interface ServerStatus {
  code: number;
  reason?: string;
  message: string;
  details?: { name?: string; kind?: string; group?: string; causes?: { reason?: string; message?: string; field?: string }[] };
}

function asStatus(value: unknown): ServerStatus | undefined {
  if (typeof value === 'string') {
    try {
      return asStatus(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  const v = value as Partial<ServerStatus> & { kind?: string } | null | undefined;
  if (v && typeof v === 'object' && v.kind === 'Status' && typeof v.code === 'number') return { ...v, message: String(v.message ?? '') } as ServerStatus;
  return undefined;
}

/**
 * The Status carried by an error, whichever client threw it: a Status itself, `{ body }` as
 * @kubernetes/client-node's ApiException has (object or JSON text), or `{ status }`.
 * Undefined means the server never answered (unreachable, TLS, timeout).
 */
export function statusOf(err: unknown): ServerStatus | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const e = err as { body?: unknown; status?: unknown; response?: { body?: unknown } };
  return asStatus(err) ?? asStatus(e.body) ?? asStatus(e.status) ?? asStatus(e.response?.body);
}

export function errorText(err: unknown): string {
  return statusOf(err)?.message ?? (err instanceof Error ? err.message : String(err));
}

/** One manager's share of a conflict: `"kubectl-client-side-apply" using apps/v1` owns these fields. */
export interface ConflictingManager {
  /** The manager as the server printed it, e.g. `"kubectl-client-side-apply" using apps/v1`. */
  manager: string;
  /** The bare manager name, e.g. `kubectl-client-side-apply`. */
  name: string;
  /** Server field paths, e.g. `.spec.replicas`. */
  fields: string[];
}

export function isApplyConflict(status: ServerStatus | undefined): boolean {
  return status?.code === 409 && !!status.details?.causes?.some((c) => c.reason === 'FieldManagerConflict');
}

export function conflictingManagers(status: ServerStatus): ConflictingManager[] {
  const byManager = new Map<string, ConflictingManager>();
  for (const c of status.details?.causes ?? []) {
    if (c.reason !== 'FieldManagerConflict') continue;
    const manager = (c.message ?? '').replace(/^conflict with /, '');
    const name = /^"((?:[^"\\]|\\.)*)"/.exec(manager)?.[1] ?? manager;
    const entry = byManager.get(manager) ?? { manager, name, fields: [] };
    if (c.field) entry.fields.push(c.field);
    byManager.set(manager, entry);
  }
  return [...byManager.values()];
}

const UNKNOWN_FIELD = /unknown field "([^"]+)"/g;
const DUPLICATE_FIELD = /duplicate field "([^"]+)"/g;

/** Problems at the document's fields for a Status the server returned for `object` (as sent). */
export function problemsFromStatus(doc: ManifestDocument, object: KubeObject, status: ServerStatus): ValidationProblem[] {
  const at = (field: string | undefined, message: string): ValidationProblem => {
    if (!field) return { message, range: doc.range, severity: 'error' };
    const path = documentFieldPath(object, field);
    return { message, field: path, range: doc.rangeOf(path), severity: 'error' };
  };
  // fieldValidation=Strict: `strict decoding error: unknown field "spec.foo", unknown field "spec.bar"`.
  if (status.code === 400 && /unknown field|duplicate field/.test(status.message)) {
    const found = [...status.message.matchAll(UNKNOWN_FIELD)].map((m) => at(m[1], `unknown field "${m[1]}"`));
    found.push(...[...status.message.matchAll(DUPLICATE_FIELD)].map((m) => at(m[1], `duplicate field "${m[1]}"`)));
    if (found.length) return found;
  }
  if (isApplyConflict(status)) {
    return (status.details?.causes ?? [])
      .filter((c) => c.reason === 'FieldManagerConflict')
      .map((c) => at(c.field, `Apply conflict: ${c.message ?? 'conflict'} on ${c.field ?? 'this object'} (apply with Force to take ownership)`));
  }
  const causes = (status.details?.causes ?? []).filter((c) => c.message || c.field);
  if (causes.length) return causes.map((c) => at(c.field, c.field ? `${c.field}: ${c.message ?? c.reason ?? ''}` : (c.message ?? status.message)));
  return [at(undefined, status.message || `the server answered ${status.code} ${status.reason ?? ''}`.trim())];
}
