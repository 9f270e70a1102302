// The DaemonSet controller: one pod per eligible node (node selector, affinity, tolerated
// taints), pinned with nodeAffinity matchFields metadata.name and left to the scheduler to
// bind; rolling updates replace old-revision pods maxUnavailable at a time; status counts
// desired/current/ready/available/updated and misscheduled nodes.
import type { KubeObject } from '../../../kube/object';
import { objectKey } from '../../client/informer';
import { isConflict, isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController, splitKey } from '../controller-base';
import { canonicalJson, controllerRefOf, errorText, isPodAvailable, isPodReady, isTerminating, podPhase } from '../controller-ref';
import { Expectations } from '../expectations';
import { OwnerIndex } from '../owner-index';
import { createPod, podFromTemplate, slowStartBatch } from '../pod-control';
import { CONTROLLER_REVISION_HASH, ensureCurrentRevision } from './history';
import { daemonPodNode, daemonTolerations, eligibilityFor, pinnedAffinity, type Eligibility } from './node-eligibility';

export class DaemonSetController extends QueueController {
  private pods!: OwnerIndex;
  private revisions!: OwnerIndex;
  private readonly expectations: Expectations;

  constructor(ctx: ControlLoopContext) {
    super('daemonset-controller', ctx, 3);
    this.expectations = new Expectations(ctx.clock);
  }

  start(): void {
    const sets = this.ctx.informers.for(R.daemonSets);
    sets.on({ add: (d) => this.queue.add(objectKey(d)), update: (d) => this.queue.add(objectKey(d)), delete: (d) => this.expectations.forget(objectKey(d)) });
    const allSets = () => {
      for (const d of sets.list()) this.queue.add(objectKey(d));
    };
    this.ctx.informers.for(R.nodes).on({
      add: allSets,
      update: (n, old) => {
        if (canonicalJson([n.metadata.labels, n.spec?.taints]) !== canonicalJson([old.metadata.labels, old.spec?.taints])) allSets();
      },
      delete: allSets,
    });
    this.pods = new OwnerIndex(
      this.ctx.informers.for(R.pods),
      (pod, old) => {
        const key = this.ownerKey(pod);
        if (!key) return;
        if (!old) this.expectations.creationObserved(key);
        else if (isTerminating(pod) && !isTerminating(old)) this.expectations.deletionObserved(key);
        this.queue.add(key);
      },
      (pod) => {
        const key = this.ownerKey(pod);
        if (!key) return;
        if (!isTerminating(pod)) this.expectations.deletionObserved(key);
        this.queue.add(key);
      },
    );
    this.revisions = new OwnerIndex(this.ctx.informers.for(R.controllerRevisions));
  }

  private ownerKey(pod: KubeObject): string | undefined {
    const ref = controllerRefOf(pod);
    return ref?.kind === 'DaemonSet' ? `${pod.metadata.namespace}/${ref.name}` : undefined;
  }

