// Lights up what an apply changed: the objects created or configured and the pods they lead
// to are outlined in the diagram and flagged "applied just now" in the tree, for a few
// seconds. Pods that appear while the light is on (a Deployment's replicas) join it.

import type { Event } from '../../cluster/emitter';
import { Emitter } from '../../cluster/emitter';
import type { ChangeSet, ClusterModel } from '../../cluster/model';
import type { Clock, Timer } from '../../kube/clock';
import type { ApplyReport } from '../../manifests/apply-all';
import { Disposable } from '../disposable';
import { type AppliedObjectRef, RecentlyApplied } from './applied-marks';

/** The tree's words for a pod that an apply just made or changed. */
export const APPLIED_DESCRIPTION = 'applied just now';

export interface AppliedHighlighterDeps {
  clock: Clock;
  /** The current connection's model, if any. */
  model(): ClusterModel | undefined;
  onDidChangeModel: Event<ChangeSet>;
  /** Outlines diagram elements (`pod:ns/name`); an empty list clears. */
  highlight(diagramIds: string[]): void;
}

/** What an apply report lit up: objects it created or changed ("unchanged" did nothing). */
export function appliedRefs(report: ApplyReport): AppliedObjectRef[] {
  return report.results
    .filter((r) => r.outcome === 'created' || r.outcome === 'configured')
    .map((r) => ({ kind: r.entry.ref.kind, namespace: r.entry.ref.namespace, name: r.entry.ref.name }));
}

export class AppliedHighlighter extends Disposable {
  private readonly marks: RecentlyApplied;
  private lit = new Set<string>();
  private timer?: Timer;
  private readonly changed = this._register(new Emitter<string[]>());
  /** Pod keys (`namespace/name`) whose "applied just now" flag came or went: refresh their tree items. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: AppliedHighlighterDeps) {
    super();
    this.marks = new RecentlyApplied(deps.clock);
    this._register(deps.onDidChangeModel((changes) => this.follow(changes)));
    this._register({ dispose: () => this.timer?.cancel() });
  }

  /** Called after an apply: lights what it created or configured. */
  applied(report: ApplyReport): void {
    const refs = appliedRefs(report);
    if (refs.length === 0) return;
    this.marks.record(refs);
    const model = this.deps.model();
    this.update(new Set(model ? this.marks.podKeys(model.podsSortedByNode()) : []));
    this.timer?.cancel();
    this.timer = this.deps.clock.setTimeout(() => this.update(new Set()), this.marks.durationMs);
  }

  /** The tree item's extra description for a pod, while it is lit. */
  describe(podKey: string): string | undefined {
    return this.lit.has(podKey) ? APPLIED_DESCRIPTION : undefined;
  }

  /** Pod keys lit right now. */
  get litPods(): ReadonlySet<string> {
    return this.lit;
  }

  private follow(changes: ChangeSet): void {
    if (!this.marks.active) return;
    const model = this.deps.model();
    if (!model) return;
    const next = new Set(this.lit);
    for (const key of changes.pods) {
      const p = model.pod(key);
      if (p && this.marks.isAppliedPod(p)) next.add(key);
      else next.delete(key);
    }
    this.update(next);
  }

  private update(next: Set<string>): void {
    const touched = [...next].filter((k) => !this.lit.has(k)).concat([...this.lit].filter((k) => !next.has(k)));
    if (touched.length === 0) return;
    this.lit = next;
    this.deps.highlight([...next].map((k) => `pod:${k}`));
    this.changed.fire(touched);
  }
}
