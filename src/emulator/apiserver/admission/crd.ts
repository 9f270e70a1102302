// apiextensions.k8s.io/v1 CustomResourceDefinition: names that fit together, one storage
// version, a schema per version.

import type { KubeObject } from '../../../kube/object';
import { isDNS1035Label, isDNS1123Subdomain } from '../../../kube/validation';
import { fieldError } from '../status';
import { child, index } from './render';
import type { Causes, Json } from './types';
import { jsonEqual, list, setDefault } from './json';
import { validateCrdSchema, type SchemaRules } from './crd-schema';


export function defaultCustomResourceDefinition(obj: KubeObject): void {
  if (!obj.spec || typeof obj.spec !== 'object') obj.spec = {};
  const spec = obj.spec as Json;
  setDefault(spec, 'names', {});
  if (spec.names.kind) {
    setDefault(spec.names, 'singular', String(spec.names.kind).toLowerCase());
    setDefault(spec.names, 'listKind', `${spec.names.kind}List`);
  }
  setDefault(spec, 'conversion', { strategy: 'None' });
}

function validateNames(names: Json, path: string): Causes {
  const causes: Causes = [];
  for (const f of ['plural', 'singular']) {
    const v = names[f];
    if (v) {
      const errs = isDNS1035Label(String(v));
      if (errs.length > 0) causes.push(fieldError.invalid(child(path, f), v, errs.join(',')));
    }
  }
  if (!names.plural) causes.push(fieldError.required(child(path, 'plural')));
  if (!names.singular) causes.push(fieldError.required(child(path, 'singular')));
  if (!names.kind) causes.push(fieldError.required(child(path, 'kind')));
  else {
    const errs = isDNS1035Label(String(names.kind).toLowerCase());
    if (errs.length > 0) causes.push(fieldError.invalid(child(path, 'kind'), names.kind, `may have mixed case, but should otherwise match: ${errs.join(',')}`));
  }
  if (!names.listKind) causes.push(fieldError.required(child(path, 'listKind')));
  else if (names.listKind === names.kind) causes.push(fieldError.invalid(child(path, 'listKind'), names.listKind, 'kind and listKind may not be the same'));
  return causes;
}

function isSchema(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** kube-apiserver keeps a schema every version shares once, as spec.validation, and reports its errors there. */
function sharedSchema(versions: Json[]): boolean {
  const first = versions[0]?.schema?.openAPIV3Schema;
  return isSchema(first) && versions.every((v) => jsonEqual(v?.schema?.openAPIV3Schema, first));
}

function validateVersions(versions: Json[], path: string, rules: SchemaRules): Causes {
  if (versions.length === 0) return [fieldError.required(path, 'must have at least one version')];
  const causes: Causes = [];
  const shared = sharedSchema(versions);
  const seen = new Set<string>();
  let unique = true;
  let storage = 0;
  versions.forEach((v, i) => {
    const p = index(path, i);
    if (v.storage === true) storage++;
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    const errs = isDNS1035Label(String(v.name ?? ''));
    if (errs.length > 0) causes.push(fieldError.invalid(child(p, 'name'), v.name ?? '', errs.join(',')));
    if (!v.schema?.openAPIV3Schema) causes.push(fieldError.required(child(p, 'schema.openAPIV3Schema'), 'schemas are required'));
    else if (!shared && isSchema(v.schema.openAPIV3Schema)) causes.push(...validateCrdSchema(v.schema.openAPIV3Schema, child(p, 'schema.openAPIV3Schema'), rules));
  });
  if (!unique) causes.push(fieldError.invalid(path, versions, 'must contain unique version names'));
  if (storage !== 1) causes.push(fieldError.invalid(path, versions, 'must have exactly one version marked as storage version'));
  return causes;
}

/** The ratcheted schema rules the CRD's schemas break. */
function brokenRules(crd: KubeObject): SchemaRules['broken'] {
  const rules: SchemaRules = { relaxed: new Set(), broken: new Set() };
  for (const v of list(crd.spec?.versions)) if (isSchema(v?.schema?.openAPIV3Schema)) validateCrdSchema(v.schema.openAPIV3Schema, '', rules);
  return rules.broken;
}

/** `old`: the stored CRD of an update (rules it already broke are not enforced, as kube-apiserver ratchets them). */
export function validateCustomResourceDefinition(obj: KubeObject, old?: KubeObject): Causes {
  const rules: SchemaRules = { relaxed: old ? brokenRules(old) : new Set(), broken: new Set() };
  const spec: Json = obj.spec ?? {};
  const names: Json = spec.names ?? {};
  const causes: Causes = [];
  const name = obj.metadata?.name ?? '';
  if (name && name !== `${names.plural}.${spec.group}`) causes.push(fieldError.invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  if (!spec.group) causes.push(fieldError.required('spec.group'));
  else {
    const errs = isDNS1123Subdomain(String(spec.group));
    if (errs.length > 0) causes.push(fieldError.invalid('spec.group', spec.group, errs.join(',')));
    if (!String(spec.group).includes('.')) causes.push(fieldError.invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  }
  if (!spec.scope) causes.push(fieldError.required('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') causes.push(fieldError.notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  causes.push(...validateNames(names, 'spec.names'));
  const versions = list(spec.versions);
  causes.push(...validateVersions(versions, 'spec.versions', rules));
  // A schema every version shares is kube-apiserver's spec.validation, checked after the names.
  const first = versions[0]?.schema?.openAPIV3Schema;
  if (sharedSchema(versions)) causes.push(...validateCrdSchema(first, 'spec.validation.openAPIV3Schema', rules));
  return causes;
}

export function validateCustomResourceDefinitionUpdate(obj: KubeObject, old: KubeObject): Causes {
  const causes: Causes = [];
  for (const f of ['group', 'scope']) {
    if (old.spec?.[f] !== undefined && obj.spec?.[f] !== old.spec[f]) causes.push(fieldError.invalid(`spec.${f}`, obj.spec?.[f] ?? '', 'field is immutable'));
  }
  return causes;
}
