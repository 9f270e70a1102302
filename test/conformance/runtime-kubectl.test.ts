// kubectl 1.34 against a fresh emulator's control plane: the seed's pod list, the exact
// FailedScheduling message of an impossible request, SchedulingTraces, leases, and fault
// injection through EmulatedComponent (a stopped scheduler leaves pods Pending).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulatorProcess } from './support/emulator-process';
import { eventually } from './support/eventually';
import { KUBECTL, missing, ok } from './support/kube-clients';

const skip = missing(KUBECTL);

const SEED_MESSAGE =
  '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
  'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';

const BIG_POD = `apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  containers:
  - name: c
    image: nginx
    resources:
      requests:
        cpu: "3"
`;


describe('kubectl 1.34 against the emulated control plane', { skip }, () => {
  const emu = useEmulatorProcess();
  const k = (...args: string[]) => ok(KUBECTL, args, emu.kubeconfig, { timeoutMs: 60_000 });


  it("prints the seed's pod list", async () => {
    const out = await eventually('nine bound kube-system pods', async () => {
      const text = await k('get', 'pod', '-A', '-o', 'custom-columns=POD:metadata.name,Node:spec.nodeName', '--sort-by', 'spec.nodeName');
      const rows = text.trim().split('\n').slice(1);
      return rows.length === 9 && !/<none>/.test(text) ? text : undefined;
    });
    const rows = out.trim().split('\n').map((l) => l.trim().split(/\s+/));
    assert.deepEqual(rows[0], ['POD', 'Node']);
    const shape = rows.slice(1).map(([pod, node]) => `${pod.replace(/^(coredns)-[a-z0-9]+-[a-z0-9]{5}$/, '$1').replace(/^(kube-proxy)-[a-z0-9]{5}$/, '$1')} ${node}`);
    assert.deepEqual(shape.slice(0, 7).sort(), [
      'coredns whale1',
      'coredns whale1',
      'etcd-whale1 whale1',
      'kube-apiserver-whale1 whale1',
      'kube-controller-manager-whale1 whale1',
      'kube-proxy whale1',
      'kube-scheduler-whale1 whale1',
    ]);
    assert.deepEqual(shape.slice(7), ['kube-proxy whale2', 'kube-proxy whale3']);
  });

  it('shows the leader leases of kube-scheduler and kube-controller-manager', async () => {
    const out = await k('get', 'leases', '-n', 'kube-system');
    assert.match(out, /^kube-controller-manager\s+whale1_[0-9a-f-]{36}\s/m);
    assert.match(out, /^kube-scheduler\s+whale1_[0-9a-f-]{36}\s/m);
  });

  it('an impossible request produces the exact FailedScheduling message and a trace', async () => {
    await ok(KUBECTL, ['apply', '-f', '-'], emu.kubeconfig, { input: BIG_POD });
    const events = await eventually('FailedScheduling', async () => {
      const text = await k('events', '--for', 'pod/big');
      return text.includes('FailedScheduling') ? text : undefined;
    });
    assert.ok(events.includes(SEED_MESSAGE), events);
    const status = await k('get', 'pod', 'big', '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].message}');
    assert.equal(status, SEED_MESSAGE);
    const traces = await k('get', 'schedulingtraces', '-n', 'default');
    assert.match(traces, /^NAME\s+POD\s+ATTEMPT\s+RESULT\s+NODE\s+AGE$/m);
    assert.match(traces, /^big\.1\s+big\s+1\s+Unschedulable\s+\d+s$/m);
    const yaml = await k('get', 'schedulingtrace', 'big', '-o', 'yaml');
    assert.match(yaml, /^kind: SchedulingTrace$/m);
    assert.match(yaml, /plugin: TaintToleration/);
    assert.match(yaml, /outcome: Unschedulable/);
  });

  it('a stopped scheduler leaves pods Pending until it is started again', async () => {
    await k('patch', 'emulatedcomponent', 'kube-scheduler-whale1', '--type', 'merge', '-p', '{"spec":{"running":false}}');
    const components = await k('get', 'emulatedcomponents');
    assert.match(components, /^kube-scheduler-whale1\s+kube-scheduler\s+whale1\s+false\s+false\s/m);
    await k('run', 'waiting', '--image=nginx');
    await eventually('the scheduler mirror pod NotReady', async () => {
      const text = await k('get', 'pod', '-n', 'kube-system', 'kube-scheduler-whale1', '--no-headers');
      return /\s0\/1\s/.test(text) ? text : undefined;
    });
    assert.match(await k('get', 'pod', 'waiting', '--no-headers'), /^waiting\s+0\/1\s+Pending\s/);
    await k('patch', 'emulatedcomponent', 'kube-scheduler-whale1', '--type', 'merge', '-p', '{"spec":{"running":true}}');
    await k('wait', '--for=condition=PodScheduled', 'pod/waiting', '--timeout=20s');
    const node = await k('get', 'pod', 'waiting', '-o', 'jsonpath={.spec.nodeName}');
    assert.match(node, /^whale[23]$/);
  });
});
