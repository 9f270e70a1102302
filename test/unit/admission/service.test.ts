import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from '../../../src/emulator/apiserver/admission/index';
import type { KubeObject } from '../../../src/kube/object';
import { create, resource, update } from './helpers';

function service(spec: Record<string, unknown> = {}, name = 'web'): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec } };
}

test('service defaults: ClusterIP', () => {
  const s = service();
  applyDefaults(resource('Service'), s);
  assert.deepEqual(s.spec, {
    selector: { app: 'web' },
    ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    sessionAffinity: 'None',
    type: 'ClusterIP',
    internalTrafficPolicy: 'Cluster',
    ipFamilyPolicy: 'SingleStack',
    ipFamilies: ['IPv4'],
  });
  assert.deepEqual(s.status, { loadBalancer: {} });
});

test('service defaults: NodePort and LoadBalancer get externalTrafficPolicy', () => {
  const np = service({ type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] });
  applyDefaults(resource('Service'), np);
  assert.equal(np.spec.externalTrafficPolicy, 'Cluster');
  assert.equal(np.spec.ports[0].targetPort, 'http');
  const lb = service({ type: 'LoadBalancer' });
  applyDefaults(resource('Service'), lb);
  assert.equal(lb.spec.externalTrafficPolicy, 'Cluster');
  assert.equal(lb.spec.allocateLoadBalancerNodePorts, true);
});

const cases: [string, KubeObject, string[]][] = [
  ['valid', service(), []],
  ['headless without ports', service({ clusterIP: 'None', ports: [] }), []],
  ['no ports', service({ ports: [] }), ['spec.ports: Required value']],
  ['bad type', service({ type: 'Internal' }), ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
  ['port zero', service({ ports: [{ port: 0, targetPort: 80 }] }), ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']],
  ['unnamed second port', service({ ports: [{ port: 80, name: 'http' }, { port: 443 }] }), ['spec.ports[1].name: Required value']],
  [
    'duplicate port',
    service({ ports: [{ port: 80, name: 'a' }, { port: 80, name: 'b' }] }),
    ['spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}'],
  ],
  ['nodePort on ClusterIP', service({ ports: [{ port: 80, nodePort: 30080 }] }), ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
  ['ExternalName without name', service({ type: 'ExternalName', ports: [] }), ['spec.externalName: Required value']],
  ['bad clusterIP', service({ clusterIP: '10.0.0.300' }), ['spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
  [
    'externalTrafficPolicy on ClusterIP',
    service({ externalTrafficPolicy: 'Local' }),
    ["spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set when `type` is 'NodePort' or 'LoadBalancer'"],
  ],
];
for (const [name, obj, expected] of cases) {
  test(`service validation: ${name}`, () => assert.deepEqual(create('Service', obj), expected));
}

test('service validation: names are DNS-1035 labels, as kube-apiserver checks them', () => {
  assert.deepEqual(create('Service', service({}, '1web')), [
    "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  ]);
});

test('service update: the cluster IP may not change once set', () => {
  const old = service({ clusterIP: '10.96.0.10' });
  applyDefaults(resource('Service'), old);
  const moved = service({ clusterIP: '10.96.0.11' });
  assert.deepEqual(update('Service', moved, old), ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set']);
  assert.deepEqual(update('Service', service(), old), [], 'an update that omits the IP keeps it');
});
