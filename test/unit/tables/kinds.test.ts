import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printerColumnsOf, tableColumns, tableRow, type PrintableResource } from '../../../src/emulator/apiserver/tables/index';
import { BUILTIN_RESOURCES } from '../../../src/emulator/apiserver/resource-type';
import type { KubeObject } from '../../../src/kube/object';

const now = Date.parse('2026-01-01T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

function resource(group: string, kind: string): PrintableResource {
  const r = BUILTIN_RESOURCES.find((x) => x.group === group && x.kind === kind);
  assert.ok(r, `${group}/${kind}`);
  return r;
}

function obj(kind: string, name: string, fields: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return { kind, metadata: { name, creationTimestamp: ago(5 * DAY), ...metadata }, ...fields };
}

const headers = (group: string, kind: string) => tableColumns(resource(group, kind)).map((c) => c.name);
const cells = (group: string, kind: string, o: KubeObject) => tableRow(resource(group, kind), o, now).cells;

test('a cordoned control-plane node', () => {
  assert.deepEqual(headers('', 'Node'), ['Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime']);
  const node = obj(
    'Node',
    'whale1',
    {
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '192.168.56.11' }, { type: 'Hostname', address: 'whale1' }],
        nodeInfo: { kubeletVersion: 'v1.34.1', osImage: 'Ubuntu 24.04 LTS', kernelVersion: '6.8.0-45-generic', containerRuntimeVersion: 'containerd://1.7.22' },
      },
    },
    { labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'whale1' } },
  );
  assert.deepEqual(cells('', 'Node', node), ['whale1', 'Ready,SchedulingDisabled', 'control-plane', '5d', 'v1.34.1', '192.168.56.11', '<none>', 'Ubuntu 24.04 LTS', '6.8.0-45-generic', 'containerd://1.7.22']);
  const worker = obj('Node', 'whale2', { status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } });
  assert.deepEqual(cells('', 'Node', worker).slice(1, 3), ['NotReady', '<none>']);
  assert.equal(cells('', 'Node', obj('Node', 'new', {}))[1], 'Unknown');
});

test('a deployment, with containers, images and selector in the wide columns', () => {
  assert.deepEqual(headers('apps', 'Deployment'), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
  const d = obj('Deployment', 'web', {
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web', tier: 'front' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'canary'] }] },
      template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'fluent-bit:3' }] } },
    },
    status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
  }, { creationTimestamp: ago(90 * 1000) });
  assert.deepEqual(cells('apps', 'Deployment', d), ['web', '2/3', 3, 2, '90s', 'web,log', 'nginx:1.27,fluent-bit:3', 'app=web,env in (canary,prod),tier=front']);
});

test('replicasets, daemonsets, statefulsets', () => {
  const template = { spec: { containers: [{ name: 'c', image: 'i' }] } };
  const rs = obj('ReplicaSet', 'web-7d4b9c8f5', { spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template }, status: { replicas: 3, readyReplicas: 1 } });
  assert.deepEqual(cells('apps', 'ReplicaSet', rs), ['web-7d4b9c8f5', 3, 3, 1, '5d', 'c', 'i', 'app=web']);
  const ds = obj('DaemonSet', 'kube-proxy', {
    spec: { selector: { matchLabels: { k8s: 'proxy' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.34.1' }] } } },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 },
  });
  assert.deepEqual(cells('apps', 'DaemonSet', ds).slice(0, 8), ['kube-proxy', 3, 3, 3, 3, 3, 'kubernetes.io/os=linux', '5d']);
  const sts = obj('StatefulSet', 'db', { spec: { replicas: 2, template }, status: { readyReplicas: 1 } });
  assert.deepEqual(cells('apps', 'StatefulSet', sts), ['db', '1/2', '5d', 'c', 'i']);
});

test('jobs and cronjobs', () => {
  assert.deepEqual(headers('batch', 'Job').slice(0, 5), ['Name', 'Status', 'Completions', 'Duration', 'Age']);
  const done = obj('Job', 'pi', {
    spec: { completions: 1, template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } },
    status: { succeeded: 1, startTime: ago(10 * MIN), completionTime: ago(10 * MIN - 42_000), conditions: [{ type: 'Complete', status: 'True' }] },
  });
  assert.deepEqual(cells('batch', 'Job', done).slice(0, 5), ['pi', 'Complete', '1/1', '42s', '5d']);
  const running = obj('Job', 'batch', { spec: { parallelism: 3 }, status: { startTime: ago(3 * MIN) } });
  assert.deepEqual(cells('batch', 'Job', running).slice(1, 4), ['Running', '0/1 of 3', '3m']);
  const cj = obj('CronJob', 'nightly', { spec: { schedule: '0 3 * * *', suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'b', image: 'backup' }] } } } } }, status: { active: [{ name: 'x' }], lastScheduleTime: ago(9 * 60 * MIN) } });
  assert.deepEqual(cells('batch', 'CronJob', cj).slice(0, 7), ['nightly', '0 3 * * *', '<none>', 'False', 1, '9h', '5d']);
});

