// helm 4 installs the chart `helm create` generates (Deployment, Service, ServiceAccount, test
// hook pod) with --wait against a fresh emulator: the release reaches deployed only once the
// controller-manager, scheduler and kubelets have made its pod Running and Ready.
// Scale, undo, Jobs, DaemonSets, drain and cascading deletion are in controllers-kubectl.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { removeStateDir, startEmulatorProcess, type EmulatorProcess } from './support/emulator-process';
import { eventually } from './support/eventually';
import { HELM, KUBECTL, missing, ok, run } from './support/kube-clients';

const skip = missing(HELM) || missing(KUBECTL);

describe('helm 4 installs the chart helm create generates', { skip }, () => {
  let emu: EmulatorProcess;
  let chartsDir = '';
  let chart = '';
  before(async () => {
    chartsDir = mkdtempSync(join(tmpdir(), 'helm-create-'));
    emu = await startEmulatorProcess();
    // helm create names the chart after the last path element, so this makes chart `demo`.
    chart = join(chartsDir, 'demo');
    await ok(HELM, ['create', chart], emu.kubeconfig, { timeoutMs: 30_000 });
  });
  after(async () => {
    await emu?.stop();
    if (emu) removeStateDir(emu.stateDir);
    if (chartsDir) rmSync(chartsDir, { recursive: true, force: true });
  });

  it('helm install --wait reaches deployed with the Deployment\'s pod Running', async () => {
    const out = await ok(HELM, ['install', 'demo', chart, '--wait', '--timeout', '120s'], emu.kubeconfig, { timeoutMs: 150_000 });
    assert.match(out, /^STATUS: deployed$/m);
    assert.match(await ok(HELM, ['list'], emu.kubeconfig), /^demo\s+default\s+1\s+.*deployed\s+demo-0\.1\.0/m);
    const pods = await ok(KUBECTL, ['get', 'pods', '-l', 'app.kubernetes.io/instance=demo'], emu.kubeconfig);
    assert.match(pods, /^demo-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s/m);
    assert.match(await ok(KUBECTL, ['get', 'deployment', 'demo'], emu.kubeconfig), /^demo\s+1\/1\s+1\s+1\s/m);
  });

  it('helm uninstall removes the Deployment, its pods and the release', async () => {
    await ok(HELM, ['uninstall', 'demo', '--wait', '--timeout', '60s'], emu.kubeconfig, { timeoutMs: 90_000 });
    await eventually('demo objects gone', async () => {
      const left = (await run(KUBECTL, ['get', 'deploy,rs,pods,svc,sa', '-l', 'app.kubernetes.io/instance=demo', '-o', 'name'], emu.kubeconfig)).stdout.trim();
      return left === '' ? true : undefined;
    }, 30_000);
    // helm 4 lists releases in every status by default, so an absent row means no record is left.
    assert.doesNotMatch(await ok(HELM, ['list'], emu.kubeconfig), /^demo\s/m);
    assert.equal(await ok(KUBECTL, ['get', 'secrets', '-l', 'owner=helm,name=demo', '-o', 'name'], emu.kubeconfig), '');
  });
});
