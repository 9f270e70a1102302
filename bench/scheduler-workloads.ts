// Workloads for the scheduler benchmarks, in the style of kube-scheduler's scheduler_perf:
// nodes with 4 cpu / 32Gi / 110 pods spread over zones, pods with cpu/memory requests.
import type { Node, Pod, SelectorOwner } from '../src/scheduler';

export function benchNodes(n: number, zones = 3): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < n; i++) {
    const name = `node-${i}`;
    const allocatable = { cpu: '4', memory: '32Gi', pods: '110' };
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % zones}` } },
      spec: {},
      status: { capacity: allocatable, allocatable, images: [{ names: ['registry.k8s.io/pause:3.10'], sizeBytes: 300_000 }] },
    });
  }
  return out;
}

export type PodShape = 'basic' | 'anti-affinity' | 'topology-spread' | 'replicaset';

export function benchPods(n: number, shape: PodShape, prefix = 'pod'): Pod[] {
  const out: Pod[] = [];
  for (let i = 0; i < n; i++) {
    const name = `${prefix}-${i}`;
    const labels: Record<string, string> = { app: 'bench', color: `c${i % 50}` };
    const spec: Pod['spec'] = {
      containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' } } }],
    };
    if (shape === 'anti-affinity') {
      // Each pod repels pods of its own color from its node, as SchedulingPodAntiAffinity does.
      spec.affinity = {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { color: labels.color } }, topologyKey: 'kubernetes.io/hostname' }],
        },
      };
    } else if (shape === 'replicaset') {
      // Pods of 20 Deployments: kube-scheduler's default spreading (zone, hostname) scores them.
      labels.app = `deploy-${i % 20}`;
    } else if (shape === 'topology-spread') {
      spec.topologySpreadConstraints = [
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'bench' } } },
      ];
    }
    const ownerReferences = shape === 'replicaset' ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: labels.app, uid: `${labels.app}-uid`, controller: true }] : undefined;
    out.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `${name}-uid`, labels, ownerReferences }, spec, status: { phase: 'Pending' } });
  }
  return out;
}

/** The ReplicaSets owning 'replicaset' pods, for the snapshot's default spreading. */
export function benchReplicaSets(): SelectorOwner[] {
  return Array.from({ length: 20 }, (_, i) => ({ metadata: { name: `deploy-${i}`, namespace: 'default' }, spec: { selector: { matchLabels: { app: `deploy-${i}` } } } }));
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
