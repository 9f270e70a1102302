// The docker-links variables the kubelet gives every container (getServiceEnvVarMap and
// envvars.FromServices): FOO_SERVICE_HOST, FOO_SERVICE_PORT, FOO_PORT_80_TCP_ADDR, ...
// `kubernetes` of `default` is always there; the namespace's own Services only while
// spec.enableServiceLinks is not false. Headless and ExternalName Services have no IP: none.
import type { KubeObject } from '../../../kube/object';

const MASTER_SERVICES = new Set(['kubernetes']);

/** The variables in order: `kubernetes` first, then the namespace's Services by name. */
export function serviceLinkVariables(services: KubeObject[], namespace: string, enableServiceLinks: boolean): Map<string, string> {
  const byName = new Map<string, KubeObject>();
  for (const svc of services) {
    if (!hasClusterIP(svc)) continue;
    const name = svc.metadata.name ?? '';
    const ns = svc.metadata.namespace ?? 'default';
    // A namespace's own Service of the same name wins over `kubernetes` of default, as in the kubelet.
    if (ns === namespace && enableServiceLinks) byName.set(name, svc);
    else if (ns === 'default' && MASTER_SERVICES.has(name) && !byName.has(name)) byName.set(name, svc);
  }
  const names = [...byName.keys()].sort((a, b) => (MASTER_SERVICES.has(a) ? -1 : MASTER_SERVICES.has(b) ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const vars = new Map<string, string>();
  for (const name of names) for (const [k, v] of serviceVariables(byName.get(name) as KubeObject)) vars.set(k, v);
  return vars;
}

function hasClusterIP(svc: KubeObject): boolean {
  const ip = svc.spec?.clusterIP;
  return typeof ip === 'string' && ip !== '' && ip !== 'None' && (svc.spec?.ports ?? []).length > 0;
}

function serviceVariables(svc: KubeObject): Array<[string, string]> {
  const prefix = envName(svc.metadata.name ?? '');
  const ip: string = svc.spec.clusterIP;
  const ports: any[] = svc.spec.ports;
  const out: Array<[string, string]> = [
    [`${prefix}_SERVICE_HOST`, ip],
    [`${prefix}_SERVICE_PORT`, String(ports[0].port)],
  ];
  for (const p of ports) if (p.name) out.push([`${prefix}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
  // Docker special-cases the first port with a bare FOO_PORT.
  ports.forEach((p, i) => {
    const protocol = String(p.protocol || 'TCP');
    const url = `${protocol.toLowerCase()}://${joinHostPort(ip, p.port)}`;
    if (i === 0) out.push([`${prefix}_PORT`, url]);
    const portPrefix = `${prefix}_PORT_${p.port}_${protocol.toUpperCase()}`;
    out.push([portPrefix, url], [`${portPrefix}_PROTO`, protocol.toLowerCase()], [`${portPrefix}_PORT`, String(p.port)], [`${portPrefix}_ADDR`, ip]);
  });
  return out;
}

function envName(name: string): string {
  return name.replace(/-/g, '_').toUpperCase();
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
