// Costs of the schema and table code on the API server's request paths: building the OpenAPI
// documents (once per CRD change), strict field validation and pruning of a typical pod (every
// write), and Table rows (every `kubectl get`, 150,000 pods in the biggest list).
// Run: node --import tsx bench/schema-tables.ts
import { SchemaRegistry } from '../src/emulator/apiserver/schema/index';
import { findUnknownFields } from '../src/emulator/apiserver/schema/unknown-fields';
import { BUILTIN_RESOURCES } from '../src/emulator/apiserver/resource-type';
import { tableRow } from '../src/emulator/apiserver/tables/index';
import type { KubeObject } from '../src/kube/object';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median milliseconds of `fn` over `runs` runs (after `warmup` unmeasured runs). */
function measure(fn: () => void, runs: number, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

function typicalPod(i: number): KubeObject {
  const now = Date.now();
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `web-7d4b9c8f5-${i}`, namespace: 'default', uid: `uid-${i}`, resourceVersion: String(i), creationTimestamp: new Date(now - 3600_000).toISOString(),
      labels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c8f5', uid: 'rs', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeName: `node-${i % 100}`, restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      containers: [{
        name: 'web', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        env: [{ name: 'MODE', value: 'prod' }], terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
      }],
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: {
      phase: 'Running', podIP: '10.244.0.5', podIPs: [{ ip: '10.244.0.5' }], hostIP: '192.168.0.2', qosClass: 'Burstable',
      conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
      containerStatuses: [{ name: 'web', ready: true, started: true, restartCount: 0, image: 'nginx:1.27', imageID: '', state: { running: { startedAt: new Date(now - 3500_000).toISOString() } } }],
    },
  };
}

const lines: string[] = [];
function report(name: string, ms: number, unit: 'ms' | 'us' = 'ms'): void {
  const text = unit === 'us' ? `${(ms * 1000).toFixed(2)} µs` : `${ms.toFixed(1)} ms`;
  lines.push(`| ${name} | ${text} |`);
  console.log(`${name}: ${text}`);
}

// Documents: a fresh registry each run, so nothing is cached.
report('openApiV2 JSON document, built (median of 10)', measure(() => new SchemaRegistry().openApiV2(BUILTIN_RESOURCES), 10));
report('openApiV2 protobuf, built and encoded (median of 10)', measure(() => new SchemaRegistry().openApiV2Protobuf(BUILTIN_RESOURCES), 10));
report('openApiV3Paths index with every group-version document (median of 10)', measure(() => new SchemaRegistry().openApiV3Paths(BUILTIN_RESOURCES), 10));
const cached = new SchemaRegistry();
report('openApiV3 apps/v1, cached (median of 1000)', measure(() => cached.openApiV3('apps', 'v1', BUILTIN_RESOURCES), 1000), 'us');

const registry = new SchemaRegistry();
const pod = typicalPod(1);
report('unknownFields, typical pod (median of 10000)', measure(() => registry.unknownFields('', 'v1', 'Pod', pod), 10000, 1000), 'us');
// Events as the kubelet writes them, each stamped with another second of the last days of a
// month: the decode type check parses every timestamp it has not just seen.
const lastDays = ['2026-11-29', '2026-11-30', '2026-12-31', '2024-02-29'];
const events = Array.from({ length: 20_000 }, (_, i) => {
  const at = `${lastDays[i % lastDays.length]}T${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`;
  return {
    apiVersion: 'v1', kind: 'Event',
    metadata: { name: `web-${i}.1871f3c2a9b0e4d1`, namespace: 'default', creationTimestamp: at, managedFields: [{ manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time: at, fieldsType: 'FieldsV1', fieldsV1: { 'f:count': {}, 'f:message': {} } }] },
    involvedObject: { kind: 'Pod', namespace: 'default', name: `web-${i}`, uid: `uid-${i}`, apiVersion: 'v1', resourceVersion: '12', fieldPath: 'spec.containers{app}' },
    reason: 'Pulled', message: 'Container image "nginx" already present on machine', source: { component: 'kubelet', host: 'whale2' },
    firstTimestamp: at, lastTimestamp: at, count: 1, type: 'Normal', reportingComponent: 'kubelet', reportingInstance: 'whale2',
  };
});
const perEvent = (fn: (e: unknown) => void): number => measure(() => { for (const e of events) fn(e); }, 7, 1) / events.length;
const eventSchema = registry.forKind('', 'v1', 'Event')!;
report('unknownFields with the decode type check, Event (20,000 timestamps of days 29-31, median of 7)', perEvent((e) => registry.unknownFields('', 'v1', 'Event', e)), 'us');
report('unknown fields only, no type check, same Events (median of 7)', perEvent((e) => findUnknownFields(eventSchema, e)), 'us');
report('prune, typical pod incl. structuredClone (median of 10000)', measure(() => registry.prune('', 'v1', 'Pod', structuredClone(pod)), 10000, 1000), 'us');
report('structuredClone alone, typical pod (median of 10000)', measure(() => structuredClone(pod), 10000, 1000), 'us');

const podsResource = BUILTIN_RESOURCES.find((r) => r.kind === 'Pod')!;
const now = Date.now();
report('tableRow, running pod (median of 10000)', measure(() => tableRow(podsResource, pod, now), 10000, 1000), 'us');
const pods = Array.from({ length: 150_000 }, (_, i) => typicalPod(i));
report('Table rows for 150,000 pods (median of 5)', measure(() => { for (const p of pods) tableRow(podsResource, p, now); }, 5, 1));

console.log(`\n| measurement | median |\n|---|---|\n${lines.join('\n')}`);
