// What a trace panel shows, whatever it comes from: a live pod (the emulator's records or a
// reconstruction) or a what-if of a manifest. The panel only relays: the feed owns the data,
// its watches and its lifetime. No `vscode` here.

import type { Event } from '../../cluster/emitter.js';
import type { DecisionTable, TraceState } from '../../../webview/protocol/trace-messages.js';
import type { IDisposable } from '../disposable.js';

export interface TraceFeed extends IDisposable {
  /** The latest state; undefined until the first one is known. */
  readonly state: TraceState | undefined;
  /** A new whole state (live updates, a refresh). */
  readonly onDidChange: Event<TraceState>;
  /** Starts fetching/watching (or simulating); errors end up in the state's `error`. */
  start(): void;
  /** The decision of one scheduling attempt of the subject pod; null when there is none. */
  selectAttempt(attempt: number): Promise<DecisionTable | null>;
  /** What-if: the decision for one simulated pod, by its index in `placements`. */
  selectPlacement(index: number): Promise<DecisionTable | null>;
  /** Fetches or simulates again. */
  refresh(): void;
}