test('services, endpoints, configmaps, secrets, namespaces', () => {
  assert.deepEqual(headers('', 'Service'), ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector']);
  const svc = obj('Service', 'web', { spec: { type: 'NodePort', clusterIP: '10.96.12.7', clusterIPs: ['10.96.12.7'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], selector: { app: 'web' } } });
  assert.deepEqual(cells('', 'Service', svc), ['web', 'NodePort', '10.96.12.7', '<none>', '80:30080/TCP,53/UDP', '5d', 'app=web']);
  const lb = obj('Service', 'lb', { spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.9'], ports: [{ port: 443, protocol: 'TCP' }] } });
  assert.equal(cells('', 'Service', lb)[3], '<pending>');
  const ep = obj('Endpoints', 'web', { subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }, { ip: '10.0.0.4' }], ports: [{ port: 8080 }] }] });
  assert.equal(cells('', 'Endpoints', ep)[1], '10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...');
  assert.equal(cells('', 'Endpoints', obj('Endpoints', 'none', {}))[1], '<none>');
  assert.deepEqual(cells('', 'ConfigMap', obj('ConfigMap', 'cfg', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } })), ['cfg', 3, '5d']);
  assert.deepEqual(cells('', 'Secret', obj('Secret', 's', { type: 'Opaque', data: { p: 'eA==' } })), ['s', 'Opaque', 1, '5d']);
  assert.deepEqual(cells('', 'Namespace', obj('Namespace', 'kube-system', { status: { phase: 'Active' } })), ['kube-system', 'Active', '5d']);
});

test('events read the same through core/v1 and events.k8s.io/v1', () => {
  assert.deepEqual(headers('', 'Event').filter((_, i) => tableColumns(resource('', 'Event'))[i].priority === 0), ['Last Seen', 'Type', 'Reason', 'Object', 'Message']);
  const core = obj('Event', 'web.17a', {
    involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{web}' },
    reason: 'Pulled', type: 'Normal', message: 'Container image "nginx" already present on machine ',
    source: { component: 'kubelet', host: 'whale2' }, firstTimestamp: ago(20 * MIN), lastTimestamp: ago(2 * MIN), count: 3,
  });
  assert.deepEqual(cells('', 'Event', core), ['2m', 'Normal', 'Pulled', 'pod/web', 'spec.containers{web}', 'kubelet, whale2', 'Container image "nginx" already present on machine', '20m', 3, 'web.17a']);
  const modern = obj('Event', 'web.17b', {
    apiVersion: 'events.k8s.io/v1', regarding: { kind: 'Pod', name: 'web' }, reason: 'Scheduled', type: 'Normal', note: 'Successfully assigned default/web to whale2',
    eventTime: ago(30_000), reportingController: 'default-scheduler',
  });
  assert.deepEqual(cells('events.k8s.io', 'Event', modern).slice(0, 9), ['30s', 'Normal', 'Scheduled', 'pod/web', '', 'default-scheduler', 'Successfully assigned default/web to whale2', '30s', 1]);
});

