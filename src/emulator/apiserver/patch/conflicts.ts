// The 409 Conflict of a server-side apply that would change fields other managers own,
// worded as kube-apiserver words it (fieldmanager's NewConflictError).

import { ApiError, type StatusCause } from '../status';
import { pathString } from './fieldset';
import type { ManagerFields } from './managed-fields';

export interface FieldConflict {
  manager: ManagerFields;
  path: string[];
}

/** `"name"`, `"name" with subresource "status"`, and ` using <apiVersion>` for Update managers. */
export function printManager(m: ManagerFields): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') s += ` using ${m.apiVersion}`;
  return s;
}

export function conflictError(conflicts: FieldConflict[]): ApiError {
  const byManager = new Map<string, FieldConflict[]>();
  for (const c of conflicts) {
    const key = `${c.manager.manager}\u0000${c.manager.operation}\u0000${c.manager.apiVersion}\u0000${c.manager.subresource ?? ''}`;
    const list = byManager.get(key) ?? [];
    list.push(c);
    byManager.set(key, list);
  }
  const ordered = [...byManager.keys()].sort().flatMap((k) => byManager.get(k) as FieldConflict[]);
  const causes: StatusCause[] = ordered.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.manager)}`, field: pathString(c.path) }));
  let message: string;
  if (ordered.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(ordered[0].manager)}: ${pathString(ordered[0].path)}`;
  } else {
    const lines: string[] = [];
    for (const k of [...byManager.keys()].sort()) {
      const list = byManager.get(k) as FieldConflict[];
      lines.push(`conflicts with ${printManager(list[0].manager)}:`);
      for (const c of list) lines.push(`- ${pathString(c.path)}`);
    }
    message = `Apply failed with ${ordered.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, { causes });
}
