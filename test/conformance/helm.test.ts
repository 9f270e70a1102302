// helm 4 installs and uninstalls a chart of ConfigMap, Secret and Service (objects that need
// no controllers) against a freshly started emulator process.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { useEmulatorProcess } from './support/emulator-process';
import { HELM, KUBECTL, missing, ok, run } from './support/kube-clients';

const CHART = join(__dirname, 'fixtures', 'demo-chart');
const skip = missing(HELM) || missing(KUBECTL);

describe('helm 4 against the emulator', { skip }, () => {
  const emu = useEmulatorProcess();

  it('installs the chart and its objects appear', async () => {
    const out = await ok(HELM, ['install', 'demo', CHART, '--wait', '--timeout', '60s'], emu.kubeconfig, { timeoutMs: 90000 });
    assert.match(out, /STATUS: deployed/);
    const objects = await ok(KUBECTL, ['get', 'configmap,secret,service', '-l', 'app.kubernetes.io/instance=demo', '-o', 'name'], emu.kubeconfig);
    assert.deepEqual(objects.trim().split('\n').sort(), ['configmap/demo-config', 'secret/demo-secret', 'service/demo-svc']);
    const clusterIP = await ok(KUBECTL, ['get', 'service', 'demo-svc', '-o', 'jsonpath={.spec.clusterIP}'], emu.kubeconfig);
    assert.match(clusterIP, /^10\.(9[6-9]|1[01]\d)\.\d+\.\d+$/);
    assert.match(await ok(HELM, ['list'], emu.kubeconfig), /^demo\s+default\s+1\s+.*deployed\s+demo-0\.1\.0/m);
  });

  it('uninstalls the chart and removes its objects and release record', async () => {
    const out = await ok(HELM, ['uninstall', 'demo', '--wait', '--timeout', '60s'], emu.kubeconfig, { timeoutMs: 90000 });
    assert.match(out, /release "demo" uninstalled/);
    const left = await ok(KUBECTL, ['get', 'configmap,secret,service', '-o', 'name'], emu.kubeconfig);
    assert.doesNotMatch(left, /demo-/);
    assert.doesNotMatch(left, /sh\.helm\.release/);
    const status = await run(HELM, ['status', 'demo'], emu.kubeconfig);
    assert.notEqual(status.code, 0);
  });
});
