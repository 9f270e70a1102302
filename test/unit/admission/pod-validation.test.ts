import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults, validate } from '../../../src/emulator/apiserver/admission/index';
import { ApiError } from '../../../src/emulator/apiserver/status';
import { create, pod, printed, resource, storedPod, update } from './helpers';

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const createCases: [string, Record<string, unknown>, string[]][] = [
  ['valid pod', {}, []],
  ['no containers', { containers: [] }, ['spec.containers: Required value']],
  ['container without image', { containers: [{ name: 'app' }] }, ['spec.containers[0].image: Required value']],
  ['container name not a label', { containers: [{ name: 'App', image: 'x' }] }, [`spec.containers[0].name: Invalid value: "App": ${LABEL_MSG}`]],
  [
    'duplicate container names',
    { containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] },
    ['spec.containers[1].name: Duplicate value: "a"'],
  ],
  [
    'port out of range',
    { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }] },
    ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
  ],
  [
    'bad protocol',
    { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, protocol: 'HTTP' }] }] },
    ['spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
  ],
  [
    'requests above limits',
    { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }] },
    ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
  ],
  [
    'equal quantities written differently',
    { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '0.3', memory: '1Gi' }, limits: { cpu: '300m', memory: '1024Mi' } } }] },
    [],
  ],
  [
    'malformed quantity',
    { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: 'lots' } } }] },
    ["spec.containers[0].resources.requests[cpu]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ],
  [
    'unknown resource name',
    { containers: [{ name: 'a', image: 'x', resources: { limits: { gpu: '1' } } }] },
    [
      'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      // requests default from limits, so kube reports the name twice as well
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
    ],
  ],
  [
    'host port used twice',
    { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, hostPort: 8080 }] }, { name: 'b', image: 'y', ports: [{ containerPort: 81, hostPort: 8080 }] }] },
    ['spec.containers[1].ports[0].hostPort: Duplicate value: "/TCP/8080"'],
  ],
  ['restartPolicy enum', { restartPolicy: 'Sometimes' }, ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']],
  [
    'dnsPolicy enum',
    { dnsPolicy: 'Google' },
    ['spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'],
  ],
  [
    'toleration operator enum',
    { tolerations: [{ key: 'k', operator: 'In', value: 'v' }] },
    ['spec.tolerations[0].operator: Unsupported value: "In": supported values: "Equal", "Exists"'],
  ],
  [
    'toleration effect enum',
    { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoRun' }] },
    ['spec.tolerations[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
  ],
  [
    'tolerationSeconds without NoExecute',
    { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 3 }] },
    ['spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set'],
  ],
  [
    'nodeSelector value',
    { nodeSelector: { disk: 'fast ssd' } },
    [
      "spec.nodeSelector: Invalid value: \"fast ssd\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  ],
  [
    'volume mount of a missing volume',
    { containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
    ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
  ],
  ['hostname not a label', { hostname: 'a.b' }, ['spec.hostname: Invalid value: "a.b": must not contain dots']],
  [
    'node affinity operator',
    { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Near', values: ['a'] }] }] } } } },
    ['spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator'],
  ],
  [
    'pod anti-affinity without topologyKey',
    { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 200, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } } } }] } } },
    [
      'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 200: must be in the range 1-100',
      'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Required value: can not be empty',
    ],
  ],
  ['ephemeral containers on create', { ephemeralContainers: [{ name: 'dbg', image: 'busybox' }] }, ['spec.ephemeralContainers: Forbidden: cannot be set on create']],
];

for (const [name, spec, expected] of createCases) {
  test(`pod validation: ${name}`, () => assert.deepEqual(create('Pod', pod('web', spec)), expected));
}

test('pod validation: metadata name must be a DNS subdomain', () => {
  const causes = create('Pod', pod('Web_1'));
  assert.equal(causes.length, 1);
  assert.match(causes[0], /^metadata\.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of/);
});

test('pod validation: causes become the 422 message kubectl prints', () => {
  const r = resource('Pod');
  const p = pod('web', { containers: [] });
  applyDefaults(r, p, { operation: 'CREATE' });
  const causes = validate(r, p, undefined);
  assert.equal(ApiError.invalid('Pod', 'web', undefined, causes).message, 'Pod "web" is invalid: spec.containers: Required value');
});

test('pod update: changing the image is allowed', () => {
  const old = storedPod();
  const next = structuredClone(old);
  next.spec.containers[0].image = 'nginx:1.28';
  assert.deepEqual(update('Pod', next, old), []);
});

test('pod update: changing anything else is forbidden, naming what changed', () => {
  const old = storedPod({ containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80 }] }] });
  const next = structuredClone(old);
  next.spec.containers[0].ports[0].containerPort = 81;
  const causes = update('Pod', next, old);
  assert.equal(causes.length, 1);
  const [first, ...diff] = causes[0].split('\n');
  assert.equal(
    first,
    'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
  );
  assert.deepEqual(diff, ['- spec.containers[0].ports[0].containerPort: 80', '+ spec.containers[0].ports[0].containerPort: 81']);
});

test('pod update: containers cannot be added', () => {
  const old = storedPod();
  const next = structuredClone(old);
  next.spec.containers.push({ name: 'side', image: 'busybox' });
  assert.deepEqual(update('Pod', next, old), ['spec.containers: Forbidden: pod updates may not add or remove containers']);
});

test('pod update: tolerations may be added but not changed', () => {
  const old = storedPod({ tolerations: [{ key: 'a', operator: 'Exists' }] });
  const added = structuredClone(old);
  added.spec.tolerations.push({ key: 'b', operator: 'Exists' });
  assert.deepEqual(update('Pod', added, old), []);
  const changed = structuredClone(old);
  changed.spec.tolerations[0].key = 'c';
  assert.deepEqual(update('Pod', changed, old), ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
});

test('pod update: activeDeadlineSeconds may only shrink', () => {
  const old = storedPod({ activeDeadlineSeconds: 30 });
  const next = structuredClone(old);
  next.spec.activeDeadlineSeconds = 60;
  assert.deepEqual(update('Pod', next, old), ['spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value']);
  next.spec.activeDeadlineSeconds = 10;
  assert.deepEqual(update('Pod', next, old), []);
});

test('pod update: labels may change freely, names not', () => {
  const old = storedPod();
  const next = structuredClone(old);
  next.metadata.labels = { tier: 'web' };
  assert.deepEqual(update('Pod', next, old), []);
  next.metadata.name = 'other';
  assert.deepEqual(update('Pod', next, old), ['metadata.name: Invalid value: "other": field is immutable']);
});

test('pod status: nodeName and qosClass are not the writer\'s to change', () => {
  const old = storedPod();
  const next = structuredClone(old);
  next.spec.nodeName = 'whale2';
  next.status.qosClass = 'Guaranteed';
  assert.deepEqual(printed(validate(resource('Pod'), next, old, 'status')), [
    'status.nodeName: Forbidden: may not be changed directly',
    'status.qosClass: Invalid value: "Guaranteed": field is immutable',
  ]);
});
