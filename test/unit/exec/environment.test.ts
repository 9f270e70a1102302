// The container environment the kubelet builds: service links, envFrom, env with $(VAR)
// expansion and the downward API, in the order `env` prints them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../src/kube/object';
import { containerEnvironment, type EnvSources } from '../../../src/emulator/nodes/exec/environment';

const svc = (namespace: string, name: string, clusterIP: string, ports: any[], type = 'ClusterIP'): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec: { type, clusterIP, ports } });
const KUBERNETES = svc('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]);

function pod(container: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'shop', uid: 'uid-123', labels: { app: 'web', tier: 'front' }, annotations: { note: 'hi "there"' } },
    spec: { nodeName: 'kind-worker', serviceAccountName: 'builder', containers: [{ name: 'main', image: 'busybox', ...container }], ...spec },
    status: { podIP: '10.244.1.5', hostIP: '172.18.0.3', podIPs: [{ ip: '10.244.1.5' }], hostIPs: [{ ip: '172.18.0.3' }] },
  };
}

function sources(extra: Partial<EnvSources> = {}, services: KubeObject[] = [KUBERNETES]): EnvSources {
  const configMaps: Record<string, KubeObject> = {
    'shop/settings': { metadata: { name: 'settings', namespace: 'shop' }, data: { LOG_LEVEL: 'debug', 'bad=key': 'x', MODE: 'fast' } },
  };
  const secrets: Record<string, KubeObject> = {
    'shop/creds': { metadata: { name: 'creds', namespace: 'shop' }, data: { password: Buffer.from('s3cret!').toString('base64'), USER: Buffer.from('admin').toString('base64') } },
  };
  return { services, configMap: (ns, n) => configMaps[`${ns}/${n}`], secret: (ns, n) => secrets[`${ns}/${n}`], ...extra };
}

const asMap = (env: Array<{ name: string; value: string }>) => new Map(env.map((e) => [e.name, e.value]));

test('PATH and HOSTNAME come first, the kubernetes service links next, HOME=/root last', () => {
  const env = containerEnvironment(pod({}), 'main', sources());
  assert.deepEqual(env, [
    { name: 'PATH', value: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    { name: 'HOSTNAME', value: 'web-1' },
    { name: 'KUBERNETES_SERVICE_HOST', value: '10.96.0.1' },
    { name: 'KUBERNETES_SERVICE_PORT', value: '443' },
    { name: 'KUBERNETES_SERVICE_PORT_HTTPS', value: '443' },
    { name: 'KUBERNETES_PORT', value: 'tcp://10.96.0.1:443' },
    { name: 'KUBERNETES_PORT_443_TCP', value: 'tcp://10.96.0.1:443' },
    { name: 'KUBERNETES_PORT_443_TCP_PROTO', value: 'tcp' },
    { name: 'KUBERNETES_PORT_443_TCP_PORT', value: '443' },
    { name: 'KUBERNETES_PORT_443_TCP_ADDR', value: '10.96.0.1' },
    { name: 'HOME', value: '/root' },
  ]);
});

test("the namespace's Services give docker-links variables; headless, ExternalName and other namespaces none", () => {
  const services = [
    KUBERNETES,
    svc('shop', 'web', '10.96.12.34', [{ port: 80, protocol: 'TCP' }]),
    svc('shop', 'cart-api', '10.96.7.7', [
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'metrics-port', port: 9090, protocol: 'TCP' },
      { name: 'dns', port: 53, protocol: 'UDP' },
    ]),
    svc('shop', 'db', 'None', [{ port: 5432 }]),
    svc('shop', 'blank', '', [{ port: 1 }]),
    svc('shop', 'ext', '', [], 'ExternalName'),
    svc('other', 'elsewhere', '10.96.9.9', [{ port: 80 }]),
  ];
  const env = asMap(containerEnvironment(pod({}), 'main', sources({}, services)));
  assert.equal(env.get('WEB_SERVICE_HOST'), '10.96.12.34');
  assert.equal(env.get('WEB_SERVICE_PORT'), '80');
  assert.equal(env.get('WEB_PORT'), 'tcp://10.96.12.34:80');
  assert.equal(env.get('WEB_PORT_80_TCP'), 'tcp://10.96.12.34:80');
  assert.equal(env.get('WEB_PORT_80_TCP_PROTO'), 'tcp');
  assert.equal(env.get('WEB_PORT_80_TCP_PORT'), '80');
  assert.equal(env.get('WEB_PORT_80_TCP_ADDR'), '10.96.12.34');
  // Named ports, names upper-cased with - as _; FOO_PORT is the first port only.
  assert.equal(env.get('CART_API_SERVICE_PORT'), '8080');
  assert.equal(env.get('CART_API_SERVICE_PORT_HTTP'), '8080');
  assert.equal(env.get('CART_API_SERVICE_PORT_METRICS_PORT'), '9090');
  assert.equal(env.get('CART_API_PORT'), 'tcp://10.96.7.7:8080');
  assert.equal(env.get('CART_API_PORT_53_UDP'), 'udp://10.96.7.7:53');
  assert.equal(env.get('CART_API_PORT_53_UDP_PROTO'), 'udp');
  for (const name of env.keys()) assert.ok(!/^(DB|BLANK|EXT|ELSEWHERE)_/.test(name), `${name} should not be set`);
  // Order: kubernetes, then the namespace's services by name.
  const names = [...env.keys()];
  assert.ok(names.indexOf('KUBERNETES_SERVICE_HOST') < names.indexOf('CART_API_SERVICE_HOST'));
  assert.ok(names.indexOf('CART_API_SERVICE_HOST') < names.indexOf('WEB_SERVICE_HOST'));
});

