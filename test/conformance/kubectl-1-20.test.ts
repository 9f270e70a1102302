// Debian's kubectl 1.20 (an old client) still gets and applies against the emulator.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { useEmulatorProcess } from './support/emulator-process';
import { KUBECTL_1_20, missing, ok } from './support/kube-clients';

const skip = missing(KUBECTL_1_20);

describe('kubectl 1.20 smoke test', { skip }, () => {
  const emu = useEmulatorProcess();

  it('applies manifests and re-applies them unchanged', async () => {
    const out = await ok(KUBECTL_1_20, ['apply', '-f', join(__dirname, 'fixtures', 'web.yaml')], emu.kubeconfig);
    assert.match(out, /deployment\.apps\/web created/);
    assert.match(out, /configmap\/web-config created/);
    const again = await ok(KUBECTL_1_20, ['apply', '-f', join(__dirname, 'fixtures', 'web.yaml')], emu.kubeconfig);
    assert.match(again, /deployment\.apps\/web unchanged/);
  });

  it('gets objects as tables and as yaml', async () => {
    const ns = await ok(KUBECTL_1_20, ['get', 'namespaces'], emu.kubeconfig);
    assert.match(ns, /^NAME\s+STATUS\s+AGE$/m);
    assert.match(ns, /^kube-system\s+Active\s+/m);
    const deploy = await ok(KUBECTL_1_20, ['get', 'deployment', 'web', '-o', 'yaml'], emu.kubeconfig);
    assert.match(deploy, /^ {2}replicas: 2$/m);
    const version = await ok(KUBECTL_1_20, ['version'], emu.kubeconfig);
    assert.match(version, /Server Version: .*GitVersion:"v1\.34\.1"/);
  });
});
