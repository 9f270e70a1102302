// The header: what is traced, on which cluster, where the decision came from (anything but
// kube-scheduler's own record is labelled as such), whether it is live, and errors and notes.

import type { DecisionSource, DecisionTable, TraceState } from '../protocol/trace-messages.js';
import { el } from './element.js';

export const SOURCE_LABEL: Record<DecisionSource, string> = {
  recorded: 'recorded by kube-scheduler',
  reconstructed: 'reconstructed',
  'what-if': 'what-if: nothing applied',
};

const SOURCE_TITLE: Record<DecisionSource, string> = {
  recorded: "The exact record kube-scheduler wrote for this attempt.",
  reconstructed: "Not kube-scheduler's own record: the same plugins were run afterwards on the cluster's current state, so the result can differ from what happened.",
  'what-if': "The manifest's pods placed one after another against the current cluster. Nothing was created.",
};

export function sourceOf(state: TraceState, decision: DecisionTable | undefined): DecisionSource | undefined {
  return decision?.source ?? (state.subject.kind === 'manifest' ? 'what-if' : undefined);
}

export function renderHeader(container: HTMLElement, state: TraceState, decision: DecisionTable | undefined): void {
  const title = el('div', { class: 'title-line' });
  title.append(el('h1', {}, state.subject.title), el('span', { class: 'cluster', title: 'Cluster' }, state.subject.clusterName));
  const source = sourceOf(state, decision);
  if (source) title.append(el('span', { class: `badge source ${source}`, title: SOURCE_TITLE[source] }, SOURCE_LABEL[source]));
  if (state.live) title.append(el('span', { class: 'badge live', title: 'Live: the view updates as the pod moves on' }, '● live'));
  const parts: HTMLElement[] = [title];
  if (state.subject.kind === 'pod') {
    const actions = el('div', { class: 'actions' });
    actions.append(el('button', { type: 'button', class: 'link', 'data-action': 'revealPod' }, 'Reveal pod in tree'), el('button', { type: 'button', class: 'link', 'data-action': 'refresh' }, 'Refresh'));
    parts.push(actions);
  }
  if (state.error) parts.push(el('div', { class: 'error', role: 'alert' }, state.error));
  const warnings = decision?.warnings ?? [];
  if (source === 'reconstructed' || warnings.length) {
    const box = el('div', { class: 'warnings', role: warnings.length ? 'alert' : 'note' });
    if (source === 'reconstructed') box.append(el('p', { class: 'lead' }, SOURCE_TITLE.reconstructed));
    for (const w of warnings) box.append(el('p', { class: 'warning' }, w));
    parts.push(box);
  }
  if (state.notes?.length) {
    const notes = el('ul', { class: 'notes', 'aria-label': 'Notes' });
    for (const n of state.notes) notes.append(el('li', {}, n));
    parts.push(notes);
  }
  container.replaceChildren(...parts);
}
