// Wording of the journey's timeline: the "+1.2 s" since the previous step, times, and the
// label each status gets for people who cannot see its colour.

import type { JourneyStep } from '../protocol/trace-messages.js';

/** "+350 ms", "+1.2 s", "+2 min 5 s", "+1 h 3 min": precise when short, readable when long. */
export function formatSince(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `+${Math.round(ms)} ms`;
  if (ms < 60_000) return `+${(Math.round(ms / 100) / 10).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `+${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.round(s / 60);
  return `+${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** Local wall-clock time with seconds (and milliseconds when they matter); '' when unparseable. */
export function formatTime(rfc3339: string | undefined): string {
  if (!rfc3339) return '';
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return '';
  const hms = d.toLocaleTimeString('en-GB', { hour12: false });
  return d.getMilliseconds() ? `${hms}.${String(d.getMilliseconds()).padStart(3, '0')}` : hms;
}

export const STATUS_LABEL: Record<JourneyStep['status'], string> = {
  done: 'done',
  failed: 'failed',
  waiting: 'waiting',
  'in-progress': 'in progress',
};

/** "FailedScheduling ×4": repeated steps are counted, not repeated. */
export function stepTitle(step: JourneyStep): string {
  return step.count && step.count > 1 ? `${step.title} ×${formatCountShort(step.count)}` : step.title;
}

function formatCountShort(n: number): string {
  return new Intl.NumberFormat('en').format(n);
}

/** Components in the order a pod meets them: the timeline's lanes. */
export const COMPONENT_ORDER = ['kube-apiserver', 'etcd', 'kube-scheduler', 'kubelet', 'container runtime'];

/** Lane for a component name; kubelet/runtime names may carry "on <node>". */
export function laneOf(component: string): number {
  const c = component.toLowerCase();
  const i = COMPONENT_ORDER.findIndex((name) => c === name || c.startsWith(`${name} `));
  if (i >= 0) return i;
  if (c.includes('apiserver') || c.includes('etcd')) return 0;
  if (c.includes('runtime') || c.includes('containerd') || c.includes('cri')) return 4;
  return -1;
}
