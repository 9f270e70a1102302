// A trace that does not change: what a panel shows when there is nothing live to follow (a
// restored what-if, a trace of another cluster than the selected one, a build without the
// trace module). Refresh calls back so the owner can replace it with a live feed.

import { Emitter } from '../../cluster/emitter.js';
import type { DecisionTable, TraceState, TraceSubject } from '../../../webview/protocol/trace-messages.js';
import type { TraceFeed } from './trace-feed.js';

export class StaticFeed implements TraceFeed {
  private readonly changed = new Emitter<TraceState>();
  readonly onDidChange = this.changed.event;
  readonly state: TraceState;

  constructor(
    subject: TraceSubject,
    error: string,
    private readonly onRefresh?: () => void,
  ) {
    this.state = { subject, journey: [], attempts: [], live: false, error, notes: [] };
  }

  start(): void {}

  async selectAttempt(_attempt: number): Promise<DecisionTable | null> {
    return null;
  }

  async selectPlacement(_index: number): Promise<DecisionTable | null> {
    return null;
  }

  refresh(): void {
    this.onRefresh?.();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
