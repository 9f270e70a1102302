// One rbac/v1 PolicyRule and whether it allows a request, with kube's matching rules:
// `*` wildcards, `pods/log` subresources (and `*/log`), resourceNames, nonResourceURLs with
// a trailing `*` as a prefix match.
import type { Attributes } from './attributes.js';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

const ALL = '*';

function has(values: string[] | undefined, wanted: string): boolean {
  if (!values) return false;
  for (const v of values) if (v === ALL || v === wanted) return true;
  return false;
}

function resourceMatches(resources: string[] | undefined, resource: string, subresource: string | undefined): boolean {
  if (!resources) return false;
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of resources) {
    if (r === ALL || r === combined) return true;
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

/** Whether one of `urls` (`*`, exact, or a prefix ending in `*`) matches `path`. */
export function nonResourceUrlMatches(urls: string[] | undefined, path: string): boolean {
  if (!urls) return false;
  for (const u of urls) {
    if (u === ALL || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

export function ruleAllows(rule: PolicyRule, a: Attributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.isResource) return nonResourceUrlMatches(rule.nonResourceURLs, a.path);
  if (!has(rule.apiGroups, a.group) || !resourceMatches(rule.resources, a.resource, a.subresource)) return false;
  const names = rule.resourceNames;
  if (!names || names.length === 0) return true;
  return a.name !== undefined && names.includes(a.name);
}

/** Keeps the fields of a stored rule that matching reads, so junk in an object cannot throw later. */
export function normalizeRule(raw: unknown): PolicyRule | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
  const verbs = strings(r.verbs);
  if (!verbs || verbs.length === 0) return undefined;
  const rule: PolicyRule = { verbs };
  const apiGroups = strings(r.apiGroups);
  const resources = strings(r.resources);
  const resourceNames = strings(r.resourceNames);
  const nonResourceURLs = strings(r.nonResourceURLs);
  if (apiGroups) rule.apiGroups = apiGroups;
  if (resources) rule.resources = resources;
  if (resourceNames && resourceNames.length > 0) rule.resourceNames = resourceNames;
  if (nonResourceURLs) rule.nonResourceURLs = nonResourceURLs;
  return rule;
}
