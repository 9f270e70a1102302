// How long admission (defaults + validation) adds to a write: per-object cost for a typical
// pod create (with and without the ServiceAccount token volume, same run for a fair ratio),
// pod update (image change), Deployment create and Service create.
// Run: node --import tsx bench/admission.ts   (prints medians of 11 rounds)

import { applyDefaults, validate } from '../src/emulator/apiserver/admission/index';
import { BUILTIN_RESOURCES } from '../src/emulator/apiserver/resource-type';
import type { KubeObject } from '../src/kube/object';

const res = (kind: string) => BUILTIN_RESOURCES.find((r) => r.kind === kind && (kind !== 'Event' || r.group === ''))!;

function typicalPod(i: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-7d4b9c-${i}`, namespace: 'default', labels: { app: 'web', 'pod-template-hash': '7d4b9c' }, annotations: { 'example.com/owner': 'team-a' } },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          ports: [{ name: 'http', containerPort: 80 }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          readinessProbe: { httpGet: { path: '/healthz', port: 80 } },
          env: [{ name: 'MODE', value: 'prod' }],
          volumeMounts: [{ name: 'config', mountPath: '/etc/web' }],
        },
        { name: 'sidecar', image: 'busybox:1.36', command: ['sh', '-c', 'sleep infinity'] },
      ],
      volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    },
  };
}

function deployment(i: number): KubeObject {
  const pod = typicalPod(i);
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `web-${i}`, namespace: 'default' }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: pod.spec } } };
}

function service(i: number): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: `web-${i}`, namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };
}

function measure(label: string, n: number, make: (i: number) => KubeObject, run: (obj: KubeObject) => void): void {
  const rounds: number[] = [];
  for (let round = 0; round < 11; round++) {
    const objs = Array.from({ length: n }, (_, i) => make(i));
    const start = process.hrtime.bigint();
    for (const o of objs) run(o);
    rounds.push(Number(process.hrtime.bigint() - start) / 1000 / n);
  }
  rounds.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} median ${rounds[5].toFixed(1)} µs/object  (min ${rounds[0].toFixed(1)}, max ${rounds[10].toFixed(1)}; ${n} objects/round)`);
}

const N = 5000;
const podRes = res('Pod');

measure('pod create (defaults + validate)', N, typicalPod, (o) => {
  if (applyDefaults(podRes, o, { operation: 'CREATE' })) throw new Error('denied');
  if (validate(podRes, o, undefined).length) throw new Error('invalid');
});

measure('pod create, no token volume', N, typicalPod, (o) => {
  if (applyDefaults(podRes, o, { operation: 'CREATE', mountServiceAccountToken: false })) throw new Error('denied');
  if (validate(podRes, o, undefined).length) throw new Error('invalid');
});

const stored = typicalPod(0);
applyDefaults(podRes, stored, { operation: 'CREATE' });
measure(
  'pod update (image change)',
  N,
  () => {
    const next = structuredClone(stored);
    next.spec.containers[0].image = 'nginx:1.28';
    return next;
  },
  (o) => {
    applyDefaults(podRes, o, { operation: 'UPDATE' });
    if (validate(podRes, o, stored).length) throw new Error('invalid');
  },
);

measure('deployment create', N, deployment, (o) => {
  applyDefaults(res('Deployment'), o, { operation: 'CREATE' });
  if (validate(res('Deployment'), o, undefined).length) throw new Error('invalid');
});

measure('service create', N, service, (o) => {
  applyDefaults(res('Service'), o, { operation: 'CREATE' });
  if (validate(res('Service'), o, undefined).length) throw new Error('invalid');
});
