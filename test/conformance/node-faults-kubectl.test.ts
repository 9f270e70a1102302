// kubectl 1.34 against a node fault (issue 4): stopping kubelet-whale3 through its
// EmulatedComponent makes whale3 NotReady with the unreachable taints once the node lifecycle
// controller's 40 s grace passes; starting it again brings Ready back and lifts the taints.
// The emulator runs at --time-scale 10 so the grace takes about 4 s of wall time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { removeStateDir, startEmulatorProcess, type EmulatorProcess } from './support/emulator-process';
import { eventually } from './support/eventually';
import { KUBECTL, missing, ok } from './support/kube-clients';

const skip = missing(KUBECTL);

interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface Taint {
  key: string;
  effect: string;
}
interface NodeView {
  row: string;
  ready: NodeCondition | undefined;
  taints: Taint[];
}


const unreachable = (taints: Taint[]): string[] =>
  taints.filter((t) => t.key === 'node.kubernetes.io/unreachable').map((t) => t.effect).sort();

describe('kubectl 1.34 against a stopped kubelet', { skip }, () => {
  let emu: EmulatorProcess;
  const k = (...args: string[]) => ok(KUBECTL, args, emu.kubeconfig, { timeoutMs: 30_000 });

  /** The `kubectl get node` row plus the Ready condition and taints kubectl sees. */
  async function node(name: string): Promise<NodeView> {
    const row = (await k('get', 'node', name, '--no-headers')).trim();
    const obj = JSON.parse(await k('get', 'node', name, '-o', 'json')) as {
      spec?: { taints?: Taint[] };
      status?: { conditions?: NodeCondition[] };
    };
    return { row, ready: obj.status?.conditions?.find((c) => c.type === 'Ready'), taints: obj.spec?.taints ?? [] };
  }
  const setKubelet = (running: boolean) =>
    k('patch', 'ecomp', 'kubelet-whale3', '--type', 'merge', '-p', JSON.stringify({ spec: { running } }));

  before(async () => {
    emu = await startEmulatorProcess({ args: ['--time-scale', '10'] });
    // The kubelets register right after start.
    await eventually('whale3 Ready', async () => ((await node('whale3')).row.split(/\s+/)[1] === 'Ready' ? true : undefined));
  });
  after(async () => {
    await emu?.stop();
    if (emu) removeStateDir(emu.stateDir);
  });

  it('marks whale3 NotReady with the unreachable taints when its kubelet stops', async () => {
    assert.deepEqual(unreachable((await node('whale3')).taints), []);
    await setKubelet(false);
    const phase = await k('get', 'ecomp', 'kubelet-whale3', '-o', 'jsonpath={.status.phase}');
    assert.equal(phase, 'Stopped');

    const view = await eventually('whale3 NotReady with both unreachable taints', async () => {
      const v = await node('whale3');
      return v.row.split(/\s+/)[1] === 'NotReady' && unreachable(v.taints).length === 2 ? v : undefined;
    });
    assert.match(view.row, /^whale3\s+NotReady\s+<none>\s/);
    assert.equal(view.ready?.status, 'Unknown');
    assert.equal(view.ready?.reason, 'NodeStatusUnknown');
    assert.equal(view.ready?.message, 'Kubelet stopped posting node status.');
    assert.deepEqual(unreachable(view.taints), ['NoExecute', 'NoSchedule']);

    // Only the faulty node is affected.
    const whale2 = await node('whale2');
    assert.match(whale2.row, /^whale2\s+Ready\s/);
    assert.deepEqual(unreachable(whale2.taints), []);
  });

  it('brings whale3 back to Ready and lifts the taints when its kubelet starts again', async () => {
    await setKubelet(true);
    const view = await eventually('whale3 Ready without unreachable taints', async () => {
      const v = await node('whale3');
      return v.row.split(/\s+/)[1] === 'Ready' && unreachable(v.taints).length === 0 ? v : undefined;
    });
    assert.match(view.row, /^whale3\s+Ready\s+<none>\s/);
    assert.equal(view.ready?.status, 'True');
    assert.equal(view.ready?.reason, 'KubeletReady');
    const phase = await k('get', 'ecomp', 'kubelet-whale3', '-o', 'jsonpath={.status.phase}');
    assert.equal(phase, 'Running');
  });
});
