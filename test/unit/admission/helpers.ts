// Shared fixtures: run an object through admission the way the API server core does
// (defaults, then validation) and read the causes as kube prints them (`field: message`).

import { applyDefaults, validate, type DefaultingContext } from '../../../src/emulator/apiserver/admission/index';
import { BUILTIN_RESOURCES, type ResourceType } from '../../../src/emulator/apiserver/resource-type';
import type { StatusCause } from '../../../src/emulator/apiserver/status';
import type { KubeObject } from '../../../src/kube/object';

export function resource(kind: string, group = ''): ResourceType {
  const found = BUILTIN_RESOURCES.find((r) => r.kind === kind && r.group === group);
  if (!found) throw new Error(`no built-in resource ${group}/${kind}`);
  return found;
}

export function printed(causes: StatusCause[]): string[] {
  return causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
}

/** Defaults then create-validation; returns the printed causes. */
export function create(kind: string, obj: KubeObject, group = '', context?: DefaultingContext): string[] {
  const r = resource(kind, group);
  const denial = applyDefaults(r, obj, { operation: 'CREATE', ...context });
  if (denial) throw new Error(`denied: ${denial.message}`);
  return printed(validate(r, obj, undefined));
}

/** Defaults then update-validation of `next` against the stored `old` (stored objects carry defaults). */
export function update(kind: string, next: KubeObject, old: KubeObject, group = ''): string[] {
  const r = resource(kind, group);
  applyDefaults(r, old, { operation: 'UPDATE' });
  applyDefaults(r, next, { operation: 'UPDATE' });
  return printed(validate(r, next, old));
}

export function pod(name = 'web', spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: 'u1' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec } };
}

/** A pod as the store holds it after a successful create. */
export function storedPod(spec: Record<string, unknown> = {}): KubeObject {
  const p = pod('web', spec);
  applyDefaults(resource('Pod'), p, { operation: 'CREATE' });
  p.metadata.resourceVersion = '5';
  return p;
}

export function deployment(labels: Record<string, string> = { app: 'web' }, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
      ...spec,
    },
  };
}