test('leases, priority classes, disruption budgets, endpoint slices, bindings, PVs', () => {
  assert.deepEqual(cells('coordination.k8s.io', 'Lease', obj('Lease', 'kube-scheduler', { spec: { holderIdentity: 'whale1_abc' } })), ['kube-scheduler', 'whale1_abc', '5d']);
  assert.deepEqual(
    cells('scheduling.k8s.io', 'PriorityClass', obj('PriorityClass', 'system-node-critical', { value: 2000001000, preemptionPolicy: 'PreemptLowerPriority' })),
    ['system-node-critical', 2000001000, false, '5d', 'PreemptLowerPriority'],
  );
  assert.deepEqual(cells('policy', 'PodDisruptionBudget', obj('PodDisruptionBudget', 'web', { spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } })), ['web', '50%', 'N/A', 1, '5d']);
  const slice = obj('EndpointSlice', 'web-abcde', { addressType: 'IPv4', ports: [{ port: 80 }], endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }] });
  assert.deepEqual(cells('discovery.k8s.io', 'EndpointSlice', slice), ['web-abcde', 'IPv4', '80', '10.0.0.1,10.0.0.2', '5d']);
  const rb = obj('RoleBinding', 'read', { roleRef: { kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'default', namespace: 'ci' }] });
  assert.deepEqual(cells('rbac.authorization.k8s.io', 'RoleBinding', rb), ['read', 'Role/reader', '5d', 'jane', '', 'ci/default']);
  const pv = obj('PersistentVolume', 'pv1', { spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', claimRef: { namespace: 'default', name: 'data' }, storageClassName: 'standard' }, status: { phase: 'Bound' } });
  assert.deepEqual(cells('', 'PersistentVolume', pv).slice(0, 7), ['pv1', '10Gi', 'RWO,RWX', 'Retain', 'Bound', 'default/data', 'standard']);
});

test('kinds without a printer get Name and Created At; CRDs too', () => {
  assert.deepEqual(headers('apiextensions.k8s.io', 'CustomResourceDefinition'), ['Name', 'Created At']);
  const crd = obj('CustomResourceDefinition', 'widgets.example.com', {}, { creationTimestamp: '2026-01-01T08:30:00.000Z' });
  assert.deepEqual(cells('apiextensions.k8s.io', 'CustomResourceDefinition', crd), ['widgets.example.com', '2026-01-01T08:30:00Z']);
  assert.deepEqual(headers('rbac.authorization.k8s.io', 'ClusterRole'), ['Name', 'Created At']);
});

test('custom resources: additionalPrinterColumns evaluated with simple JSONPath, Age by default', () => {
  const crd: KubeObject = {
    metadata: { name: 'widgets.example.com' },
    spec: {
      versions: [{
        name: 'v1',
        additionalPrinterColumns: [
          { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
          { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          { name: 'First', type: 'string', jsonPath: '.spec.items[0].name', priority: 1 },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
      }],
    },
  };
  const widgets: PrintableResource = {
    group: 'example.com', version: 'v1', kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget', namespaced: true, verbs: ['get', 'list'],
    additionalPrinterColumns: printerColumnsOf(crd, 'v1'),
  };
  const cols = tableColumns(widgets);
  assert.deepEqual(cols.map((c) => [c.name, c.type, c.priority]), [['Name', 'string', 0], ['Size', 'integer', 0], ['Ready', 'string', 0], ['First', 'string', 1], ['Age', 'date', 0]]);
  const w = obj('Widget', 'w1', { spec: { size: 3, items: [{ name: 'a' }] }, status: { conditions: [{ type: 'Synced', status: 'False' }, { type: 'Ready', status: 'True' }] } }, { creationTimestamp: ago(7 * MIN) });
  assert.deepEqual(tableRow(widgets, w, now).cells, ['w1', 3, 'True', 'a', '7m']);
  assert.deepEqual(tableRow(widgets, obj('Widget', 'w2', { spec: { size: 'big' } }), now).cells.slice(0, 4), ['w2', null, null, null]);

  const plain: PrintableResource = { ...widgets, additionalPrinterColumns: undefined };
  assert.deepEqual(tableColumns(plain).map((c) => c.name), ['Name', 'Age']);
  assert.deepEqual(tableRow(plain, w, now).cells, ['w1', '7m']);
});
