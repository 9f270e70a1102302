// The static pod manifests kubeadm writes to /etc/kubernetes/manifests on each control-plane
// node. The kubelet (src/emulator/nodes) turns them into mirror pods named <name>-<node>.
import type { KubeObject } from '../../kube/object';

export const CONTROL_PLANE_COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
export type ControlPlaneComponent = (typeof CONTROL_PLANE_COMPONENTS)[number];

const VERSION = 'v1.34.1';
const ETCD_IMAGE = 'registry.k8s.io/etcd:3.6.4-0';

/** Control-plane members come first in the topology, so member i has node i's InternalIP. */
function memberIP(index: number): string {
  const host = index + 2;
  return `172.18.${Math.floor(host / 256) % 256}.${host % 256}`;
}

function httpProbe(path: string, port: number, scheme: 'HTTP' | 'HTTPS', initialDelaySeconds: number, failureThreshold: number): Record<string, unknown> {
  return { httpGet: { host: '127.0.0.1', path, port, scheme }, initialDelaySeconds, periodSeconds: 10, timeoutSeconds: 15, failureThreshold };
}

function manifest(component: ControlPlaneComponent, image: string, command: string[], cpu: string, port: number, scheme: 'HTTP' | 'HTTPS', extra: { memory?: string; liveness?: string; readiness?: string; annotations?: Record<string, string> } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: component,
      namespace: 'kube-system',
      labels: { component, tier: 'control-plane' },
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
    },
    spec: {
      containers: [
        {
          name: component,
          image,
          imagePullPolicy: 'IfNotPresent',
          command,
          resources: { requests: { cpu, ...(extra.memory ? { memory: extra.memory } : {}) } },
          livenessProbe: httpProbe(extra.liveness ?? '/livez', port, scheme, 10, 8),
          readinessProbe: httpProbe(extra.readiness ?? '/readyz', port, scheme, 0, 3),
          startupProbe: httpProbe(extra.liveness ?? '/livez', port, scheme, 10, 24),
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    },
  };
}

/** kubeadm's four control-plane static pods for `node`; `members` are all control-plane nodes (for etcd's cluster). */
export function controlPlaneStaticPods(node: string, members: string[]): KubeObject[] {
  const index = Math.max(0, members.indexOf(node));
  const ip = memberIP(index);
  const initialCluster = members.map((m, i) => `${m}=https://${memberIP(i)}:2380`).join(',');
  return [
    manifest(
      'etcd',
      ETCD_IMAGE,
      [
        'etcd',
        `--advertise-client-urls=https://${ip}:2379`,
        '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
        '--client-cert-auth=true',
        '--data-dir=/var/lib/etcd',
        `--initial-advertise-peer-urls=https://${ip}:2380`,
        `--initial-cluster=${initialCluster}`,
        '--key-file=/etc/kubernetes/pki/etcd/server.key',
        `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
        '--listen-metrics-urls=http://127.0.0.1:2381',
        `--listen-peer-urls=https://${ip}:2380`,
        `--name=${node}`,
        '--snapshot-count=10000',
        '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      ],
      '100m',
      2381,
      'HTTP',
      { memory: '100Mi', liveness: '/livez', readiness: '/readyz', annotations: { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` } },
    ),
    manifest(
      'kube-apiserver',
      `registry.k8s.io/kube-apiserver:${VERSION}`,
      [
        'kube-apiserver',
        `--advertise-address=${ip}`,
        '--allow-privileged=true',
        '--authorization-mode=Node,RBAC',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--enable-admission-plugins=NodeRestriction',
        '--etcd-servers=https://127.0.0.1:2379',
        '--secure-port=6443',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--service-cluster-ip-range=10.96.0.0/12',
        '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
        '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
      ],
      '250m',
      6443,
      'HTTPS',
      { annotations: { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` } },
    ),
    manifest(
      'kube-controller-manager',
      `registry.k8s.io/kube-controller-manager:${VERSION}`,
      [
        'kube-controller-manager',
        '--allocate-node-cidrs=true',
        '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--bind-address=127.0.0.1',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--cluster-cidr=10.244.0.0/16',
        '--cluster-name=kubernetes',
        '--controllers=*,bootstrapsigner,tokencleaner',
        '--kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--leader-elect=true',
        '--service-cluster-ip-range=10.96.0.0/12',
        '--use-service-account-credentials=true',
      ],
      '200m',
      10257,
      'HTTPS',
      { liveness: '/healthz', readiness: '/healthz' },
    ),
    manifest(
      'kube-scheduler',
      `registry.k8s.io/kube-scheduler:${VERSION}`,
      [
        'kube-scheduler',
        '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--bind-address=127.0.0.1',
        '--kubeconfig=/etc/kubernetes/scheduler.conf',
        '--leader-elect=true',
      ],
      '100m',
      10259,
      'HTTPS',
    ),
  ];
}
