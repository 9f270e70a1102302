// Defaults of core/v1 PodSpec and Container (kube's SetDefaults_PodSpec, SetDefaults_Container
// and friends). They apply to pods and to every pod template (Deployment, Job, ...); what only
// pods get (admission plugins, status) lives in pod-admission.ts.

import { list, setDefault } from './json';
import { quantityNanos } from './quantity';
import type { Json } from './types';

/** Always when the image's tag is `latest` or it has neither tag nor digest, else IfNotPresent. */
export function defaultImagePullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  if (typeof image !== 'string') return 'IfNotPresent';
  const at = image.indexOf('@');
  const named = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const tag = colon > lastSlash ? named.slice(colon + 1) : '';
  if (tag === 'latest') return 'Always';
  return tag === '' && at < 0 ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: Json | undefined): void {
  if (!probe || typeof probe !== 'object') return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  if (probe.httpGet && typeof probe.httpGet === 'object') {
    setDefault(probe.httpGet, 'path', '/');
    setDefault(probe.httpGet, 'scheme', 'HTTP');
  }
}

function defaultLifecycleHandler(handler: Json | undefined): void {
  if (handler?.httpGet && typeof handler.httpGet === 'object') {
    setDefault(handler.httpGet, 'path', '/');
    setDefault(handler.httpGet, 'scheme', 'HTTP');
  }
}

export function defaultContainer(c: Json, hostNetwork: boolean): void {
  if (!c || typeof c !== 'object') return;
  setDefault(c, 'imagePullPolicy', defaultImagePullPolicy(c.image));
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  // v1 ResourceRequirements is a struct, so an unset one serializes as {}.
  setDefault(c, 'resources', {});
  for (const port of list(c.ports)) {
    if (!port || typeof port !== 'object') continue;
    setDefault(port, 'protocol', 'TCP');
    // With the host's network a container port is a host port.
    if (hostNetwork && !port.hostPort && port.containerPort) port.hostPort = port.containerPort;
  }
  for (const env of list(c.env)) {
    if (env?.valueFrom?.fieldRef && typeof env.valueFrom.fieldRef === 'object') setDefault(env.valueFrom.fieldRef, 'apiVersion', 'v1');
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  defaultLifecycleHandler(c.lifecycle?.postStart);
  defaultLifecycleHandler(c.lifecycle?.preStop);
}

const VOLUME_FILE_MODE = 420; // 0644

function defaultVolume(v: Json): void {
  if (!v || typeof v !== 'object') return;
  // A volume that names no source is an emptyDir.
  if (Object.keys(v).every((k) => k === 'name')) v.emptyDir = {};
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    if (v[source] && typeof v[source] === 'object') setDefault(v[source], 'defaultMode', VOLUME_FILE_MODE);
  }
  if (v.hostPath && typeof v.hostPath === 'object') setDefault(v.hostPath, 'type', '');
  if (v.downwardAPI) {
    for (const item of list(v.downwardAPI.items)) if (item?.fieldRef && typeof item.fieldRef === 'object') setDefault(item.fieldRef, 'apiVersion', 'v1');
  }
}

/** SetDefaults_PodSpec plus its containers and volumes; used for pods and templates alike. */
export function defaultPodSpec(spec: Json | undefined): void {
  if (!spec || typeof spec !== 'object') return;
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'enableServiceLinks', true);
  // The v1 API mirrors serviceAccountName into the deprecated serviceAccount field.
  if (spec.serviceAccountName && !spec.serviceAccount) spec.serviceAccount = spec.serviceAccountName;
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  const hostNetwork = spec.hostNetwork === true;
  for (const listName of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const c of list(spec[listName])) defaultContainer(c, hostNetwork);
  }
  for (const v of list(spec.volumes)) defaultVolume(v);
}

/** A pod template (spec.template of workloads): only its spec gets defaults. */
export function defaultPodTemplate(template: Json | undefined): void {
  if (!template || typeof template !== 'object') return;
  defaultPodSpec(template.spec);
}

const QOS_RESOURCES = ['cpu', 'memory'];

/** The pod's QoS class (kube's qos.GetPodQOS), from its containers' requests and limits. */
export function podQOSClass(spec: Json | undefined): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...list(spec?.containers), ...list(spec?.initContainers)];
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let guaranteed = true;
  for (const c of containers) {
    const res = c?.resources ?? {};
    for (const name of QOS_RESOURCES) {
      const req = quantityOrZero(res.requests?.[name]);
      if (req > 0n) requests.set(name, (requests.get(name) ?? 0n) + req);
    }
    const found = new Set<string>();
    for (const name of QOS_RESOURCES) {
      const lim = quantityOrZero(res.limits?.[name]);
      if (lim > 0n) {
        found.add(name);
        limits.set(name, (limits.get(name) ?? 0n) + lim);
      }
    }
    if (found.size < QOS_RESOURCES.length) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) if (limits.get(name) !== req) guaranteed = false;
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

function quantityOrZero(q: unknown): bigint {
  return quantityNanos(q) ?? 0n;
}
