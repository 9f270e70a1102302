// The node lifecycle controller: a node whose kubelet stopped renewing its Lease in
// kube-node-lease (and posting status) for the grace period gets conditions Unknown
// ("Kubelet stopped posting node status."), its pods marked not ready, and the managed taints
// (unreachable/not-ready, unschedulable, pressure) follow the node's conditions. Evictions
// after tolerationSeconds are the taint eviction controller's (taint-eviction.ts).
import type { Timer } from '../../../kube/clock';
import type { KubeObject } from '../../../kube/object';
import { objectKey } from '../../client/informer';
import { isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController } from '../controller-base';
import { canonicalJson, timestamp } from '../controller-ref';
import { PodsByNode } from './pods-by-node';
import { desiredManagedTaints, MANAGED_KEYS, readyStatus, type Taint } from './taints';

export const NODE_MONITOR_GRACE_MS = 40_000;
const NODE_MONITOR_PERIOD_MS = 5_000;
const NODE_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export class NodeLifecycleController extends QueueController {
  /** When this controller last saw a sign of life (lease renewal or status heartbeat). */
  private readonly probed = new Map<string, number>();
  private pods!: PodsByNode;
  private monitor?: Timer;

  constructor(
    ctx: ControlLoopContext,
    private readonly graceMs = NODE_MONITOR_GRACE_MS,
  ) {
    super('node-lifecycle-controller', ctx, 5);
  }

  start(): void {
    this.pods = new PodsByNode(this.ctx.informers.for(R.pods));
    this.ctx.informers.for(R.nodes).on({
      add: (n) => {
        this.probed.set(n.metadata.name ?? '', this.ctx.clock.now());
        this.queue.add(objectKey(n));
      },
      update: (n, old) => {
        if (heartbeat(n) !== heartbeat(old)) this.probed.set(n.metadata.name ?? '', this.ctx.clock.now());
        // Heartbeat-only updates (5,000 nodes every 10 s) wait for the periodic pass.
        if (taintInputs(n) !== taintInputs(old)) this.queue.add(objectKey(n));
      },
      delete: (n) => this.probed.delete(n.metadata.name ?? ''),
    });
    this.ctx.informers.for(R.leases).on({
      add: (l) => this.leaseRenewed(l),
      update: (l, old) => l.spec?.renewTime !== old.spec?.renewTime && this.leaseRenewed(l),
    });
    this.monitor = this.ctx.clock.setInterval(() => {
      for (const n of this.ctx.informers.for(R.nodes).list()) this.queue.add(objectKey(n));
    }, NODE_MONITOR_PERIOD_MS);
  }

  override stop(): void {
    this.monitor?.cancel();
    super.stop();
  }

  private leaseRenewed(lease: KubeObject): void {
    if (lease.metadata.namespace !== 'kube-node-lease') return;
    const name = lease.metadata.name ?? '';
    this.probed.set(name, this.ctx.clock.now());
  }

  protected async sync(name: string): Promise<void> {
    let node = this.ctx.informers.for(R.nodes).get(undefined, name);
    if (!node) return;
    const now = this.ctx.clock.now();
    const probed = this.probed.get(name) ?? now;
    if (now - probed > this.graceMs && readyStatus(node) !== undefined && readyStatus(node) !== 'Unknown') {
      node = await this.markUnknown(node, now);
      if (!node) return;
    }
    await this.reconcileTaints(node, now);
  }

  /** tryUpdateNodeHealth: every condition becomes Unknown; the node's pods are no longer ready. */
  private async markUnknown(node: KubeObject, now: number): Promise<KubeObject | undefined> {
    const at = timestamp(now);
    const conditions = structuredClone((node.status?.conditions as Record<string, unknown>[] | undefined) ?? []);
    for (const type of NODE_CONDITIONS) {
      const c = conditions.find((x) => x.type === type);
      const unknown = { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: at };
      if (c) Object.assign(c, unknown);
      else conditions.push({ type, ...unknown, lastHeartbeatTime: at });
    }
    let updated: KubeObject;
    try {
      updated = await this.client.update<KubeObject>({ ...R.nodes, name: node.metadata.name, subresource: 'status' }, { ...node, status: { ...node.status, conditions } });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
    this.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`);
    for (const pod of this.pods.on(node.metadata.name ?? '')) await this.markPodNotReady(pod, at);
    return updated;
  }

  private async markPodNotReady(pod: KubeObject, at: string): Promise<void> {
    const conditions = structuredClone((pod.status?.conditions as { type: string; status: string }[] | undefined) ?? []);
    const ready = conditions.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'False' || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
    Object.assign(ready, { status: 'False', lastTransitionTime: at });
    await this.client.update({ ...R.pods, namespace: pod.metadata.namespace, name: pod.metadata.name, subresource: 'status' }, { ...pod, status: { ...pod.status, conditions } }).catch((e) => {
      this.ctx.log(this.name, `could not mark pod ${pod.metadata.namespace}/${pod.metadata.name} not ready: ${String(e)}`, 'W');
    });
  }

  private async reconcileTaints(node: KubeObject, now: number): Promise<void> {
    const current = (node.spec?.taints as Taint[] | undefined) ?? [];
    const desired = desiredManagedTaints(node);
    const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
    const kept = current.filter((t) => !MANAGED_KEYS.has(t.key) || desired.some((d) => same(d, t)));
    const added = desired.filter((d) => !current.some((t) => same(d, t))).map((d) => (d.effect === 'NoExecute' ? { ...d, timeAdded: timestamp(now) } : d));
    const taints = [...kept, ...added];
    if (canonicalJson(taints) === canonicalJson(current)) return;
    await this.client.update({ ...R.nodes, name: node.metadata.name }, { ...node, spec: { ...node.spec, taints: taints.length > 0 ? taints : undefined } }).catch((e) => {
      if (!isNotFound(e)) throw e;
    });
  }
}

function heartbeat(node: KubeObject): string | undefined {
  return (node.status?.conditions as { type: string; lastHeartbeatTime?: string }[] | undefined)?.find((c) => c.type === 'Ready')?.lastHeartbeatTime;
}

/** What the managed taints depend on: condition statuses, unschedulable and the taints themselves. */
function taintInputs(node: KubeObject): string {
  const conditions = ((node.status?.conditions as { type: string; status: string }[] | undefined) ?? []).map((c) => `${c.type}=${c.status}`);
  return JSON.stringify([conditions, node.spec?.unschedulable ?? false, node.spec?.taints ?? []]);
}
