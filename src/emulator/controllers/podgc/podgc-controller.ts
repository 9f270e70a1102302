// The pod garbage collector: every 20 s it force-deletes pods bound to nodes that no longer
// exist (after a 40 s quarantine, as upstream), terminating pods that were never scheduled,
// and the oldest finished pods beyond terminated-pod-gc-threshold (12,500).
import type { Timer } from '../../../kube/clock';
import type { KubeObject } from '../../../kube/object';
import { objectKey } from '../../client/informer';
import { isConflict, isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController, splitKey } from '../controller-base';
import { podPhase } from '../controller-ref';

const GC_PERIOD_MS = 20_000;
const QUARANTINE_MS = 40_000;
export const TERMINATED_POD_GC_THRESHOLD = 12_500;

export class PodGcController extends QueueController {
  private timer?: Timer;
  /** Nodes seen missing, and since when. */
  private readonly missingSince = new Map<string, number>();
  private readonly finished = new Map<string, KubeObject>();

  constructor(
    ctx: ControlLoopContext,
    private readonly threshold = TERMINATED_POD_GC_THRESHOLD,
  ) {
    super('pod-garbage-collector', ctx, 5);
  }

  start(): void {
    const finished = (pod: KubeObject) => {
      const phase = podPhase(pod);
      return phase === 'Succeeded' || phase === 'Failed';
    };
    // Only a pod that is or was finished touches the map: no key string per running pod's update.
    const track = (pod: KubeObject, old?: KubeObject) => {
      if (finished(pod)) this.finished.set(objectKey(pod), pod);
      else if (!old || finished(old) || old.metadata.uid !== pod.metadata.uid) this.finished.delete(objectKey(pod));
    };
    this.ctx.informers.for(R.pods).on({ add: (p) => track(p), update: track, delete: (p) => this.finished.delete(objectKey(p)) });
    this.ctx.informers.for(R.nodes); // asked for now, so the runtime starts it with the others
    this.timer = this.ctx.clock.setInterval(() => this.pass(), GC_PERIOD_MS);
  }

  override stop(): void {
    this.timer?.cancel();
    super.stop();
  }

  /** One collection pass: decides which pods go and queues them. */
  pass(): void {
    const now = this.ctx.clock.now();
    const nodes = this.ctx.informers.for(R.nodes);
    const pods = this.ctx.informers.for(R.pods);
    if (!nodes.hasSynced() || !pods.hasSynced()) return;
    for (const pod of pods.list()) {
      const node = pod.spec?.nodeName as string | undefined;
      if (!node) {
        if (pod.metadata.deletionTimestamp) this.queue.add(objectKey(pod));
        continue;
      }
      if (nodes.get(undefined, node)) {
        this.missingSince.delete(node);
        continue;
      }
      const since = this.missingSince.get(node) ?? now;
      this.missingSince.set(node, since);
      if (now - since >= QUARANTINE_MS) this.queue.add(objectKey(pod));
    }
    const excess = this.finished.size - this.threshold;
    if (excess > 0) {
      const oldest = [...this.finished.values()].sort((a, b) => (Date.parse(a.metadata.creationTimestamp ?? '') || 0) - (Date.parse(b.metadata.creationTimestamp ?? '') || 0));
      for (const pod of oldest.slice(0, excess)) this.queue.add(objectKey(pod));
    }
  }

  protected async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = this.ctx.informers.for(R.pods).get(namespace, name);
    if (!pod) return;
    this.ctx.log(this.name, `PodGC is force deleting Pod: ${key}`);
    await this.client.delete({ ...R.pods, namespace, name }, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } }).catch((e) => {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    });
  }
}
