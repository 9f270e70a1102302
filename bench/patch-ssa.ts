// Server-side apply and strategic merge patch of a typical Deployment, against the emulator's
// real built-in schema. Prints the median time per operation over several rounds.
//   node --import tsx bench/patch-ssa.ts
import { applyStrategicMergePatch, serverSideApply, trackUpdate } from '../src/emulator/apiserver/patch/index';
import { SchemaRegistry } from '../src/emulator/apiserver/schema/index';
import type { KubeObject } from '../src/kube/object';

const schema = new SchemaRegistry().forKind('apps', 'v1', 'Deployment');

function deployment(replicas: number, image: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'frontend' }, annotations: { 'example.com/owner': 'team-a' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web', tier: 'frontend' } },
        spec: {
          containers: [
            {
              name: 'web',
              image,
              ports: [{ containerPort: 8080, name: 'http' }],
              env: Array.from({ length: 6 }, (_, i) => ({ name: `VAR_${i}`, value: String(i) })),
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
              readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5 },
              volumeMounts: [{ name: 'config', mountPath: '/etc/web' }],
            },
            { name: 'sidecar', image: 'envoy:1.30', ports: [{ containerPort: 9901 }] },
          ],
          volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
        },
      },
    },
  };
}

const now = '2026-01-01T00:00:00Z';
const base = { schema, now, apiVersion: 'apps/v1', ignoreStatus: true, force: false };
const live = serverSideApply({ ...base, applied: deployment(3, 'web:1'), manager: 'kubectl' });

const liveJson = JSON.stringify(live);
const cases: Record<string, () => unknown> = {
  'baseline: JSON.parse of the stored Deployment': () => JSON.parse(liveJson),
  'SSA create': () => serverSideApply({ ...base, applied: deployment(3, 'web:1'), manager: 'kubectl' }),
  'SSA re-apply, no change': () => serverSideApply({ ...base, live, applied: deployment(3, 'web:1'), manager: 'kubectl' }),
  'SSA re-apply, image + replicas changed': () => serverSideApply({ ...base, live, applied: deployment(5, 'web:2'), manager: 'kubectl' }),
  'SSA second manager, shared fields': () => serverSideApply({ ...base, live, applied: deployment(3, 'web:1'), manager: 'helm' }),
  'trackUpdate (edit replicas)': () => trackUpdate({ ...base, live, updated: { ...live, spec: { ...live.spec, replicas: 4 } }, manager: 'kubectl-edit' }),
  'strategic merge patch (set image)': () =>
    applyStrategicMergePatch(live, { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }], containers: [{ name: 'web', image: 'web:3' }] } } } }, schema),
};

function medianMicros(fn: () => unknown, iterations: number, rounds: number): number {
  for (let i = 0; i < 200; i++) fn();
  const perOp: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    perOp.push(Number(process.hrtime.bigint() - t) / 1000 / iterations);
  }
  perOp.sort((a, b) => a - b);
  return perOp[Math.floor(perOp.length / 2)];
}

console.log(`node ${process.version}, ${new Date().toISOString()}, stored Deployment ${liveJson.length} bytes`);
let baseline = 0;
for (const [name, fn] of Object.entries(cases)) {
  const us = medianMicros(fn, 500, 15);
  baseline ||= us;
  console.log(`${name.padEnd(46)} median ${us.toFixed(1).padStart(6)} µs/op  (${(us / baseline).toFixed(1)}x baseline)`);
}
