// The decision section: the summary sentence, the attempt picker (or the what-if's pod list),
// facts about the attempt (outcome, sampling, preemption) and the filterable, sortable grid.
// The controls are built once so typing in the filter never loses focus on a live update.

import type { DecisionTable, TraceState, WhatIfPlacement } from '../protocol/trace-messages.js';
import { DecisionGrid } from './decision-grid.js';
import type { RowView, VerdictFilter } from './decision-rows.js';
import { formatCount, notEvaluatedExplanation } from './decision-text.js';
import { el } from './element.js';
import { formatTime } from './journey-text.js';

export interface DecisionHandlers {
  selectAttempt(attempt: number): void;
  selectPlacement(index: number): void;
  revealNode(node: string): void;
  viewChanged(view: RowView): void;
}

const VERDICTS: { value: VerdictFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'feasible', label: 'Feasible' },
  { value: 'filtered', label: 'Filtered' },
];

export class DecisionView {
  readonly element = el('section', { class: 'decision', 'aria-labelledby': 'decision-heading' });
  private readonly summary = el('p', { class: 'summary' });
  private readonly picker = el('div', { class: 'picker' });
  private readonly placements = el('div', { class: 'placements' });
  private readonly facts = el('div', { class: 'facts' });
  private readonly filterBox = el('input', { type: 'search', class: 'filter', placeholder: 'Filter by node name or reason', 'aria-label': 'Filter rows by node name or reason' });
  private readonly verdictGroup = el('div', { class: 'verdicts', role: 'radiogroup', 'aria-label': 'Show nodes' });
  private readonly count = el('span', { class: 'count', role: 'status', 'aria-live': 'polite' });
  private readonly grid: DecisionGrid;
  private readonly empty = el('p', { class: 'empty' });
  private view: RowView;
  private table: DecisionTable | undefined;

  constructor(private readonly handlers: DecisionHandlers, initial: RowView) {
    this.view = { ...initial };
    this.grid = new DecisionGrid({
      revealNode: (node) => handlers.revealNode(node),
      sortChanged: (sortColumn, sortDescending) => this.change({ sortColumn, sortDescending }),
    });
    this.filterBox.value = this.view.filter ?? '';
    this.filterBox.addEventListener('input', () => this.change({ filter: this.filterBox.value }));
    for (const v of VERDICTS) {
      const b = el('button', { type: 'button', role: 'radio', 'data-verdict': v.value }, v.label);
      b.addEventListener('click', () => this.change({ verdict: v.value }));
      b.addEventListener('keydown', (e) => this.moveVerdict(e, v.value));
      this.verdictGroup.append(b);
    }
    this.markVerdict();
    const controls = el('div', { class: 'controls' });
    controls.append(this.filterBox, this.verdictGroup, this.count);
    this.element.append(el('h2', { id: 'decision-heading' }, 'Decision'), this.summary, this.picker, this.placements, this.facts, controls, this.grid.element, this.empty);
  }

  private change(patch: Partial<RowView>): void {
    this.view = { ...this.view, ...patch };
    this.markVerdict();
    this.grid.setView(this.view);
    this.updateCount();
    this.handlers.viewChanged(this.view);
  }

  /** Radio-group keys: arrows move the choice, as a native radio group does. */
  private moveVerdict(e: KeyboardEvent, current: VerdictFilter): void {
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const i = VERDICTS.findIndex((v) => v.value === current);
    const next = VERDICTS[(i + step + VERDICTS.length) % VERDICTS.length].value;
    this.change({ verdict: next });
    (this.verdictGroup.querySelector(`[data-verdict="${next}"]`) as HTMLElement | null)?.focus();
  }

  private markVerdict(): void {
    const current = this.view.verdict ?? 'all';
    for (const b of this.verdictGroup.querySelectorAll<HTMLElement>('button')) {
      const on = b.dataset.verdict === current;
      b.setAttribute('aria-checked', String(on));
      b.tabIndex = on ? 0 : -1;
    }
  }

  private updateCount(): void {
    const total = this.table?.rows.length ?? 0;
    const shown = this.grid.rowOrder.length;
    this.count.textContent = this.table ? (shown === total ? `${formatCount(total)} nodes` : `${formatCount(shown)} of ${formatCount(total)} nodes`) : '';
    this.empty.textContent = this.table && shown === 0 && total > 0 ? 'No node matches the filter.' : '';
    this.empty.hidden = !this.empty.textContent;
  }

