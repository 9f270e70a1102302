// A container's environment as the kubelet (makeEnvironmentVariables) and containerd build it:
// the image's PATH, HOSTNAME, the service-link variables, envFrom, env, then HOME for root.
// The kubelet's own order is Go map order; ours is fixed so `env` prints the same each time.
import type { KubeObject } from '../../../kube/object';
import { parseQuantity, toInteger, toMilli } from '../../../kube/quantity';
import { serviceLinkVariables } from './service-links';

export interface EnvSources {
  /** Services in the pod's namespace (for the docker-links variables when spec.enableServiceLinks is not false) plus the `kubernetes` service of `default`. */
  services: KubeObject[];
  configMap(namespace: string, name: string): KubeObject | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
  /** The pod's Node: a resourceFieldRef to a limit the container does not set reads its allocatable, as the kubelet does. */
  node?: KubeObject;
}

/** The PATH of every image we know (Docker official images and containerd's default). */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const MAX_HOSTNAME = 63;

/** The container's environment as the kubelet builds it, in order: PATH, HOSTNAME, service-link variables (KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT, KUBERNETES_SERVICE_PORT_HTTPS, KUBERNETES_PORT, KUBERNETES_PORT_443_TCP, KUBERNETES_PORT_443_TCP_PROTO, _PORT, _ADDR, and the same for each Service of the namespace with a ClusterIP, names upper-cased with - -> _), envFrom (configMapRef/secretRef with prefix, optional), env (value, with $(VAR) expansion as the kubelet does; valueFrom fieldRef metadata.name/metadata.namespace/metadata.uid/spec.nodeName/spec.serviceAccountName/status.podIP/status.hostIP/metadata.labels['x']/metadata.annotations['x'], resourceFieldRef limits/requests (cpu in cores rounded up with divisor, memory bytes), configMapKeyRef, secretKeyRef (base64-decoded data)), then HOME=/root. */
export function containerEnvironment(pod: KubeObject, containerName: string, sources: EnvSources): Array<{ name: string; value: string }> {
  const spec = pod.spec ?? {};
  const namespace = pod.metadata.namespace ?? 'default';
  const container = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].find((c: any) => c?.name === containerName) ?? {};
  // containerd replaces a variable in place when a later source sets it again: a Map does the same.
  const env = new Map<string, string>([
    ['PATH', DEFAULT_PATH],
    ['HOSTNAME', podHostname(pod)],
  ]);
  const services = serviceLinkVariables(sources.services, namespace, spec.enableServiceLinks !== false);
  for (const [name, value] of services) env.set(name, value);
  // The variables a $(VAR) reference may name: the container's own, declared before, then the services'.
  const declared = new Map<string, string>();
  const set = (name: string, value: string) => {
    declared.set(name, value);
    env.set(name, value);
  };
  for (const from of container.envFrom ?? []) {
    for (const [key, value] of envFromEntries(from, namespace, sources)) set(`${from.prefix ?? ''}${key}`, value);
  }
  for (const v of container.env ?? []) {
    if (typeof v?.name !== 'string') continue;
    const value = envValue(v, pod, container, namespace, sources, (name) => declared.get(name) ?? services.get(name));
    if (value !== undefined) set(v.name, value);
  }
  if (!env.has('HOME')) env.set('HOME', '/root');
  return [...env].map(([name, value]) => ({ name, value }));
}

/** spec.hostname or the pod name cut to a DNS label; the node's name for hostNetwork pods. */
export function podHostname(pod: KubeObject): string {
  if (pod.spec?.hostNetwork === true) return String(pod.spec?.nodeName ?? '');
  const name = typeof pod.spec?.hostname === 'string' && pod.spec.hostname ? pod.spec.hostname : String(pod.metadata.name ?? '');
  return name.slice(0, MAX_HOSTNAME).replace(/[-.]+$/, '');
}

function envFromEntries(from: any, namespace: string, sources: EnvSources): Array<[string, string]> {
  const ref = from?.configMapRef ?? from?.secretRef;
  if (typeof ref?.name !== 'string') return [];
  // A missing source that is not optional keeps a real pod from starting; here it adds nothing.
  const obj = from.configMapRef ? sources.configMap(namespace, ref.name) : sources.secret(namespace, ref.name);
  if (!obj) return [];
  const data = from.configMapRef ? configMapData(obj) : secretData(obj);
  // Keys that cannot be variable names are skipped (the kubelet reports them in an event).
  return Object.keys(data)
    .sort()
    .filter((k) => k !== '' && !k.includes('='))
    .map((k) => [k, data[k]]);
}

