// The what-if of a manifest as a trace feed: read the documents, wait until the cluster's nodes
// and pods are listed, simulate (nothing is written), and show where each pod would land. A
// refresh reads the documents again, so an edited manifest is simulated as it is now. No
// `vscode` here: the progress notification and the simulation are injected.

import { Emitter } from '../../cluster/emitter.js';
import type { KubeObject } from '../../kube/object.js';
import type { DecisionTable, TraceState, TraceSubject, WhatIfPlacement } from '../../../webview/protocol/trace-messages.js';
import type { TraceFeed } from './trace-feed.js';

/** One simulation's result, in the view's terms. */
export interface WhatIfRun {
  placements: WhatIfPlacement[];
  /** The decision for the pod at this index of `placements`; null when there is none. */
  decision(index: number): DecisionTable | null;
  /** Documents that gave no pods and why, and anything else worth a line. */
  notes: string[];
}

export interface WhatIfFeedOptions {
  subject: TraceSubject;
  /** Reads the manifest's workload objects again (editor text wins over the file). */
  load(): Promise<WhatIfDocuments>;
  /** Resolves true once nodes and pods are listed; false when the connection went away. */
  synced(): Promise<boolean>;
  simulate(documents: WhatIfDocuments): Promise<WhatIfRun>;
  /** Shows a progress notification while the task runs. */
  progress<T>(title: string, task: () => Promise<T>): Promise<T>;
}

/** The workload objects of a manifest, each with where it is (`deployment.yaml:1`). */
export interface WhatIfDocuments {
  objects: KubeObject[];
  /** Parallel to objects. */
  locations: string[];
  /** Documents left out (syntax errors, kinds that create no pods), as lines for the view. */
  problems: string[];
}

export const WHAT_IF_NOTE = 'What-if: the pods these documents would create, placed one after another against the current cluster. Nothing was applied.';

export class WhatIfFeed implements TraceFeed {
  private readonly changed = new Emitter<TraceState>();
  readonly onDidChange = this.changed.event;
  private current?: TraceState;
  private run?: WhatIfRun;
  /** Bumped by each simulation, so a slow one never overwrites a newer one. */
  private generation = 0;
  private disposed = false;

  constructor(private readonly o: WhatIfFeedOptions) {}

  get state(): TraceState | undefined {
    return this.current;
  }

  start(): void {
    void this.simulate();
  }

  refresh(): void {
    void this.simulate();
  }

  async selectAttempt(_attempt: number): Promise<DecisionTable | null> {
    return null;
  }

  async selectPlacement(index: number): Promise<DecisionTable | null> {
    return this.run?.decision(index) ?? null;
  }

  dispose(): void {
    this.disposed = true;
    this.changed.dispose();
  }

  /** Settles when the simulation is done (tests await it through the state instead). */
  private async simulate(): Promise<void> {
    const generation = ++this.generation;
    const base: TraceState = { subject: this.o.subject, journey: [], attempts: [], live: false, notes: [WHAT_IF_NOTE] };
    this.publish(generation, { ...base, notes: ['Simulating…'] });
    try {
      const next = await this.o.progress(`Simulating scheduling of ${this.o.subject.title}…`, async () => {
        const [documents, synced] = await Promise.all([this.o.load(), this.o.synced()]);
        const { objects, problems } = documents;
        if (!synced) return { ...base, error: `Not connected to ${this.o.subject.clusterName} any more: select it again and re-run "Trace scheduling".` };
        if (objects.length === 0) return { ...base, error: problems[0] ?? 'No Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet or Job to simulate.', notes: [...base.notes, ...problems.slice(1)] };
        const run = await this.o.simulate(documents);
        if (generation === this.generation) this.run = run;
        return stateOf(base, run, [...problems, ...run.notes]);
      });
      this.publish(generation, next);
    } catch (e) {
      this.publish(generation, { ...base, error: `The what-if failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private publish(generation: number, state: TraceState): void {
    if (this.disposed || generation !== this.generation) return;
    this.current = state;
    this.changed.fire(state);
  }
}

function stateOf(base: TraceState, run: WhatIfRun, notes: string[]): TraceState {
  const first = run.placements.length ? run.decision(0) : null;
  return {
    ...base,
    // One "attempt" per simulated pod, so the view's picker and the placements agree.
    attempts: run.placements.map((p, i) => ({ attempt: i + 1, outcome: p.outcome, nodeName: p.nodeName })),
    placements: run.placements,
    decision: first ?? undefined,
    notes: [...base.notes, ...notes],
  };
}
