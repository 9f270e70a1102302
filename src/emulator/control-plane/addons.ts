// kubeadm's addons, created through the API as `kubeadm init` does: CoreDNS (a Deployment
// of 2 that tolerates the control-plane taint, its Service kube-dns and Corefile) and
// kube-proxy (a DaemonSet tolerating everything). kubeadm creates them before any worker
// joins, which is why the seed's two CoreDNS pods both run on whale1.
import type { KubeObject } from '../../kube/object';
import { isAlreadyExists, type LoopbackClient } from '../client/loopback-client';
import { R, type ResourceRef } from '../client/paths';
import type { ClusterProfile } from './topology';
import type { Log } from '../log';

const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.12.1';
const KUBE_PROXY_IMAGE = 'registry.k8s.io/kube-proxy:v1.34.1';
export const KUBE_DNS_SERVICE_IP = '10.96.0.10';

const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

function meta(name: string, labels?: Record<string, string>): KubeObject['metadata'] {
  return { name, namespace: 'kube-system', ...(labels ? { labels } : {}) };
}

export function coreDnsObjects(): { ref: ResourceRef; obj: KubeObject }[] {
  const labels = { 'k8s-app': 'kube-dns' };
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('coredns', labels),
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' } },
              ],
            },
          },
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          ],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          containers: [
            {
              name: 'coredns',
              image: COREDNS_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              args: ['-conf', '/etc/coredns/Corefile'],
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
              ports: [
                { containerPort: 53, name: 'dns', protocol: 'UDP' },
                { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
              ],
              livenessProbe: { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 },
              readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
              volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
            },
          ],
          dnsPolicy: 'Default',
          volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
        },
      },
    },
  };
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...meta('kube-dns', { ...labels, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }), annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' } },
    spec: {
      clusterIP: KUBE_DNS_SERVICE_IP,
      selector: labels,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  };
  return [
    { ref: { ...R.serviceAccounts, namespace: 'kube-system' }, obj: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('coredns') } },
    { ref: { ...R.configMaps, namespace: 'kube-system' }, obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('coredns'), data: { Corefile: COREFILE } } },
    { ref: { ...R.deployments, namespace: 'kube-system' }, obj: deployment },
    { ref: { ...R.services, namespace: 'kube-system' }, obj: service },
  ];
}

export function kubeProxyObjects(): { ref: ResourceRef; obj: KubeObject }[] {
  const labels = { 'k8s-app': 'kube-proxy' };
  const daemonSet: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta('kube-proxy', labels),
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-node-critical',
          serviceAccountName: 'kube-proxy',
          hostNetwork: true,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'kube-proxy',
              image: KUBE_PROXY_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
              env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
              securityContext: { privileged: true },
              volumeMounts: [
                { name: 'kube-proxy', mountPath: '/var/lib/kube-proxy' },
                { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
                { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
            { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
            { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
          ],
        },
      },
    },
  };
  const config = 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: 10.244.0.0/16\nmode: iptables\n';
  return [
    { ref: { ...R.serviceAccounts, namespace: 'kube-system' }, obj: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('kube-proxy') } },
    { ref: { ...R.configMaps, namespace: 'kube-system' }, obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('kube-proxy', { app: 'kube-proxy' }), data: { 'config.conf': config } } },
    { ref: { ...R.daemonSets, namespace: 'kube-system' }, obj: daemonSet },
  ];
}

/** The addons a profile installs: k3s embeds kube-proxy in its agent, so it has no kube-proxy pods. */
export function addonObjects(profile: ClusterProfile): { ref: ResourceRef; obj: KubeObject }[] {
  return profile === 'k3s' ? coreDnsObjects() : [...coreDnsObjects(), ...kubeProxyObjects()];
}

/** Creates what is missing; returns whether CoreDNS was new (a first boot). */
export async function installAddons(client: LoopbackClient, profile: ClusterProfile, log: Log): Promise<boolean> {
  let firstBoot = false;
  for (const { ref, obj } of addonObjects(profile)) {
    // Present from an earlier start (a Service's fixed clusterIP would fail allocation before AlreadyExists).
    const present = await client.get({ ...ref, name: obj.metadata.name }).then(
      () => true,
      () => false,
    );
    if (present) continue;
    try {
      await client.create(ref, obj);
      if (obj.kind === 'Deployment') firstBoot = true;
    } catch (e) {
      if (!isAlreadyExists(e)) log(`creating addon ${obj.kind} ${obj.metadata.name} failed: ${e instanceof Error ? e.message : String(e)}`, 'W');
    }
  }
  return firstBoot;
}