function configMapData(cm: KubeObject): Record<string, string> {
  return { ...(cm.data ?? {}) };
}

function secretData(secret: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) out[k] = Buffer.from(String(v), 'base64').toString('utf8');
  // stringData is merged into data on write; honour it if an object still carries it.
  for (const [k, v] of Object.entries(secret.stringData ?? {})) out[k] = String(v);
  return out;
}

function envValue(v: any, pod: KubeObject, container: any, namespace: string, sources: EnvSources, lookup: (name: string) => string | undefined): string | undefined {
  if (typeof v.value === 'string' && v.value !== '') return expandReferences(v.value, lookup);
  const from = v.valueFrom;
  if (!from) return '';
  if (from.fieldRef) return fieldRefValue(String(from.fieldRef.fieldPath ?? ''), pod);
  if (from.resourceFieldRef) return resourceFieldValue(from.resourceFieldRef, container, sources.node);
  const keyRef = from.configMapKeyRef ?? from.secretKeyRef;
  if (keyRef) {
    const obj = from.configMapKeyRef ? sources.configMap(namespace, keyRef.name) : sources.secret(namespace, keyRef.name);
    if (!obj) return undefined;
    return (from.configMapKeyRef ? configMapData(obj) : secretData(obj))[keyRef.key];
  }
  return '';
}

/**
 * The kubelet's $(VAR) expansion: $$ is a literal $, $(NAME) a defined variable's value,
 * an undefined $(NAME) stays as written, and any other $ is kept.
 */
export function expandReferences(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch !== '$' || i + 1 >= input.length) {
      out += ch;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += '$(';
        i++;
        continue;
      }
      const name = input.slice(i + 2, close);
      out += lookup(name) ?? `$(${name})`;
      i = close;
    } else {
      out += `$${next}`;
      i++;
    }
  }
  return out;
}

/** The downward API fields a variable may name (the kubelet's podFieldSelectorRuntimeValue). */
export function fieldRefValue(path: string, pod: KubeObject): string | undefined {
  const meta = pod.metadata;
  const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (subscript) return (subscript[1] === 'labels' ? meta.labels : meta.annotations)?.[subscript[2]] ?? '';
  switch (path) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? 'default';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'metadata.labels':
    case 'metadata.annotations':
      return formatMap((path === 'metadata.labels' ? meta.labels : meta.annotations) ?? {});
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.podIPs':
      return (pod.status?.podIPs ?? []).map((p: any) => p.ip).join(',');
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.hostIPs':
      return (pod.status?.hostIPs ?? []).map((p: any) => p.ip).join(',');
    default:
      return undefined;
  }
}

/** key="value" lines, sorted, as the downward API renders a whole map. */
function formatMap(map: Record<string, string>): string {
  return Object.keys(map)
    .sort()
    .map((k) => `${k}=${JSON.stringify(map[k])}`)
    .join('\n');
}

/** limits.cpu and friends: cpu in divisor units rounded up, the others as integers rounded up. */
export function resourceFieldValue(ref: any, container: any, node?: KubeObject): string | undefined {
  const resource = String(ref.resource ?? '');
  const dot = resource.indexOf('.');
  if (dot < 0) return undefined;
  const kind = resource.slice(0, dot);
  const name = resource.slice(dot + 1);
  const resources = container.resources ?? {};
  let quantity = resources[kind]?.[name];
  // An unset request defaults to the limit (API defaulting); an unset limit is the node's allocatable.
  if (quantity === undefined && kind === 'requests') quantity = resources.limits?.[name] ?? '0';
  if (quantity === undefined && kind === 'limits') quantity = node?.status?.allocatable?.[name];
  if (quantity === undefined) return undefined;
  try {
    const divisor = ref.divisor === undefined || isZero(String(ref.divisor)) ? '1' : String(ref.divisor);
    if (name === 'cpu') return String(Math.ceil(toMilli(String(quantity)) / toMilli(divisor)));
    return String(Math.ceil(toInteger(String(quantity)) / toInteger(divisor)));
  } catch {
    return undefined;
  }
}

function isZero(q: string): boolean {
  try {
    return parseQuantity(q).digits === 0n;
  } catch {
    return false;
  }
}
