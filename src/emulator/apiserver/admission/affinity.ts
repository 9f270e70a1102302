// Pod affinity and node affinity (kube's validateAffinity): the scheduling constraints the
// scheduler reads, rejected at the door when they could never mean anything.

import { isQualifiedName } from '../../../kube/validation';
import { fieldError } from '../status';
import { validateLabelSelector } from './label-selector';
import { child, index } from './render';
import type { Causes, Json } from './types';
import { list } from './json';


function validateNodeSelectorRequirement(rq: Json, path: string): Causes {
  const causes: Causes = [];
  const values = list(rq.values);
  switch (rq.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) causes.push(fieldError.required(child(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) causes.push(fieldError.forbidden(child(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) causes.push(fieldError.required(child(path, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      causes.push(fieldError.invalid(child(path, 'operator'), rq.operator ?? '', 'not a valid selector operator'));
  }
  for (const msg of isQualifiedName(String(rq.key ?? ''))) causes.push(fieldError.invalid(child(path, 'key'), rq.key ?? '', msg));
  return causes;
}

function validateNodeSelectorTerm(term: Json, path: string): Causes {
  const causes: Causes = [];
  list(term.matchExpressions).forEach((rq, i) => causes.push(...validateNodeSelectorRequirement(rq, index(child(path, 'matchExpressions'), i))));
  list(term.matchFields).forEach((rq, i) => {
    const p = index(child(path, 'matchFields'), i);
    if (rq.key !== 'metadata.name') causes.push(fieldError.invalid(child(p, 'key'), rq.key ?? '', 'not a valid field selector key'));
    if (!['In', 'NotIn'].includes(rq.operator)) causes.push(fieldError.invalid(child(p, 'operator'), rq.operator ?? '', 'not a valid selector operator'));
    else if (list(rq.values).length !== 1) causes.push(fieldError.required(child(p, 'values'), 'must be only one value when `operator` is \'In\' or \'NotIn\' for node field selector'));
  });
  return causes;
}

function validateWeight(weight: unknown, path: string): Causes {
  return typeof weight === 'number' && weight >= 1 && weight <= 100 ? [] : [fieldError.invalid(path, weight ?? 0, 'must be in the range 1-100')];
}

function validateNodeAffinity(na: Json, path: string): Causes {
  const causes: Causes = [];
  const required = na.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) {
    const rPath = child(path, 'requiredDuringSchedulingIgnoredDuringExecution');
    const terms = list(required.nodeSelectorTerms);
    if (terms.length === 0) causes.push(fieldError.required(child(rPath, 'nodeSelectorTerms'), 'must have at least one node selector term'));
    terms.forEach((t, i) => causes.push(...validateNodeSelectorTerm(t, index(child(rPath, 'nodeSelectorTerms'), i))));
  }
  list(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
    const pPath = index(child(path, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
    causes.push(...validateWeight(p.weight, child(pPath, 'weight')));
    causes.push(...validateNodeSelectorTerm(p.preference ?? {}, child(pPath, 'preference')));
  });
  return causes;
}

function validatePodAffinityTerm(term: Json, path: string): Causes {
  const causes = validateLabelSelector(term.labelSelector, child(path, 'labelSelector'));
  if (!term.topologyKey) causes.push(fieldError.required(child(path, 'topologyKey'), 'can not be empty'));
  else for (const msg of isQualifiedName(String(term.topologyKey))) causes.push(fieldError.invalid(child(path, 'topologyKey'), term.topologyKey, msg));
  return causes;
}

function validatePodAffinity(pa: Json, path: string): Causes {
  const causes: Causes = [];
  list(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
    causes.push(...validatePodAffinityTerm(t, index(child(path, 'requiredDuringSchedulingIgnoredDuringExecution'), i))),
  );
  list(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, i) => {
    const wPath = index(child(path, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
    causes.push(...validateWeight(w.weight, child(wPath, 'weight')));
    causes.push(...validatePodAffinityTerm(w.podAffinityTerm ?? {}, child(wPath, 'podAffinityTerm')));
  });
  return causes;
}

export function validateAffinity(affinity: Json | undefined, path: string): Causes {
  if (!affinity || typeof affinity !== 'object') return [];
  return [
    ...(affinity.nodeAffinity ? validateNodeAffinity(affinity.nodeAffinity, child(path, 'nodeAffinity')) : []),
    ...(affinity.podAffinity ? validatePodAffinity(affinity.podAffinity, child(path, 'podAffinity')) : []),
    ...(affinity.podAntiAffinity ? validatePodAffinity(affinity.podAntiAffinity, child(path, 'podAntiAffinity')) : []),
  ];
}
