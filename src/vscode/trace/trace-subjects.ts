// What "Trace scheduling" was asked about, from whichever entry point: a tree element, the
// diagram's pod context menu (its data-vscode-context), a palette pick, or a manifest
// document. Pure (no `vscode`): the arguments arrive untrusted and are checked here.

import { objectKey, podStatusText, type PodRecord } from '../../cluster/projections.js';

export interface PodRef {
  namespace: string;
  name: string;
}

/** A pod name is a DNS subdomain, a namespace a DNS label: anything else is not a pod of ours. */
const POD_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function podRef(namespace: unknown, name: unknown): PodRef | undefined {
  if (typeof namespace !== 'string' || typeof name !== 'string') return undefined;
  return NAMESPACE.test(namespace) && POD_NAME.test(name) ? { namespace, name } : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The pod a command argument names, or undefined (then the palette's picker asks):
 * - an Architecture tree element of kind `pod` or `instance` (`podKey` = namespace/name);
 * - the diagram's context `{ webviewSection: 'pod', podNamespace, podName }`;
 * - `{ namespace, name }` or `"namespace/name"` (other extensions, tests).
 */
export function podRefFromArgument(arg: unknown): PodRef | undefined {
  if (typeof arg === 'string') {
    const slash = arg.indexOf('/');
    return slash > 0 ? podRef(arg.slice(0, slash), arg.slice(slash + 1)) : undefined;
  }
  if (!isRecord(arg)) return undefined;
  if ((arg.kind === 'pod' || arg.kind === 'instance') && typeof arg.podKey === 'string') return podRefFromArgument(arg.podKey);
  if (arg.webviewSection === 'pod') return podRef(arg.podNamespace, arg.podName);
  return podRef(arg.namespace, arg.name);
}

/** One panel per subject: reopening the same pod of the same cluster reveals its panel. */
export function podSubjectKey(clusterName: string, pod: PodRef): string {
  return `pod\n${clusterName}\n${pod.namespace}/${pod.name}`;
}

export function manifestSubjectKey(clusterName: string, uri: string, documentIndex: number | undefined): string {
  return `manifest\n${clusterName}\n${uri}#${documentIndex ?? 'all'}`;
}

export function podPanelTitle(pod: PodRef): string {
  return `Trace: ${pod.namespace}/${pod.name}`;
}

/** `What-if: deployment.yaml (Deployment/web)`; the file name only, the path is in the tooltip. */
export function manifestPanelTitle(fileName: string, document?: { kind?: string; name?: string }): string {
  const what = document?.kind ? ` (${document.kind}${document.name ? `/${document.name}` : ''})` : '';
  return `What-if: ${fileName}${what}`;
}

export interface PodPickItem {
  label: string;
  description: string;
  pod: PodRef;
}

function isPending(p: PodRecord): boolean {
  return !p.nodeName || p.phase === 'Pending';
}

/**
 * The palette's pod picker: Pending pods first (the ones people ask "why" about), then by
 * namespace and name; the node and the status as kubectl prints it beside each.
 */
export function podPickItems(pods: readonly PodRecord[]): PodPickItem[] {
  const sorted = [...pods].sort((a, b) => Number(isPending(b)) - Number(isPending(a)) || objectKey(a).localeCompare(objectKey(b)));
  return sorted.map((p) => ({
    label: objectKey(p),
    description: `${p.nodeName || 'no node'} · ${podStatusText(p)}`,
    pod: { namespace: p.namespace, name: p.name },
  }));
}

/** The kinds whose pods "Trace scheduling" can simulate, by API group (a CRD may reuse a kind name). */
const TRACEABLE = new Map<string, string>([
  ['Pod', 'v1'],
  ['Deployment', 'apps/v1'],
  ['ReplicaSet', 'apps/v1'],
  ['StatefulSet', 'apps/v1'],
  ['DaemonSet', 'apps/v1'],
  ['Job', 'batch/v1'],
]);

export function isTraceableWorkload(object: { apiVersion?: unknown; kind?: unknown } | undefined): boolean {
  if (!object || typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') return false;
  return TRACEABLE.get(object.kind) === object.apiVersion;
}
