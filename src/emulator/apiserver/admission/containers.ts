// Container validation (kube's validateContainers, validateInitContainers and
// validateContainerCommon): names, images, ports, env, mounts, probes, resources.

import { isDNS1123Label, isQualifiedName, isValidPortName, isValidPortNum } from '../../../kube/validation';
import { fieldError } from '../status';
import { QUANTITY_FORMAT_ERROR, quantityNanos, quantityText } from './quantity';
import { child, index, key } from './render';
import type { Causes, Json } from './types';
import { list } from './json';

const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];


export function validateDNS1123Label(value: string, path: string): Causes {
  return isDNS1123Label(value).map((msg) => fieldError.invalid(path, value, msg));
}

/** Required when empty, else one of `supported`. */
export function validateEnum(value: unknown, path: string, supported: string[]): Causes {
  if (value === undefined || value === null || value === '') return [fieldError.required(path)];
  return supported.includes(String(value)) ? [] : [fieldError.notSupported(path, value, supported)];
}

function validatePorts(ports: Json[], path: string): Causes {
  const causes: Causes = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = index(path, i);
    if (port.name) {
      const msgs = isValidPortName(String(port.name));
      if (msgs.length > 0) for (const msg of msgs) causes.push(fieldError.invalid(child(p, 'name'), port.name, msg));
      else if (names.has(port.name)) causes.push(fieldError.duplicate(child(p, 'name'), port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) causes.push(fieldError.required(child(p, 'containerPort')));
    else for (const msg of isValidPortNum(port.containerPort)) causes.push(fieldError.invalid(child(p, 'containerPort'), port.containerPort, msg));
    if (port.hostPort) for (const msg of isValidPortNum(port.hostPort)) causes.push(fieldError.invalid(child(p, 'hostPort'), port.hostPort, msg));
    causes.push(...validateEnum(port.protocol, child(p, 'protocol'), PORT_PROTOCOLS));
  });
  return causes;
}

// Relaxed env var names (kube >= 1.32): any printable ASCII but '='.
function validateEnv(env: Json[], path: string): Causes {
  const causes: Causes = [];
  env.forEach((e, i) => {
    const p = index(path, i);
    if (!e.name) causes.push(fieldError.required(child(p, 'name')));
    else if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(e.name)) {
      causes.push(fieldError.invalid(child(p, 'name'), e.name, "a valid environment variable name must consist only of printable ASCII characters other than '='"));
    }
    if (e.valueFrom && e.value) causes.push(fieldError.invalid(child(p, 'valueFrom'), '', 'may not be specified when `value` is not empty'));
  });
  return causes;
}

function validateVolumeMounts(mounts: Json[], volumeNames: Set<string>, path: string): Causes {
  const causes: Causes = [];
  const paths = new Set<string>();
  mounts.forEach((m, i) => {
    const p = index(path, i);
    if (!m.name) causes.push(fieldError.required(child(p, 'name')));
    else if (!volumeNames.has(m.name)) causes.push(fieldError.notFound(child(p, 'name'), m.name));
    if (!m.mountPath) causes.push(fieldError.required(child(p, 'mountPath')));
    else if (paths.has(m.mountPath)) causes.push(fieldError.invalid(child(p, 'mountPath'), m.mountPath, 'must be unique'));
    else paths.add(m.mountPath);
  });
  return causes;
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

function validateProbe(probe: Json | undefined, path: string, successMustBeOne: boolean): Causes {
  if (!probe || typeof probe !== 'object') return [];
  const causes: Causes = [];
  const handlers = PROBE_HANDLERS.filter((h) => probe[h] != null);
  if (handlers.length === 0) causes.push(fieldError.required(path, 'must specify a handler type'));
  for (const extra of handlers.slice(1)) causes.push(fieldError.forbidden(child(path, extra), 'may not specify more than 1 handler type'));
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    if (typeof probe[f] === 'number' && probe[f] < 0) causes.push(fieldError.invalid(child(path, f), probe[f], 'must be greater than or equal to 0'));
  }
  if (successMustBeOne && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    causes.push(fieldError.invalid(child(path, 'successThreshold'), probe.successThreshold, 'must be 1'));
  }
  return causes;
}

function validateResourceName(name: string, path: string): Causes {
  if (!name.includes('/')) {
    if (STANDARD_CONTAINER_RESOURCES.includes(name) || name.startsWith('hugepages-')) return [];
    return [fieldError.invalid(path, name, 'must be a standard resource for containers')];
  }
  return isQualifiedName(name).map((msg) => fieldError.invalid(path, name, msg));
}

const NANOS_PER_UNIT = 1_000_000_000n;

