// Cluster-level allocation for Services, as kube-apiserver's allocators do it: a ClusterIP
// from 10.96.0.0/12 (10.96.0.1 is the `kubernetes` Service) and NodePorts from 30000-32767.
import type { KubeObject } from '../../kube/object.js';
import type { Store } from '../store/types.js';
import { ApiError, fieldError } from './status.js';

const SERVICE_PREFIX = '/registry/core/services/';
const CIDR_BASE = (10 << 24) | (96 << 16);
const CIDR_SIZE = 1 << 20;
export const KUBERNETES_SERVICE_IP = '10.96.0.1';

function ipToString(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function used(store: Store): { ips: Set<string>; ports: Set<number> } {
  const ips = new Set<string>();
  const ports = new Set<number>();
  for (const v of store.list(SERVICE_PREFIX).items) {
    const svc = JSON.parse(v.json) as KubeObject;
    for (const ip of svc.spec?.clusterIPs ?? [svc.spec?.clusterIP]) if (ip) ips.add(ip);
    for (const p of svc.spec?.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
  }
  return { ips, ports };
}

function needsNodePorts(svc: KubeObject): boolean {
  return svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';
}

/** Fills spec.clusterIP(s) and nodePorts of a new Service; 422 when a requested one is taken. */
export function allocateServiceAddresses(store: Store, svc: KubeObject, preferred?: string): void {
  const spec = (svc.spec ??= {});
  if (spec.type === 'ExternalName') return;
  const taken = used(store);
  if (spec.clusterIP === 'None' || (spec.clusterIPs && spec.clusterIPs[0] === 'None')) {
    spec.clusterIP = 'None';
    spec.clusterIPs = ['None'];
  } else if (spec.clusterIP || spec.clusterIPs?.[0]) {
    const ip = spec.clusterIP || spec.clusterIPs[0];
    if (taken.ips.has(ip)) throw ApiError.invalid('Service', svc.metadata.name ?? '', undefined, [fieldError.invalid('spec.clusterIPs', [ip], `failed to allocate IP ${ip}: provided IP is already allocated`)]);
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  } else {
    let ip = preferred && !taken.ips.has(preferred) ? preferred : undefined;
    for (let tries = 0; !ip && tries < 10000; tries++) {
      const candidate = ipToString(CIDR_BASE + 10 + Math.floor(Math.random() * (CIDR_SIZE - 12)));
      if (!taken.ips.has(candidate)) ip = candidate;
    }
    if (!ip) throw ApiError.internal('failed to allocate a serviceIP: range is full');
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  }
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  if (!needsNodePorts(svc)) return;
  for (const [i, port] of (spec.ports ?? []).entries()) {
    if (port.nodePort) {
      if (taken.ports.has(port.nodePort)) {
        throw ApiError.invalid('Service', svc.metadata.name ?? '', undefined, [fieldError.invalid(`spec.ports[${i}].nodePort`, port.nodePort, 'provided port is already allocated')]);
      }
    } else {
      let p = 0;
      for (let tries = 0; !p && tries < 10000; tries++) {
        const candidate = 30000 + Math.floor(Math.random() * 2768);
        if (!taken.ports.has(candidate)) p = candidate;
      }
      port.nodePort = p;
    }
    taken.ports.add(port.nodePort);
  }
}

/** On update, values the client left out keep what was allocated (as kube-apiserver does). */
export function keepAllocatedServiceAddresses(store: Store, old: KubeObject, next: KubeObject): void {
  const spec = (next.spec ??= {});
  if (spec.type !== 'ExternalName' && old.spec?.type !== 'ExternalName') {
    if (!spec.clusterIP && old.spec?.clusterIP) spec.clusterIP = old.spec.clusterIP;
    if (!spec.clusterIPs && old.spec?.clusterIPs) spec.clusterIPs = old.spec.clusterIPs;
    spec.ipFamilies ??= old.spec?.ipFamilies;
    spec.ipFamilyPolicy ??= old.spec?.ipFamilyPolicy;
  }
  if (!needsNodePorts(next)) {
    for (const p of spec.ports ?? []) delete p.nodePort;
    return;
  }
  const oldPorts: any[] = old.spec?.ports ?? [];
  const missing = (spec.ports ?? []).filter((p: any) => !p.nodePort);
  for (const p of missing) {
    const match = oldPorts.find((o) => o.nodePort && (o.port === p.port || (o.name && o.name === p.name)));
    if (match) p.nodePort = match.nodePort;
  }
  if ((spec.ports ?? []).some((p: any) => !p.nodePort)) {
    const taken = used(store);
    for (const p of spec.ports) {
      if (p.nodePort) continue;
      let port = 0;
      for (let tries = 0; !port && tries < 10000; tries++) {
        const c = 30000 + Math.floor(Math.random() * 2768);
        if (!taken.ports.has(c)) port = c;
      }
      p.nodePort = port;
      taken.ports.add(port);
    }
  }
}
