// The one source of hover content, for the tree's tooltips and the diagram's hovers:
// a component's role (from the catalogue) plus its live health, as a structured value
// and as Markdown. Built at hover time so health is fresh. Only model data goes in, and
// the model holds no secrets (see projections.ts).

import type { ControlPlaneComponentName } from '../cluster/control-plane.js';
import type { NodeView } from '../cluster/model.js';
import type { HealthCheck } from '../cluster/probes.js';
import { type ComponentName, component } from './catalogue.js';
import { componentPresence } from './distribution.js';
import { type HealthContext, type HealthState, type HealthSummary, addOnHealth, controlPlaneHealth, kubeProxyHealth, kubeletHealth, runtimeHealth } from './health.js';

export interface TooltipFact {
  label: string;
  value: string;
}

export interface ComponentTooltip {
  component: ComponentName;
  title: string;
  /** e.g. `on whale1`, `3 instances`. */
  subtitle?: string;
  codicon: string;
  role: string[];
  talksTo: string;
  highAvailability?: string;
  steps?: string[];
  health: HealthSummary;
  facts: TooltipFact[];
  /** Column headers of the facts table: VS Code renders a Markdown table only with a header row. */
  factColumns: [string, string];
  /** For kube-apiserver: every probe check, failed first. */
  checks?: { endpoint: string; checks: HealthCheck[] }[];
}

function base(name: ComponentName, health: HealthSummary): ComponentTooltip {
  const c = component(name);
  return {
    component: name,
    title: c.title,
    codicon: c.codicon,
    role: c.role,
    talksTo: c.talksTo,
    highAvailability: c.highAvailability,
    steps: c.steps,
    health,
    facts: [],
    factColumns: ['fact', 'value'],
  };
}

export function controlPlaneTooltip(name: ControlPlaneComponentName, ctx: HealthContext): ComponentTooltip {
  const t = base(name, controlPlaneHealth(name, ctx));
  const view = ctx.model.controlPlaneComponent(name);
  const presence = componentPresence(name, ctx.distribution, view.instances.length);
  if (presence.kind === 'pods') {
    t.subtitle = `${view.instances.length} instance${view.instances.length === 1 ? '' : 's'}`;
    t.factColumns = ['node', 'pod'];
    for (const i of view.instances) {
      const role = i.election ? ` (${i.election})` : '';
      t.facts.push({ label: i.nodeName || '(no node)', value: `${i.pod.name}${role}` });
    }
  } else {
    t.subtitle = presence.note;
  }
  if (name === 'kube-apiserver') {
    t.checks = [ctx.probes?.readyz, ctx.probes?.livez].filter((r) => r !== undefined).map((r) => ({ endpoint: `/${r.endpoint}?verbose`, checks: r.checks }));
  }
  return t;
}

export function nodeComponentTooltip(name: 'kubelet' | 'kube-proxy' | 'container-runtime', node: NodeView, ctx: HealthContext): ComponentTooltip {
  const health = name === 'kubelet' ? kubeletHealth(node, ctx.now) : name === 'kube-proxy' ? kubeProxyHealth(node, ctx.distribution) : runtimeHealth(node);
  const t = base(name, health);
  t.subtitle = `on ${node.name}`;
  if (name === 'kubelet') {
    t.factColumns = ['node condition', 'status'];
    for (const c of node.record.conditions) t.facts.push({ label: c.type, value: c.reason ? `${c.status} (${c.reason})` : c.status });
  }
  return t;
}

export function addOnTooltip(ctx: HealthContext): ComponentTooltip {
  const pods = ctx.model.addOn('coredns');
  const t = base('coredns', addOnHealth(pods));
  t.subtitle = `${pods.length} replica${pods.length === 1 ? '' : 's'}`;
  t.factColumns = ['node', 'pod'];
  for (const p of pods) t.facts.push({ label: p.nodeName || '(unscheduled)', value: p.name });
  return t;
}

const ICON: Record<HealthState, string> = { healthy: '$(pass)', degraded: '$(warning)', unhealthy: '$(error)', unknown: '$(question)' };

/** Escapes text that comes from the cluster so it cannot inject Markdown, links or HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+\-.!|~]/g, (c) => `\\${c}`);
}

/** Markdown for a VS Code MarkdownString with supportThemeIcons (the `$(icon)` syntax). */
export function tooltipMarkdown(t: ComponentTooltip): string {
  const out: string[] = [];
  out.push(`$(${t.codicon}) **${escapeMarkdown(t.title)}**${t.subtitle ? ` — ${escapeMarkdown(t.subtitle)}` : ''}`, '');
  out.push(`${ICON[t.health.state]} **${t.health.state}**`);
  for (const r of t.health.reasons) out.push(`- ${escapeMarkdown(r)}`);
  for (const n of t.health.notes) out.push(`- ${escapeMarkdown(n)}`);
  out.push('');
  for (const p of t.role) out.push(p, '');
  if (t.steps?.length) {
    t.steps.forEach((s, i) => out.push(`${i + 1}. ${s}`));
    out.push('');
  }
  out.push(`**Who talks to it:** ${t.talksTo}`, '');
  if (t.highAvailability) out.push(`**High availability:** ${t.highAvailability}`, '');
  if (t.facts.length) {
    out.push(`| ${escapeMarkdown(t.factColumns[0])} | ${escapeMarkdown(t.factColumns[1])} |`, '|---|---|');
    for (const f of t.facts) out.push(`| ${escapeMarkdown(f.label)} | ${escapeMarkdown(f.value)} |`);
    out.push('');
  }
  for (const group of t.checks ?? []) {
    out.push(`**${escapeMarkdown(group.endpoint)}**`, '', '```');
    // Check names come from the server: keep them from closing the code fence.
    for (const c of group.checks) out.push(`[${c.ok ? '+' : '-'}]${c.name.replace(/`/g, "'")} ${c.ok ? (c.reason === 'excluded' ? 'excluded: ok' : 'ok') : `failed: ${c.reason ?? ''}`}`);
    out.push('```', '');
  }
  return out.join('\n').trimEnd() + '\n';
}
