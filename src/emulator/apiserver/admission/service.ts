// Services: defaults (kube's SetDefaults_Service plus the single-stack IP family choice the
// REST layer makes) and validation (ValidateService, ValidateServiceUpdate). ClusterIP and
// NodePort allocation are the core's.

import { isIP } from 'node:net';
import type { KubeObject } from '../../../kube/object';
import { isDNS1123Label, isValidPortName, isValidPortNum } from '../../../kube/validation';
import type { StatusCause } from '../status';
import { fieldError } from '../status';
import { validateEnum } from './containers';
import { validateLabels } from './meta';
import { child, goIntOrString, goStringSlice, index } from './render';
import type { Causes, Json } from './types';
import { list, setDefault, values } from './json';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];


function externallyAccessible(spec: Json): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && values(spec.externalIPs).length > 0);
}

export function defaultService(obj: KubeObject): void {
  if (!obj.spec || typeof obj.spec !== 'object') obj.spec = {};
  const spec = obj.spec as Json;
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    setDefault(spec, 'sessionAffinityConfig', {});
    setDefault(spec.sessionAffinityConfig, 'clientIP', {});
    setDefault(spec.sessionAffinityConfig.clientIP, 'timeoutSeconds', 10800);
  }
  setDefault(spec, 'type', 'ClusterIP');
  for (const port of list(spec.ports)) {
    setDefault(port, 'protocol', 'TCP');
    if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  if (externallyAccessible(spec)) setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type !== 'ExternalName') {
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
    // The emulated cluster is single-stack IPv4.
    setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
    setDefault(spec, 'ipFamilies', ['IPv4']);
    if (spec.clusterIP && !spec.clusterIPs) spec.clusterIPs = [spec.clusterIP];
    if (!spec.clusterIP && Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0) spec.clusterIP = spec.clusterIPs[0];
  }
  if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  setDefault(obj, 'status', { loadBalancer: {} });
}

function isHeadless(spec: Json): boolean {
  return spec.clusterIP === 'None';
}

function duplicatePort(path: string, port: Json): StatusCause {
  // kube reports the (protocol, port) key as a Go struct.
  const rendered = `core.ServicePort{Name:"", Protocol:${JSON.stringify(port.protocol ?? '')}, AppProtocol:(*string)(nil), Port:${port.port}, TargetPort:${goIntOrString(0)}, NodePort:0}`;
  return { reason: 'FieldValueDuplicate', field: path, message: `Duplicate value: ${rendered}` };
}