test('enableServiceLinks: false leaves only the kubernetes service of default', () => {
  const services = [KUBERNETES, svc('shop', 'web', '10.96.12.34', [{ port: 80 }])];
  const env = asMap(containerEnvironment(pod({}, { enableServiceLinks: false }), 'main', sources({}, services)));
  assert.equal(env.get('KUBERNETES_SERVICE_HOST'), '10.96.0.1');
  assert.equal(env.get('WEB_SERVICE_HOST'), undefined);
});

test('envFrom: configMap and secret keys with their prefix, secrets decoded, optional missing ones skipped', () => {
  const env = containerEnvironment(
    pod({
      envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'APP_' }, { secretRef: { name: 'creds' } }, { configMapRef: { name: 'missing', optional: true } }, { secretRef: { name: 'absent' } }],
    }),
    'main',
    sources(),
  );
  const m = asMap(env);
  assert.equal(m.get('APP_LOG_LEVEL'), 'debug');
  assert.equal(m.get('APP_MODE'), 'fast');
  assert.equal(m.get('APP_bad=key'), undefined, 'a key with = cannot be a variable');
  assert.equal(m.get('password'), 's3cret!');
  assert.equal(m.get('USER'), 'admin');
  // envFrom comes after the service links and before HOME.
  const names = env.map((e) => e.name);
  assert.ok(names.indexOf('KUBERNETES_PORT_443_TCP_ADDR') < names.indexOf('APP_LOG_LEVEL'));
  assert.equal(names[names.length - 1], 'HOME');
});

test('env: $(VAR) expands earlier variables and service links; unknown ones and $$ stay as the kubelet leaves them', () => {
  const env = asMap(
    containerEnvironment(
      pod({
        envFrom: [{ configMapRef: { name: 'settings' } }],
        env: [
          { name: 'BASE', value: '/srv' },
          { name: 'DATA', value: '$(BASE)/data' },
          { name: 'API', value: 'https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)' },
          { name: 'LEVEL', value: 'level=$(LOG_LEVEL)' },
          { name: 'LATER', value: '$(DEFINED_AFTER)' },
          { name: 'DEFINED_AFTER', value: 'x' },
          { name: 'ESCAPED', value: '$$(BASE) costs $5 $(unclosed' },
          { name: 'EMPTY' },
        ],
      }),
      'main',
      sources(),
    ),
  );
  assert.equal(env.get('DATA'), '/srv/data');
  assert.equal(env.get('API'), 'https://10.96.0.1:443');
  assert.equal(env.get('LEVEL'), 'level=debug');
  assert.equal(env.get('LATER'), '$(DEFINED_AFTER)', 'only variables declared before are known');
  assert.equal(env.get('ESCAPED'), '$(BASE) costs $5 $(unclosed');
  assert.equal(env.get('EMPTY'), '');
});

test('env overrides envFrom in place, and a container may set HOME itself', () => {
  const env = containerEnvironment(pod({ envFrom: [{ configMapRef: { name: 'settings' } }], env: [{ name: 'LOG_LEVEL', value: 'warn' }, { name: 'HOME', value: '/home/app' }] }), 'main', sources());
  const levels = env.filter((e) => e.name === 'LOG_LEVEL');
  assert.deepEqual(levels, [{ name: 'LOG_LEVEL', value: 'warn' }]);
  assert.equal(asMap(env).get('HOME'), '/home/app');
  assert.equal(env.filter((e) => e.name === 'HOME').length, 1);
});

test('fieldRef: the downward API fields', () => {
  const ref = (fieldPath: string) => ({ valueFrom: { fieldRef: { fieldPath } } });
  const env = asMap(
    containerEnvironment(
      pod({
        env: [
          { name: 'POD_NAME', ...ref('metadata.name') },
          { name: 'POD_NAMESPACE', ...ref('metadata.namespace') },
          { name: 'POD_UID', ...ref('metadata.uid') },
          { name: 'NODE_NAME', ...ref('spec.nodeName') },
          { name: 'SA', ...ref('spec.serviceAccountName') },
          { name: 'POD_IP', ...ref('status.podIP') },
          { name: 'HOST_IP', ...ref('status.hostIP') },
          { name: 'APP', ...ref("metadata.labels['app']") },
          { name: 'NOTE', ...ref("metadata.annotations['note']") },
          { name: 'NO_LABEL', ...ref("metadata.labels['missing']") },
          { name: 'LABELS', ...ref('metadata.labels') },
        ],
      }),
      'main',
      sources(),
    ),
  );
  assert.equal(env.get('POD_NAME'), 'web-1');
  assert.equal(env.get('POD_NAMESPACE'), 'shop');
  assert.equal(env.get('POD_UID'), 'uid-123');
  assert.equal(env.get('NODE_NAME'), 'kind-worker');
  assert.equal(env.get('SA'), 'builder');
  assert.equal(env.get('POD_IP'), '10.244.1.5');
  assert.equal(env.get('HOST_IP'), '172.18.0.3');
  assert.equal(env.get('APP'), 'web');
  assert.equal(env.get('NOTE'), 'hi "there"');
  assert.equal(env.get('NO_LABEL'), '');
  assert.equal(env.get('LABELS'), 'app="web"\ntier="front"');
});