function validateQuantity(name: string, q: unknown, path: string): Causes {
  const value = quantityNanos(q);
  if (value === undefined) return [fieldError.invalid(path, q, QUANTITY_FORMAT_ERROR)];
  if (value < 0n) return [fieldError.invalid(path, quantityText(q), 'must be greater than or equal to 0')];
  // Extended resources (anything with a domain) are counted in whole units.
  if (name.includes('/') && value % NANOS_PER_UNIT !== 0n) return [fieldError.invalid(path, quantityText(q), 'must be an integer')];
  return [];
}

/** Names and quantities valid, and no request above its limit. */
export function validateResources(resources: Json | undefined, path: string): Causes {
  if (!resources || typeof resources !== 'object') return [];
  const causes: Causes = [];
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const limits: Json = resources.limits ?? {};
  for (const [name, q] of Object.entries(limits)) causes.push(...validateResourceName(name, key(limPath, name)), ...validateQuantity(name, q, key(limPath, name)));
  for (const [name, q] of Object.entries(resources.requests ?? {})) {
    causes.push(...validateResourceName(name, key(reqPath, name)), ...validateQuantity(name, q, key(reqPath, name)));
    const req = quantityNanos(q);
    const lim = limits[name] === undefined ? undefined : quantityNanos(limits[name]);
    if (req === undefined || lim === undefined) continue;
    if (name.includes('/') && req !== lim) {
      causes.push(fieldError.invalid(reqPath, quantityText(q), `must be equal to ${name} limit of ${quantityText(limits[name])}`));
    } else if (req > lim) {
      causes.push(fieldError.invalid(reqPath, quantityText(q), `must be less than or equal to ${name} limit of ${quantityText(limits[name])}`));
    }
  }
  return causes;
}

function validateContainerCommon(c: Json, volumeNames: Set<string>, path: string): Causes {
  const causes: Causes = [];
  if (!c.name) causes.push(fieldError.required(child(path, 'name')));
  else causes.push(...validateDNS1123Label(String(c.name), child(path, 'name')));
  if (!c.image) causes.push(fieldError.required(child(path, 'image')));
  causes.push(...validateEnum(c.terminationMessagePolicy, child(path, 'terminationMessagePolicy'), TERMINATION_MESSAGE_POLICIES));
  causes.push(...validatePorts(list(c.ports), child(path, 'ports')));
  causes.push(...validateEnv(list(c.env), child(path, 'env')));
  causes.push(...validateVolumeMounts(list(c.volumeMounts), volumeNames, child(path, 'volumeMounts')));
  causes.push(...validateEnum(c.imagePullPolicy, child(path, 'imagePullPolicy'), PULL_POLICIES));
  causes.push(...validateResources(c.resources, child(path, 'resources')));
  return causes;
}

/** Two containers of one pod cannot bind the same host port (kube's checkHostPortConflicts). */
function validateHostPortConflicts(containers: Json[], path: string): Causes {
  const causes: Causes = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    list(c.ports).forEach((port, pi) => {
      if (!port.hostPort) return;
      const id = `${port.hostIP ?? ''}/${port.protocol ?? ''}/${port.hostPort}`;
      if (seen.has(id)) causes.push(fieldError.duplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), id));
      seen.add(id);
    });
  });
  return causes;
}

export function validateContainers(containers: unknown, volumeNames: Set<string>, path: string): Causes {
  const all = list(containers);
  if (all.length === 0) return [fieldError.required(path)];
  const causes: Causes = [];
  const names = new Set<string>();
  all.forEach((c, i) => {
    const p = index(path, i);
    causes.push(...validateContainerCommon(c, volumeNames, p));
    if (names.has(c.name)) causes.push(fieldError.duplicate(child(p, 'name'), c.name));
    else names.add(c.name);
    causes.push(...validateProbe(c.livenessProbe, child(p, 'livenessProbe'), true));
    causes.push(...validateProbe(c.readinessProbe, child(p, 'readinessProbe'), false));
    causes.push(...validateProbe(c.startupProbe, child(p, 'startupProbe'), true));
    if (c.restartPolicy !== undefined) causes.push(fieldError.forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  causes.push(...validateHostPortConflicts(all, path));
  return causes;
}

export function validateInitContainers(initContainers: unknown, containers: unknown, volumeNames: Set<string>, path: string): Causes {
  const causes: Causes = [];
  const names = new Set(list(containers).map((c) => c.name));
  list(initContainers).forEach((c, i) => {
    const p = index(path, i);
    causes.push(...validateContainerCommon(c, volumeNames, p));
    const sidecar = c.restartPolicy === 'Always';
    if (c.restartPolicy !== undefined && !sidecar) causes.push(fieldError.notSupported(child(p, 'restartPolicy'), c.restartPolicy, ['Always']));
    if (names.has(c.name)) causes.push(fieldError.duplicate(child(p, 'name'), c.name));
    else if (c.name) names.add(c.name);
    for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (c[f] != null && !sidecar) causes.push(fieldError.forbidden(child(p, f), 'may not be set for init containers without restartPolicy=Always'));
    }
  });
  return causes;
}
