// A ClusterModel fed with full objects through the real projections, as a connection feeds it.
import { ClusterModel } from '../../../src/cluster/model';
import { StringInterner, projectNode, projectPod } from '../../../src/cluster/projections';
import type { Node, Pod, SchedulingTrace } from '../../../src/scheduler';

export class FedModel {
  readonly model = new ClusterModel();
  private readonly strings = new StringInterner();

  constructor(nodes: Node[], pods: Pod[]) {
    this.model.replaceNodes(nodes.map((n) => projectNode(n, this.strings)));
    this.model.replacePods(pods.map((p) => projectPod(p, this.strings)));
    this.model.flush();
  }

  node(n: Node, type: 'ADDED' | 'MODIFIED' | 'DELETED' = 'MODIFIED'): void {
    this.model.applyNode(type, projectNode(n, this.strings));
    this.model.flush();
  }

  pod(p: Pod, type: 'ADDED' | 'MODIFIED' | 'DELETED' = 'MODIFIED'): void {
    this.model.applyPod(type, projectPod(p, this.strings));
    this.model.flush();
  }
}

let rv = 1;
/** A copy with a new resourceVersion: the model drops events whose version it has seen. */
export function bump<T extends Node | Pod>(o: T): T {
  return { ...o, metadata: { ...o.metadata, resourceVersion: String(++rv) } };
}

/** What a decision shows, without timings: equal fingerprints mean equal decisions. */
export function decisionFingerprint(t: SchedulingTrace) {
  return {
    outcome: t.outcome,
    nodeName: t.nodeName,
    message: t.message,
    evaluatedNodes: t.evaluatedNodes,
    filterRejections: t.filterRejections,
    preFilter: t.preFilter,
    scores: t.scores,
    preemption: t.preemption,
  };
}