test('resourceFieldRef: cpu rounded up in divisor units, memory in bytes; unset requests are the limits, unset limits the node allocatable', () => {
  const ref = (resource: string, divisor?: string) => ({ valueFrom: { resourceFieldRef: { containerName: 'main', resource, ...(divisor ? { divisor } : {}) } } });
  const node: KubeObject = { metadata: { name: 'kind-worker' }, status: { allocatable: { cpu: '8', memory: '16Gi' } } };
  const container = {
    resources: { limits: { cpu: '1500m', memory: '256Mi' }, requests: { cpu: '250m' } },
    env: [
      { name: 'CPU_LIMIT', ...ref('limits.cpu') },
      { name: 'CPU_LIMIT_M', ...ref('limits.cpu', '1m') },
      { name: 'CPU_REQUEST', ...ref('requests.cpu') },
      { name: 'MEM_LIMIT', ...ref('limits.memory') },
      { name: 'MEM_LIMIT_MI', ...ref('limits.memory', '1Mi') },
      { name: 'MEM_REQUEST', ...ref('requests.memory') },
      { name: 'STORAGE_REQUEST', ...ref('requests.ephemeral-storage') },
    ],
  };
  const env = asMap(containerEnvironment(pod(container), 'main', sources({ node })));
  assert.equal(env.get('CPU_LIMIT'), '2', '1.5 cores round up to 2');
  assert.equal(env.get('CPU_LIMIT_M'), '1500');
  assert.equal(env.get('CPU_REQUEST'), '1');
  assert.equal(env.get('MEM_LIMIT'), '268435456');
  assert.equal(env.get('MEM_LIMIT_MI'), '256');
  assert.equal(env.get('MEM_REQUEST'), '268435456', 'the request defaults to the limit');
  assert.equal(env.get('STORAGE_REQUEST'), '0');

  const unlimited = { env: [{ name: 'CPU', ...ref('limits.cpu') }, { name: 'MEM', ...ref('limits.memory', '1Gi') }] };
  const fromNode = asMap(containerEnvironment(pod(unlimited), 'main', sources({ node })));
  assert.equal(fromNode.get('CPU'), '8');
  assert.equal(fromNode.get('MEM'), '16');
  const noNode = asMap(containerEnvironment(pod(unlimited), 'main', sources()));
  assert.equal(noNode.has('CPU'), false, 'without the node the value is unknown: left out');
});

test('configMapKeyRef and secretKeyRef; a missing object or key is skipped, never thrown', () => {
  const env = asMap(
    containerEnvironment(
      pod({
        env: [
          { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'LOG_LEVEL' } } },
          { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
          { name: 'NO_KEY', valueFrom: { configMapKeyRef: { name: 'settings', key: 'nope' } } },
          { name: 'NO_MAP', valueFrom: { configMapKeyRef: { name: 'nope', key: 'x', optional: true } } },
          { name: 'NO_SECRET', valueFrom: { secretKeyRef: { name: 'nope', key: 'x' } } },
        ],
      }),
      'main',
      sources(),
    ),
  );
  assert.equal(env.get('LEVEL'), 'debug');
  assert.equal(env.get('PASSWORD'), 's3cret!');
  for (const name of ['NO_KEY', 'NO_MAP', 'NO_SECRET']) assert.equal(env.has(name), false, name);
});

test('HOSTNAME: spec.hostname, the pod name cut to 63 characters, or the node name on the host network', () => {
  const host = (spec: Record<string, unknown>, name = 'web-1') => {
    const p = pod({}, spec);
    p.metadata.name = name;
    return asMap(containerEnvironment(p, 'main', sources())).get('HOSTNAME');
  };
  assert.equal(host({ hostname: 'db-0' }), 'db-0');
  assert.equal(host({}, `${'a'.repeat(62)}-b`), 'a'.repeat(62));
  assert.equal(host({ hostNetwork: true }), 'kind-worker');
});

test('init and ephemeral containers are found by name too', () => {
  const p = pod({});
  p.spec.initContainers = [{ name: 'setup', image: 'busybox', env: [{ name: 'STEP', value: 'init' }] }];
  assert.equal(asMap(containerEnvironment(p, 'setup', sources())).get('STEP'), 'init');
});