  protected async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.ctx.informers.for(R.daemonSets).get(namespace, name);
    if (!cached || cached.metadata.deletionTimestamp) return;
    const ds = structuredClone(cached);
    const { hash } = await ensureCurrentRevision(this.client, ds, this.revisions.owned(ds.metadata.uid));
    const nodes = this.ctx.informers.for(R.nodes).list();
    const byNode = new Map<string, KubeObject[]>();
    for (const pod of this.pods.owned(ds.metadata.uid)) {
      const node = daemonPodNode(pod);
      if (!node) continue;
      const list = byNode.get(node) ?? [];
      list.push(pod);
      byNode.set(node, list);
    }
    // Each node's eligibility once per sync: manage and the status read it up to three times.
    const eligibleOn = eligibilityFor(ds);
    const eligibility = nodes.map(eligibleOn);
    if (this.expectations.satisfied(key)) await this.manage(key, ds, hash, nodes, eligibility, byNode);
    await this.updateStatus(ds, hash, nodes, eligibility, byNode);
  }

  private async manage(key: string, ds: KubeObject, hash: string, nodes: KubeObject[], eligibility: Eligibility[], byNode: Map<string, KubeObject[]>): Promise<void> {
    const create: string[] = [];
    const remove: KubeObject[] = [];
    const now = this.ctx.clock.now();
    const minReady = (ds.spec?.minReadySeconds as number | undefined) ?? 0;
    for (let i = 0; i < nodes.length; i++) {
      const nodeName = nodes[i]!.metadata.name ?? '';
      const { shouldRun, shouldContinueRunning } = eligibility[i]!;
      const pods = (byNode.get(nodeName) ?? []).filter((p) => !isTerminating(p));
      const failed = pods.filter((p) => podPhase(p) === 'Failed');
      remove.push(...failed);
      const alive = pods.filter((p) => podPhase(p) !== 'Failed');
      if (shouldRun && alive.length === 0) create.push(nodeName);
      else if (!shouldContinueRunning) remove.push(...alive);
      else if (alive.length > 1) remove.push(...alive.slice(1));
    }
    // Nodes that disappeared take their daemon pods with them.
    const known = new Set(nodes.map((n) => n.metadata.name));
    for (const [node, pods] of byNode) if (!known.has(node)) remove.push(...pods.filter((p) => !isTerminating(p)));
    // Rolling update: old-revision pods go, at most maxUnavailable unavailable at a time.
    if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const desired = eligibility.filter((e) => e.shouldRun).length;
      const maxUnavailable = resolveMaxUnavailable(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable, desired);
      let unavailable = 0;
      const old: KubeObject[] = [];
      // A Set: a rolling update of thousands of nodes looked each pod up in the list to remove.
      const removing = new Set(remove);
      for (let i = 0; i < nodes.length; i++) {
        if (!eligibility[i]!.shouldRun) continue;
        const pods = (byNode.get(nodes[i]!.metadata.name ?? '') ?? []).filter((p) => !isTerminating(p));
        if (pods.length === 0 || !pods.some((p) => isPodAvailable(p, minReady, now))) unavailable++;
        for (const p of pods) if (p.metadata.labels?.[CONTROLLER_REVISION_HASH] !== hash && !removing.has(p)) old.push(p);
      }
      // Unavailable old pods cost nothing to replace; available ones spend the budget.
      for (const p of old) {
        if (!isPodAvailable(p, minReady, now)) remove.push(p);
        else if (unavailable < maxUnavailable) {
          remove.push(p);
          unavailable++;
        }
      }
    }
    if (create.length === 0 && remove.length === 0) return;
    this.expectations.expect(key, create.length, remove.length);
    await Promise.all(
      remove.map((pod) =>
        this.client.delete({ ...R.pods, namespace: pod.metadata.namespace, name: pod.metadata.name }, { preconditions: { uid: pod.metadata.uid } }).then(
          () => this.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`),
          (e) => {
            this.expectations.deletionObserved(key);
            if (!isNotFound(e) && !isConflict(e)) throw e;
          },
        ),
      ),
    );
    const generation = String(ds.metadata.generation ?? 1);
    const result = await slowStartBatch(create.length, async (i) => {
      const nodeName = create[i]!;
      const pod = podFromTemplate(ds.spec?.template ?? {}, ds, `${ds.metadata.name}-`, { labels: { [CONTROLLER_REVISION_HASH]: hash, 'pod-template-generation': generation } });
      pod.spec = { ...pod.spec, affinity: pinnedAffinity(pod.spec?.affinity, nodeName), tolerations: daemonTolerations(ds.spec?.template) };
      const created = await createPod(this.client, pod);
      this.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    });
    for (let i = result.created; i < create.length; i++) this.expectations.creationObserved(key);
    if (result.error !== undefined) {
      this.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${errorText(result.error)}`);
      throw result.error;
    }
  }

  private async updateStatus(ds: KubeObject, hash: string, nodes: KubeObject[], eligibility: Eligibility[], byNode: Map<string, KubeObject[]>): Promise<void> {
    const now = this.ctx.clock.now();
    const minReady = (ds.spec?.minReadySeconds as number | undefined) ?? 0;
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    for (let i = 0; i < nodes.length; i++) {
      const { shouldRun } = eligibility[i]!;
      const pods = (byNode.get(nodes[i]!.metadata.name ?? '') ?? []).filter((p) => !isTerminating(p));
      if (shouldRun) desired++;
      if (pods.length === 0) continue;
      if (!shouldRun) {
        misscheduled++;
        continue;
      }
      current++;
      if (pods.some(isPodReady)) ready++;
      if (pods.some((p) => isPodAvailable(p, minReady, now))) available++;
      if (pods.some((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash)) updated++;
    }
    const status: Record<string, unknown> = {
      ...(ds.status ?? {}),
      currentNumberScheduled: current,
      desiredNumberScheduled: desired,
      numberMisscheduled: misscheduled,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      numberUnavailable: desired - available,
    };
    for (const k of ['numberAvailable', 'numberUnavailable', 'updatedNumberScheduled'] as const) if (status[k] === 0) delete status[k];
    if (canonicalJson(status) === canonicalJson(ds.status ?? {})) return;
    await this.client.update({ ...R.daemonSets, namespace: ds.metadata.namespace, name: ds.metadata.name, subresource: 'status' }, { ...ds, status }).catch((e) => {
      if (!isNotFound(e)) throw e;
    });
  }
}

function resolveMaxUnavailable(value: number | string | undefined, desired: number): number {
  if (value === undefined) return 1;
  if (typeof value === 'number') return Math.max(1, value);
  const m = /^(\d+)%$/.exec(value);
  return Math.max(1, m ? Math.ceil((Number(m[1]) * desired) / 100) : Number(value) || 1);
}
