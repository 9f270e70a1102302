// The pod's journey: one entry per step, top to bottom in time, each placed in the lane of the
// component that acted (kube-apiserver/etcd, kube-scheduler, kubelet, container runtime) so the
// hand-offs between components are visible. Scheduler attempts are buttons that show their decision.

import type { JourneyStep } from '../protocol/trace-messages.js';
import { el } from './element.js';
import { COMPONENT_ORDER, STATUS_LABEL, formatSince, formatTime, laneOf, stepTitle } from './journey-text.js';

export interface JourneyHandlers {
  selectAttempt(attempt: number): void;
}

/** The lanes to draw: known components in pipeline order, then any others as they appear. */
export function journeyLanes(steps: readonly JourneyStep[]): string[] {
  const known = new Set<number>();
  const others: string[] = [];
  for (const s of steps) {
    const lane = laneOf(s.component);
    // etcd shares kube-apiserver's lane: the API server is the only one that talks to it.
    if (lane >= 0) known.add(lane === 1 ? 0 : lane);
    else if (!others.includes(s.component)) others.push(s.component);
  }
  return [...[...known].sort((a, b) => a - b).map((i) => (i === 0 ? 'kube-apiserver / etcd' : COMPONENT_ORDER[i])), ...others];
}

function laneIndex(lanes: string[], component: string): number {
  const lane = laneOf(component);
  const name = lane === 0 || lane === 1 ? 'kube-apiserver / etcd' : lane >= 0 ? COMPONENT_ORDER[lane] : component;
  return Math.max(0, lanes.indexOf(name));
}

/** kubelet and container runtime act on a node; the control plane's nodeName is the pod's target, not where it ran. */
function onNode(step: JourneyStep): boolean {
  return !!step.nodeName && laneOf(step.component) >= 3 && !step.component.includes(step.nodeName);
}

export function renderJourney(container: HTMLElement, steps: readonly JourneyStep[], selectedAttempt: number | undefined, handlers: JourneyHandlers): void {
  if (steps.length === 0) {
    container.replaceChildren(el('p', { class: 'empty' }, 'No steps known yet.'));
    return;
  }
  const lanes = journeyLanes(steps);
  const head = el('div', { class: 'journey-lanes', 'aria-hidden': 'true' });
  head.style.setProperty('--lanes', String(lanes.length));
  head.append(el('span', { class: 'when' }), ...lanes.map((l) => el('span', { class: 'lane-name' }, l)));
  const list = el('ol', { class: 'journey-steps', 'aria-label': 'Journey of the pod across components' });
  list.style.setProperty('--lanes', String(lanes.length));
  for (const step of steps) {
    const lane = laneIndex(lanes, step.component);
    const li = el('li', { class: `step ${step.status}`, 'data-step': step.id });
    const when = el('div', { class: 'when' });
    when.append(el('time', { datetime: step.time, title: step.time }, formatTime(step.time)));
    if (step.sincePreviousMs !== undefined) when.append(el('span', { class: 'since' }, formatSince(step.sincePreviousMs)));
    const card = el('div', { class: 'card' });
    // From its lane to the right edge: the lane shows who acted, the width leaves room for the message.
    card.style.gridColumn = `${lane + 2} / -1`;
    const selectable = step.attempt !== undefined && step.component.startsWith('kube-scheduler');
    const heading = selectable
      ? el('button', { type: 'button', class: 'attempt-link', 'data-attempt': String(step.attempt), 'aria-pressed': String(step.attempt === selectedAttempt), title: `Show the decision of attempt ${step.attempt}` })
      : el('div', { class: 'heading' });
    heading.append(
      el('span', { class: 'status-mark', 'aria-label': STATUS_LABEL[step.status], title: STATUS_LABEL[step.status] }),
      el('span', { class: 'component' }, onNode(step) ? `${step.component} on ${step.nodeName}` : step.component),
      el('span', { class: 'title' }, stepTitle(step)),
    );
    if (step.attempt !== undefined) heading.append(el('span', { class: 'attempt' }, `attempt ${step.attempt}`));
    if (selectable) heading.addEventListener('click', () => handlers.selectAttempt(step.attempt as number));
    card.append(heading);
    if (step.detail) card.append(el('div', { class: 'detail' }, step.detail));
    li.append(when, card);
    list.append(li);
  }
  container.replaceChildren(head, list);
}
