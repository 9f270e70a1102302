import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableColumns, tableRow } from '../../../src/emulator/apiserver/tables/index';
import { BUILTIN_RESOURCES } from '../../../src/emulator/apiserver/resource-type';
import type { KubeObject } from '../../../src/kube/object';

const pods = BUILTIN_RESOURCES.find((r) => r.kind === 'Pod')!;
const now = Date.parse('2026-01-01T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
const MIN = 60_000;

function pod(status: Record<string, unknown>, extra: { spec?: Record<string, unknown>; metadata?: Record<string, unknown> } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-7d4b9c8f5-x2x9k', namespace: 'default', creationTimestamp: ago(3 * 60 * MIN + 5 * MIN), ...extra.metadata },
    spec: { nodeName: 'whale2', containers: [{ name: 'web', image: 'nginx' }], ...extra.spec },
    status,
  };
}

/** The five columns `kubectl get pods` shows by default. */
function shown(p: KubeObject): unknown[] {
  return tableRow(pods, p, now).cells.slice(0, 5);
}

test('pod columns: NAME READY STATUS RESTARTS AGE, then wide IP NODE NOMINATED NODE READINESS GATES', () => {
  const cols = tableColumns(pods);
  assert.deepEqual(cols.map((c) => c.name), ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
  assert.deepEqual(cols.map((c) => c.priority), [0, 0, 0, 0, 0, 1, 1, 1, 1]);
  assert.equal(cols[0].format, 'name');
  assert.match(cols[6].description, /NodeName/i);
});

test('a running pod', () => {
  const p = pod({
    phase: 'Running',
    podIP: '10.244.1.5',
    podIPs: [{ ip: '10.244.1.5' }],
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: { startedAt: ago(MIN) } } }],
  });
  assert.deepEqual(tableRow(pods, p, now).cells, ['web-7d4b9c8f5-x2x9k', '1/1', 'Running', '0', '3h5m', '10.244.1.5', 'whale2', '<none>', '<none>']);
});

test('a crashlooping pod shows CrashLoopBackOff and when it last restarted', () => {
  const p = pod({
    phase: 'Running',
    containerStatuses: [
      {
        name: 'web',
        ready: false,
        restartCount: 4,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(45_000) } },
      },
    ],
  });
  assert.deepEqual(shown(p), ['web-7d4b9c8f5-x2x9k', '0/1', 'CrashLoopBackOff', '4 (45s ago)', '3h5m']);
});

test('a terminating pod', () => {
  const p = pod(
    { phase: 'Running', containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: {} } }] },
    { metadata: { deletionTimestamp: ago(10_000), deletionGracePeriodSeconds: 30 } },
  );
  assert.equal(shown(p)[2], 'Terminating');
  const lost = pod({ phase: 'Running', reason: 'NodeLost' }, { metadata: { deletionTimestamp: ago(10_000) } });
  assert.equal(shown(lost)[2], 'Unknown');
  const done = pod({ phase: 'Succeeded' }, { metadata: { deletionTimestamp: ago(10_000) } });
  assert.equal(shown(done)[2], 'Succeeded', 'terminal pods are not shown as Terminating');
});

test('pending, creating, init and completed pods', () => {
  assert.deepEqual(shown(pod({ phase: 'Pending' }, { spec: { nodeName: undefined } })).slice(1, 3), ['0/1', 'Pending']);
  const creating = pod({ phase: 'Pending', containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] });
  assert.equal(shown(creating)[2], 'ContainerCreating');
  const init = pod(
    { phase: 'Pending', initContainerStatuses: [{ name: 'setup', ready: false, restartCount: 0, state: { running: {} } }] },
    { spec: { initContainers: [{ name: 'setup', image: 'busybox' }, { name: 'migrate', image: 'busybox' }] } },
  );
  assert.equal(shown(init)[2], 'Init:0/2');
  const initFailed = pod(
    { phase: 'Pending', initContainerStatuses: [{ name: 'setup', restartCount: 2, state: { terminated: { exitCode: 3 } }, lastState: { terminated: { exitCode: 3, finishedAt: ago(2 * MIN) } } }] },
    { spec: { initContainers: [{ name: 'setup', image: 'busybox' }] } },
  );
  assert.deepEqual(shown(initFailed).slice(2, 4), ['Init:ExitCode:3', '2 (2m ago)']);
  const completed = pod({ phase: 'Succeeded', containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] });
  const row = tableRow(pods, completed, now);
  assert.equal(row.cells[2], 'Completed');
  assert.equal(row.conditions?.[0].type, 'Completed');
  const gated = pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] });
  assert.equal(shown(gated)[2], 'SchedulingGated');
});

test('sidecar (restartable init) containers count toward READY', () => {
  const p = pod(
    {
      phase: 'Running',
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
      initContainerStatuses: [{ name: 'proxy', ready: true, started: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 1, finishedAt: ago(30 * MIN) } } }],
      containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: {} } }],
    },
    { spec: { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] } },
  );
  assert.deepEqual(shown(p).slice(1, 4), ['2/2', 'Running', '1 (30m ago)']);
});

test('readiness gates in the wide columns', () => {
  const p = pod(
    { phase: 'Running', conditions: [{ type: 'example.com/lb', status: 'True' }], containerStatuses: [] },
    { spec: { readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] } },
  );
  assert.equal(tableRow(pods, p, now).cells[8], '1/2');
});
