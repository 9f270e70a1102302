// An in-memory ManifestApi: stores objects by ref, bumps resourceVersion only when an apply changes
// something (as server-side apply does), and lets a test make the server refuse chosen objects.
import type { KubeObject } from '../../../src/kube/object';
import type { ApplyOptions, DeleteOptions, ManifestApi } from '../../../src/manifests/manifest-api';
import type { DiscoveredResource, Discovery, ResourceRef } from '../../../src/manifests/resources';

export interface Call {
  verb: 'apply' | 'get' | 'delete';
  name: string;
  dryRun?: boolean;
  force?: boolean;
  fieldValidation?: string;
  fieldManager?: string;
  propagationPolicy?: string;
}

/** Thrown like @kubernetes/client-node's ApiException: the Status in `body` as JSON text. */
export class FakeApiException extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
  ) {
    super(`HTTP-Code: ${code}`);
  }
}

export function status(code: number, reason: string, message: string, details?: object): FakeApiException {
  return new FakeApiException(code, JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message, details }));
}

export type Refusal = (ref: ResourceRef, object: KubeObject, options: ApplyOptions) => Error | undefined;

function withoutBookkeeping(o: KubeObject): string {
  return JSON.stringify({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, uid: undefined, managedFields: undefined } });
}

const key = (ref: ResourceRef) => `${ref.group}/${ref.plural}/${ref.namespace ?? ''}/${ref.name}`;

export class FakeManifestApi implements ManifestApi {
  readonly objects = new Map<string, KubeObject>();
  readonly calls: Call[] = [];
  private rv = 100;
  refuse: Refusal = () => undefined;
  /** Bump resourceVersion even when nothing changed (as when only managedFields move). */
  bumpOnEveryApply = false;
  /** Called after each real (not dry-run) apply, e.g. to cancel mid-way. */
  afterApply: (ref: ResourceRef) => void = () => undefined;

  seed(ref: ResourceRef, object: KubeObject): void {
    this.objects.set(key(ref), { ...object, metadata: { ...object.metadata, resourceVersion: String(++this.rv), uid: `uid-${ref.name}` } });
  }

  async apply(ref: ResourceRef, object: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    this.calls.push({ verb: 'apply', name: ref.name, dryRun: options.dryRun, force: options.force, fieldValidation: options.fieldValidation, fieldManager: options.fieldManager });
    await Promise.resolve();
    const refused = this.refuse(ref, object, options);
    if (refused) throw refused;
    const live = this.objects.get(key(ref));
    const merged: KubeObject = { ...live, ...object, metadata: { ...live?.metadata, ...object.metadata } };
    const same = live !== undefined && !this.bumpOnEveryApply && withoutBookkeeping(merged) === withoutBookkeeping(live);
    const result: KubeObject = {
      ...merged,
      metadata: { ...merged.metadata, resourceVersion: same ? live.metadata.resourceVersion : String(this.rv + 1), uid: live?.metadata.uid ?? `uid-${ref.name}`, managedFields: [{ manager: options.fieldManager, operation: 'Apply' }] },
    };
    if (!options.dryRun) {
      if (!same) this.rv++;
      this.objects.set(key(ref), result);
      this.afterApply(ref);
    }
    return result;
  }

  async get(ref: ResourceRef): Promise<KubeObject | undefined> {
    this.calls.push({ verb: 'get', name: ref.name });
    await Promise.resolve();
    return this.objects.get(key(ref));
  }

  async delete(ref: ResourceRef, options: DeleteOptions): Promise<boolean> {
    this.calls.push({ verb: 'delete', name: ref.name, propagationPolicy: options.propagationPolicy });
    await Promise.resolve();
    const refused = this.refuse(ref, { metadata: {} }, { dryRun: false, force: false, fieldManager: '', fieldValidation: 'Strict' });
    if (refused) throw refused;
    return this.objects.delete(key(ref));
  }

  applied(): string[] {
    return this.calls.filter((c) => c.verb === 'apply' && !c.dryRun).map((c) => c.name);
  }
}

const r = (group: string, version: string, kind: string, plural: string, namespaced: boolean): DiscoveredResource => ({ group, version, kind, plural, namespaced });

export const discovery: Discovery = {
  resources: [
    r('', 'v1', 'Namespace', 'namespaces', false),
    r('', 'v1', 'Pod', 'pods', true),
    r('', 'v1', 'Service', 'services', true),
    r('', 'v1', 'ConfigMap', 'configmaps', true),
    r('', 'v1', 'Node', 'nodes', false),
    r('apps', 'v1', 'Deployment', 'deployments', true),
    r('apps', 'v1', 'StatefulSet', 'statefulsets', true),
    r('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
    r('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false),
    r('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false),
  ],
};
