// kubectl against the emulator process: an Event created through events.k8s.io/v1 is listed
// by `kubectl get events` (core/v1), and a core/v1 Event reads as an events.k8s.io/v1 one,
// as both APIs serve one stored Event in kube-apiserver.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulatorProcess } from './support/emulator-process';
import { KUBECTL, missing, ok } from './support/kube-clients';

const skip = missing(KUBECTL);

const now = (): string => new Date().toISOString();

function eventsV1Yaml(name: string): string {
  return `apiVersion: events.k8s.io/v1
kind: Event
metadata:
  name: ${name}
  namespace: views
eventTime: "${now().replace('Z', '000Z')}"
reportingController: example.com/scaler
reportingInstance: scaler-1
action: Scale
reason: ScaledUp
note: Scaled web up to 3 replicas
type: Normal
regarding:
  apiVersion: apps/v1
  kind: Deployment
  namespace: views
  name: web
`;
}

function coreYaml(name: string): string {
  const t = now().replace(/\.\d+Z$/, 'Z');
  return `apiVersion: v1
kind: Event
metadata:
  name: ${name}
  namespace: views
involvedObject:
  kind: Pod
  namespace: views
  name: web-1
reason: Pulled
message: Successfully pulled image busybox
type: Normal
count: 1
firstTimestamp: "${t}"
lastTimestamp: "${t}"
source:
  component: kubelet
  host: node-1
`;
}

describe('kubectl and the two Event APIs over one stored Event', { skip }, () => {
  const emu = useEmulatorProcess({ args: ['--no-control-loops'] });
  const k = (...args: string[]) => ok(KUBECTL, args, emu.kubeconfig);
  const create = (yaml: string) => ok(KUBECTL, ['create', '-f', '-'], emu.kubeconfig, { input: yaml });

  it('lists an events.k8s.io/v1 Event with `kubectl get events`, its note as the message', async () => {
    await k('create', 'namespace', 'views');
    assert.match(await create(eventsV1Yaml('web.scaled')), /event\.events\.k8s\.io\/web\.scaled created/);
    const table = await k('get', 'events', '-n', 'views');
    assert.match(table, /ScaledUp\s+deployment\/web\s+Scaled web up to 3 replicas/);
    assert.equal(await k('get', 'events', '-n', 'views', 'web.scaled', '-o', 'jsonpath={.apiVersion} {.message} {.involvedObject.name} {.reportingComponent}'), 'v1 Scaled web up to 3 replicas web example.com/scaler');
    assert.equal((await k('get', 'events', '-n', 'views', '--field-selector', 'involvedObject.kind=Deployment', '-o', 'name')).trim(), 'event/web.scaled');
  });

  it('shows a core/v1 Event as events.k8s.io/v1, with note and regarding', async () => {
    assert.match(await create(coreYaml('web-1.pulled')), /event\/web-1\.pulled created/);
    const yaml = await k('get', 'events.v1.events.k8s.io', '-n', 'views', 'web-1.pulled', '-o', 'yaml');
    assert.match(yaml, /^apiVersion: events\.k8s\.io\/v1$/m);
    assert.match(yaml, /^note: Successfully pulled image busybox$/m);
    assert.match(yaml, /^regarding:\n {2}kind: Pod\n {2}name: web-1\n {2}namespace: views$/m);
    assert.match(yaml, /^deprecatedSource:\n {2}component: kubelet\n {2}host: node-1$/m);
    assert.doesNotMatch(yaml, /^(message|involvedObject|source):/m);
    const table = await k('get', 'events.v1.events.k8s.io', '-n', 'views');
    assert.match(table, /Pulled\s+pod\/web-1\s+Successfully pulled image busybox/);
    assert.match(table, /ScaledUp\s+deployment\/web\s+Scaled web up to 3 replicas/);
  });

  it('deletes through one API what the other created', async () => {
    assert.match(await k('delete', 'events.v1.events.k8s.io', '-n', 'views', 'web-1.pulled'), /deleted/);
    assert.match(await k('delete', 'events', '-n', 'views', 'web.scaled'), /deleted/);
    assert.equal((await k('get', 'events', '-n', 'views', '-o', 'name')).trim(), '');
    assert.equal((await k('get', 'events.v1.events.k8s.io', '-n', 'views', '-o', 'name')).trim(), '');
  });
});
