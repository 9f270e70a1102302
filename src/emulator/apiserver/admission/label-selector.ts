// metav1.LabelSelector validation (ValidateLabelSelector); matching is src/kube/selectors'.

import { fieldError } from '../status';
import { validateLabels } from './meta';
import { child, index } from './render';
import type { Causes, Json } from './types';
import { isQualifiedName } from '../../../kube/validation';
import { list, values } from './json';

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key?: string; operator?: string; values?: string[] }[];
}

export function validateLabelSelector(sel: Json | undefined, path: string): Causes {
  if (!sel || typeof sel !== 'object') return [];
  const causes = validateLabels(sel.matchLabels, child(path, 'matchLabels'));
  list(sel.matchExpressions).forEach((r: Json, i: number) => {
    const p = index(child(path, 'matchExpressions'), i);
    const given: unknown[] = values(r.values);
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if (given.length === 0) causes.push(fieldError.required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (r.operator === 'Exists' || r.operator === 'DoesNotExist') {
      if (given.length > 0) causes.push(fieldError.forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      causes.push(fieldError.invalid(child(p, 'operator'), r.operator ?? '', 'not a valid selector operator'));
    }
    for (const msg of isQualifiedName(String(r.key ?? ''))) causes.push(fieldError.invalid(child(p, 'key'), r.key ?? '', msg));
  });
  return causes;
}

/** True when the selector has no requirement at all (it would select everything). */
export function isEmptySelector(sel: LabelSelector | undefined): boolean {
  return Object.keys(sel?.matchLabels ?? {}).length + (sel?.matchExpressions?.length ?? 0) === 0;
}
