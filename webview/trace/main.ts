// The scheduling trace webview: renders each TraceState the host sends, whole, and sends back
// only intents (select an attempt or a what-if pod, reveal a node or the pod, refresh). It never
// talks to the cluster itself. Sort and filter survive reloads through the webview state.

import type { DecisionTable, TraceHostMessage, TraceState, TraceViewState, TraceWebviewMessage } from '../protocol/trace-messages.js';
import type { RowView, VerdictFilter } from './decision-rows.js';
import { DecisionView } from './decision-view.js';
import { el } from './element.js';
import { renderHeader } from './header-view.js';
import { renderJourney } from './journey-view.js';

interface VsCodeApi {
  postMessage(m: TraceWebviewMessage): void;
  getState(): TraceViewState | undefined;
  setState(s: TraceViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const saved = vscode.getState();
const verdicts: VerdictFilter[] = ['all', 'feasible', 'filtered'];
let view: RowView = {
  sortColumn: typeof saved?.sortColumn === 'string' ? saved.sortColumn : undefined,
  sortDescending: saved?.sortDescending === true,
  filter: typeof saved?.filter === 'string' ? saved.filter : '',
  verdict: verdicts.includes(saved?.verdict as VerdictFilter) ? saved?.verdict : 'all',
};
let state: TraceState | undefined;
let decision: DecisionTable | undefined;
let selectedAttempt: number | undefined;
let selectedPlacement: number | undefined;
/** An earlier attempt the user asked for: live updates keep showing it instead of jumping to the latest. */
let pinnedAttempt: number | undefined;

function post(m: TraceWebviewMessage): void {
  vscode.postMessage(m);
}

function save(): void {
  if (!state) return;
  vscode.setState({ subject: state.subject, sortColumn: view.sortColumn, sortDescending: view.sortDescending, filter: view.filter, verdict: view.verdict });
}

// ---- DOM ----
const header = el('header', { class: 'trace-header' });
const journeySection = el('details', { class: 'journey', open: '' });
const journeySummary = el('summary', {}, 'Journey');
const journeyBody = el('div', { class: 'journey-body' });
journeySection.append(journeySummary, journeyBody);
const decisionView = new DecisionView(
  {
    selectAttempt: (attempt) => post({ type: 'selectAttempt', attempt }),
    selectPlacement: (index) => {
      selectedPlacement = index;
      post({ type: 'selectPlacement', index });
    },
    revealNode: (node) => post({ type: 'revealNode', node }),
    viewChanged: (v) => {
      view = v;
      save();
    },
  },
  view,
);
const main = el('main', { class: 'trace' });
main.append(header, journeySection, decisionView.element);
document.body.append(main);

header.addEventListener('click', (e) => {
  const action = (e.target as HTMLElement).closest('button')?.dataset.action;
  if (action === 'revealPod' || action === 'refresh') post({ type: action });
});

// ---- rendering ----
let renders = 0;
function render(keepScroll: boolean): void {
  if (!state) return;
  renderHeader(header, state, decision);
  journeySection.hidden = state.subject.kind === 'manifest' && !state.journey?.length;
  renderJourney(journeyBody, state.journey ?? [], selectedAttempt, {
    selectAttempt: (attempt) => post({ type: 'selectAttempt', attempt }),
  });
  decisionView.show(state, decision, selectedPlacement, keepScroll);
  // Read by tests and the benchmark: which render this is.
  document.body.dataset.rendered = String(++renders);
}

window.addEventListener('message', (event: MessageEvent<TraceHostMessage>) => {
  const m = event.data;
  switch (m?.type) {
    case 'state': {
      const sameSubject = !!state && state.subject.title === m.state.subject.title && state.subject.clusterName === m.state.subject.clusterName;
      state = m.state;
      if (sameSubject && pinnedAttempt !== undefined && state.attempts?.some((a) => a.attempt === pinnedAttempt)) {
        // Keep the pinned attempt's decision: a past attempt does not change.
      } else {
        decision = m.state.decision;
        selectedAttempt = decision?.attempt;
        pinnedAttempt = undefined;
      }
      if (!sameSubject) selectedPlacement = state.placements?.length === 1 ? 0 : undefined;
      save();
      // A live update of the same pod keeps the reader's place in the table.
      render(sameSubject);
      break;
    }
    case 'decision': {
      // The host may re-send the shown decision after each live state: keep the reader's place then.
      const same = (m.attempt ?? selectedAttempt) === selectedAttempt && (m.placementIndex ?? selectedPlacement) === selectedPlacement && !!decision && !!m.decision;
      decision = m.decision ?? undefined;
      if (m.attempt !== undefined) {
        selectedAttempt = m.attempt;
        const latest = Math.max(0, ...(state?.attempts ?? []).map((a) => a.attempt));
        pinnedAttempt = m.attempt < latest ? m.attempt : undefined;
      }
      if (m.placementIndex !== undefined) selectedPlacement = m.placementIndex;
      render(same);
      break;
    }
  }
});

post({ type: 'ready' });
