// The taint eviction controller: pods on a node with NoExecute taints they do not tolerate
// are deleted at once; pods that tolerate them for tolerationSeconds (300 s by default for
// unreachable/not-ready) are deleted when that time has passed since the taint was added.
import type { Timer } from '../../../kube/clock';
import type { KubeObject } from '../../../kube/object';
import { objectKey } from '../../client/informer';
import { isConflict, isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController } from '../controller-base';
import { PodsByNode } from './pods-by-node';
import { sameTolerations, toleratedForMs, type Taint, type Toleration } from './taints';

export class TaintEvictionController extends QueueController {
  private pods!: PodsByNode;
  private readonly scheduled = new Map<string, { at: number; timer: Timer }>();

  constructor(ctx: ControlLoopContext) {
    super('taint-eviction-controller', ctx, 5);
  }

  start(): void {
    this.pods = new PodsByNode(this.ctx.informers.for(R.pods), (pod, old) => {
      if (pod.spec?.nodeName && (!old || old.spec?.nodeName !== pod.spec.nodeName || !sameTolerations(old.spec?.tolerations as Toleration[] | undefined, pod.spec?.tolerations as Toleration[] | undefined))) this.queue.add(objectKey(pod));
    });
    this.ctx.informers.for(R.nodes).on({
      add: (n) => this.nodeChanged(n),
      update: (n, old) => JSON.stringify(noExecute(n)) !== JSON.stringify(noExecute(old)) && this.nodeChanged(n),
    });
  }

  override stop(): void {
    for (const s of this.scheduled.values()) s.timer.cancel();
    this.scheduled.clear();
    super.stop();
  }

  private nodeChanged(node: KubeObject): void {
    for (const pod of this.pods.on(node.metadata.name ?? '')) this.queue.add(objectKey(pod));
  }

  protected async sync(key: string): Promise<void> {
    const [namespace, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    const pod = this.ctx.informers.for(R.pods).get(namespace, name);
    const node = pod?.spec?.nodeName ? this.ctx.informers.for(R.nodes).get(undefined, pod.spec.nodeName) : undefined;
    const taints = node ? noExecute(node) : [];
    if (!pod || pod.metadata.deletionTimestamp || taints.length === 0) return this.cancel(key);
    const tolerated = toleratedForMs((pod.spec?.tolerations as Toleration[] | undefined) ?? [], taints);
    if (tolerated === Infinity) return this.cancel(key);
    const since = Math.max(...taints.map((t) => (t.timeAdded ? Date.parse(t.timeAdded) : this.ctx.clock.now())));
    const at = since + tolerated;
    const now = this.ctx.clock.now();
    if (at > now) {
      const existing = this.scheduled.get(key);
      if (existing?.at === at) return;
      existing?.timer.cancel();
      this.scheduled.set(key, { at, timer: this.ctx.clock.setTimeout(() => this.queue.add(key), at - now) });
      return;
    }
    this.cancel(key);
    this.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${namespace}/${name}`);
    await this.client.delete({ ...R.pods, namespace, name }, { preconditions: { uid: pod.metadata.uid } }).catch((e) => {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    });
  }

  private cancel(key: string): void {
    this.scheduled.get(key)?.timer.cancel();
    this.scheduled.delete(key);
  }
}

function noExecute(node: KubeObject): Taint[] {
  return ((node.spec?.taints as Taint[] | undefined) ?? []).filter((t) => t.effect === 'NoExecute');
}