  show(state: TraceState, decision: DecisionTable | undefined, selectedPlacement: number | undefined, keepScroll: boolean): void {
    this.table = decision;
    this.summary.textContent = decision?.summary ?? (state.error || state.placements?.length ? '' : state.attempts?.length ? 'No decision recorded for this attempt.' : 'No decision yet: kube-scheduler has not tried to place this pod.');
    this.renderPicker(state, decision);
    this.renderPlacements(state.placements, selectedPlacement);
    this.renderFacts(decision);
    this.grid.element.hidden = !decision || !decision.detailed;
    this.grid.setTable(decision?.detailed ? decision : undefined, this.view, keepScroll);
    this.updateCount();
  }

  private renderPicker(state: TraceState, decision: DecisionTable | undefined): void {
    const attempts = state.subject.kind === 'manifest' ? [] : state.attempts ?? [];
    if (attempts.length === 0) {
      this.picker.replaceChildren();
      return;
    }
    const select = el('select', { 'aria-label': 'Scheduling attempt', class: 'attempts' });
    for (const a of attempts) {
      const when = formatTime(a.time);
      const what = a.nodeName ? `${a.outcome} to ${a.nodeName}` : a.outcome;
      const option = el('option', { value: String(a.attempt) }, `#${a.attempt}: ${what}${when ? ` (${when})` : ''}`);
      option.selected = a.attempt === decision?.attempt;
      select.append(option);
    }
    select.addEventListener('change', () => this.handlers.selectAttempt(Number(select.value)));
    const label = el('label', {}, 'Attempt ');
    label.append(select);
    this.picker.replaceChildren(label);
  }

  private renderPlacements(placements: WhatIfPlacement[] | undefined, selected: number | undefined): void {
    if (!placements?.length) {
      this.placements.replaceChildren();
      return;
    }
    const list = el('ol', { class: 'placement-list', 'aria-label': 'Pods of the manifest: where each would land' });
    placements.forEach((p, index) => {
      const b = el('button', { type: 'button', class: `placement ${p.outcome}`, 'data-index': String(index), 'aria-pressed': String(index === selected), title: `Show the decision for ${p.podName}` });
      b.append(el('span', { class: 'pod' }, p.podName), el('span', { class: 'from' }, p.from));
      b.append(p.outcome === 'Scheduled' ? el('span', { class: 'node' }, `→ ${p.nodeName ?? '?'}`) : el('span', { class: 'pending' }, `Pending: ${p.message ?? p.outcome}`));
      b.addEventListener('click', () => {
        // Marked at once; the host answers with that pod's decision.
        for (const other of list.querySelectorAll('button.placement')) other.setAttribute('aria-pressed', String(other === b));
        this.handlers.selectPlacement(index);
      });
      const li = el('li');
      li.append(b);
      list.append(li);
    });
    const scheduled = placements.filter((p) => p.outcome === 'Scheduled').length;
    const heading = el('p', { class: 'placements-heading' }, `${formatCount(placements.length)} pods: ${formatCount(scheduled)} would be scheduled, ${formatCount(placements.length - scheduled)} would stay Pending.`);
    this.placements.replaceChildren(heading, list);
  }

  private renderFacts(d: DecisionTable | undefined): void {
    const lines: HTMLElement[] = [];
    if (d) {
      const took = d.durationMs !== undefined ? ` in ${d.durationMs < 10 ? d.durationMs.toFixed(1) : Math.round(d.durationMs)} ms` : '';
      if (d.outcome === 'Scheduled') lines.push(el('p', { class: 'outcome scheduled' }, `Scheduled to ${d.nodeName ?? '?'}${took}.`));
      else lines.push(el('p', { class: 'outcome failed' }, `${d.outcome}${took}: ${d.message ?? ''}`));
      if (!d.detailed) lines.push(el('p', { class: 'note' }, 'Only the outcome was recorded for this attempt (per-plugin tracing was off), so there is no table.'));
      if (d.sampling && d.sampling.numNotEvaluated > 0) lines.push(el('p', { class: 'sampling' }, `${notEvaluatedExplanation(d)} Those rows are dimmed and marked "not evaluated".`));
      const p = d.preemption;
      if (p?.nominatedNodeName) lines.push(el('p', { class: 'preemption' }, `Preemption: nominated ${p.nominatedNodeName}${p.victims?.length ? `, evicting ${p.victims.join(', ')}` : ''}.`));
      else if (p?.message && !d.message?.includes(p.message)) lines.push(el('p', { class: 'preemption' }, p.message));
    }
    this.facts.replaceChildren(...lines);
  }
}