function validateServicePorts(spec: Json): Causes {
  const causes: Causes = [];
  const ports = list(spec.ports);
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((port, i) => {
    const p = index('spec.ports', i);
    if (ports.length > 1 && !port.name) causes.push(fieldError.required(child(p, 'name')));
    else if (port.name) {
      for (const msg of isDNS1123Label(String(port.name))) causes.push(fieldError.invalid(child(p, 'name'), port.name, msg));
      if (names.has(port.name)) causes.push(fieldError.duplicate(child(p, 'name'), port.name));
      names.add(port.name);
    }
    for (const msg of isValidPortNum(port.port)) causes.push(fieldError.invalid(child(p, 'port'), port.port ?? 0, msg));
    causes.push(...validateEnum(port.protocol, child(p, 'protocol'), PROTOCOLS));
    if (typeof port.targetPort === 'number') {
      for (const msg of isValidPortNum(port.targetPort)) causes.push(fieldError.invalid(child(p, 'targetPort'), port.targetPort, msg));
    } else if (typeof port.targetPort === 'string') {
      for (const msg of isValidPortName(port.targetPort)) causes.push(fieldError.invalid(child(p, 'targetPort'), port.targetPort, msg));
    }
    if (port.nodePort) {
      if (spec.type === 'ClusterIP') causes.push(fieldError.forbidden(child(p, 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
      else for (const msg of isValidPortNum(port.nodePort)) causes.push(fieldError.invalid(child(p, 'nodePort'), port.nodePort, msg));
    }
    const key = `${port.protocol}/${port.port}`;
    if (keys.has(key)) causes.push(duplicatePort(p, port));
    keys.add(key);
  });
  return causes;
}

function validateClusterIPs(spec: Json): Causes {
  const causes: Causes = [];
  const ips: unknown[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
  if (spec.type === 'ExternalName') {
    if (ips.length > 0 && ips[0] !== '') causes.push(fieldError.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    return causes;
  }
  ips.forEach((ip, i) => {
    if (ip === 'None' && i === 0) return;
    if (typeof ip !== 'string' || isIP(ip) === 0) causes.push(fieldError.invalid(index('spec.clusterIPs', i), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  if (spec.clusterIP && ips.length > 0 && spec.clusterIP !== ips[0]) causes.push(fieldError.invalid('spec.clusterIPs', spec.clusterIPs, 'element [0] must match clusterIP'));
  return causes;
}

export function validateService(obj: KubeObject): Causes {
  const spec: Json = obj.spec ?? {};
  const causes: Causes = [];
  if (!SERVICE_TYPES.includes(spec.type)) causes.push(fieldError.notSupported('spec.type', spec.type ?? '', SERVICE_TYPES));
  if (list(spec.ports).length === 0 && !isHeadless(spec) && spec.type !== 'ExternalName') causes.push(fieldError.required('spec.ports'));
  if (spec.type === 'ExternalName' && !spec.externalName) causes.push(fieldError.required('spec.externalName'));
  causes.push(...validateServicePorts(spec));
  causes.push(...validateClusterIPs(spec));
  causes.push(...validateLabels(spec.selector, 'spec.selector'));
  causes.push(...validateEnum(spec.sessionAffinity, 'spec.sessionAffinity', ['ClientIP', 'None']));
  if (spec.externalTrafficPolicy) {
    if (!externallyAccessible(spec)) {
      causes.push(fieldError.invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, "may only be set when `type` is 'NodePort' or 'LoadBalancer'"));
    } else if (!TRAFFIC_POLICIES.includes(spec.externalTrafficPolicy)) {
      causes.push(fieldError.notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, TRAFFIC_POLICIES));
    }
  }
  if (spec.internalTrafficPolicy && !TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy)) {
    causes.push(fieldError.notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, TRAFFIC_POLICIES));
  }
  if (spec.ipFamilyPolicy && !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(spec.ipFamilyPolicy)) {
    causes.push(fieldError.notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, ['PreferDualStack', 'RequireDualStack', 'SingleStack']));
  }
  values(spec.ipFamilies).forEach((f, i) => {
    if (!['IPv4', 'IPv6'].includes(f)) causes.push(fieldError.notSupported(index('spec.ipFamilies', i), f, ['IPv4', 'IPv6']));
  });
  return causes;
}

/**
 * An allocated cluster IP stays for the Service's life. A request that leaves clusterIP empty
 * keeps the old one: the core copies it over before storing (kube's REST update does so).
 */
export function validateServiceUpdate(obj: KubeObject, old: KubeObject): Causes {
  const next: Json = obj.spec ?? {};
  const prev: Json = old.spec ?? {};
  if (next.type === 'ExternalName' || prev.type === 'ExternalName') return [];
  const nextIPs: string[] = Array.isArray(next.clusterIPs) ? next.clusterIPs : next.clusterIP ? [next.clusterIP] : [];
  const prevIPs: string[] = Array.isArray(prev.clusterIPs) ? prev.clusterIPs : prev.clusterIP ? [prev.clusterIP] : [];
  if (nextIPs.length === 0 || prevIPs.length === 0) return [];
  const causes: Causes = [];
  prevIPs.forEach((ip, i) => {
    if (i < nextIPs.length && nextIPs[i] !== ip) causes.push(fieldError.invalidRendered(index('spec.clusterIPs', i), goStringSlice(nextIPs), 'may not change once set'));
  });
  return causes;
}
