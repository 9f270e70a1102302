// The checks the API server would make on a manifest's workload before any controller
// creates a pod from it, worded for the editor: which field, what is wrong with it. A what-if
// turns these into problems of the document instead of throwing.
import type { KubeObject } from '../kube/object';
import { tryParseQuantity } from '../kube/quantity';
import { compileLabelSelector, type LabelSelector } from '../scheduler';

export class ManifestCheckError extends Error {}

export function isObject(value: unknown): value is Record<string, any> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** An optional whole-number field: `fallback` when absent, else the number; throws a clear problem otherwise. */
export function countField(value: unknown, path: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new ManifestCheckError(`${path} must be a whole number (0 or more), not ${JSON.stringify(value)}`);
}

/** The pod template of a workload (`spec.template`), checked as the API server validates it. */
export function podTemplateOf(spec: unknown, path: string): { metadata: Record<string, any>; spec: Record<string, any> } {
  const template = isObject(spec) ? spec.template : undefined;
  if (!isObject(template)) throw new ManifestCheckError(`${path} is missing: the controller has no pod template to create pods from`);
  checkPodSpec(template.spec, `${path}.spec`);
  return { metadata: isObject(template.metadata) ? template.metadata : {}, spec: template.spec };
}

/** What makes a pod spec unusable for scheduling: no containers, nameless containers, bad quantities. */
export function checkPodSpec(spec: unknown, path: string): void {
  if (!isObject(spec)) throw new ManifestCheckError(`${path} is missing`);
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) throw new ManifestCheckError(`${path}.containers must list at least one container`);
  for (const listName of ['containers', 'initContainers']) {
    const list: unknown = spec[listName];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw new ManifestCheckError(`${path}.${listName} must be a list`);
    list.forEach((c: unknown, i: number) => {
      const at = `${path}.${listName}[${i}]`;
      if (!isObject(c)) throw new ManifestCheckError(`${at} must be a container (a mapping)`);
      if (typeof c.name !== 'string' || c.name === '') throw new ManifestCheckError(`${at}.name is required`);
      for (const kind of ['requests', 'limits']) {
        const resources: unknown = c.resources?.[kind];
        if (resources === undefined || resources === null) continue;
        if (!isObject(resources)) throw new ManifestCheckError(`${at}.resources.${kind} must be a mapping of resource names to quantities`);
        for (const [name, q] of Object.entries(resources)) {
          if (!tryParseQuantity(q)) throw new ManifestCheckError(`${at}.resources.${kind}.${name}: ${JSON.stringify(q)} is not a quantity (e.g. 500m, 2, 512Mi)`);
        }
      }
    });
  }
  const present = (field: string) => spec[field] !== undefined && spec[field] !== null;
  for (const field of ['tolerations', 'topologySpreadConstraints', 'volumes', 'schedulingGates']) {
    if (!present(field)) continue;
    if (!Array.isArray(spec[field]) || spec[field].some((x: unknown) => !isObject(x))) throw new ManifestCheckError(`${path}.${field} must be a list of mappings`);
  }
  for (const field of ['nodeSelector', 'affinity', 'overhead']) {
    if (present(field) && !isObject(spec[field])) throw new ManifestCheckError(`${path}.${field} must be a mapping`);
  }
  if (present('priority') && !Number.isInteger(spec.priority)) throw new ManifestCheckError(`${path}.priority must be a whole number`);
  if (present('nodeName') && typeof spec.nodeName !== 'string') throw new ManifestCheckError(`${path}.nodeName must be a string`);
}

/** apps/v1 workloads must have a selector, and it must select the template's labels. */
export function checkSelector(obj: KubeObject, templateLabels: Record<string, string> | undefined): LabelSelector {
  const selector: unknown = obj.spec?.selector;
  if (!isObject(selector)) throw new ManifestCheckError('spec.selector is required');
  if (!isObject(selector.matchLabels) && !Array.isArray(selector.matchExpressions)) throw new ManifestCheckError('spec.selector must have matchLabels or matchExpressions');
  const matcher = compileLabelSelector(selector as LabelSelector);
  if (matcher.everything) throw new ManifestCheckError('spec.selector must not be empty: it would select every pod of the namespace');
  if (!matcher.matches(templateLabels ?? {})) {
    throw new ManifestCheckError('spec.template.metadata.labels do not match spec.selector: the API server rejects the object (`selector` does not match template `labels`)');
  }
  return selector as LabelSelector;
}

/** Labels as a string map; the API server rejects anything else. */
export function labelsOf(metadata: Record<string, any>, path: string): Record<string, string> {
  const labels: unknown = metadata.labels;
  if (labels === undefined || labels === null) return {};
  if (!isObject(labels)) throw new ManifestCheckError(`${path}.labels must be a mapping`);
  for (const [k, v] of Object.entries(labels)) if (typeof v !== 'string') throw new ManifestCheckError(`${path}.labels.${k} must be a string, not ${JSON.stringify(v)}`);
  return labels as Record<string, string>;
}
