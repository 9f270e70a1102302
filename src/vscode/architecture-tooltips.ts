// Hover text of the "Architecture" tree as Markdown (with `$(codicon)` icons), built at
// hover time from the anatomy's one tooltip source, so health is as fresh as the hover.
// Pure: the provider wraps the text in a MarkdownString. Everything that comes from the
// cluster is escaped, and the model it reads holds no secrets.

import { addOnTooltip, controlPlaneTooltip, escapeMarkdown, nodeComponentTooltip, tooltipMarkdown } from '../anatomy/tooltip.js';
import { seconds } from '../anatomy/health.js';
import { nodeReadyStatus, podReadyText, podStatusText } from '../cluster/projections.js';
import type { ArchitectureElement, ArchitectureElements } from './architecture-elements.js';
import { healthContext } from './architecture-labels.js';

/** A two-column table; VS Code renders Markdown tables only with a real header row. */
function table(columns: [string, string], rows: [string, string | undefined][]): string[] {
  const out = [`| ${columns[0]} | ${columns[1]} |`, '|---|---|'];
  for (const [k, v] of rows) if (v !== undefined && v !== '') out.push(`| ${escapeMarkdown(k)} | ${escapeMarkdown(v)} |`);
  return out;
}

/** Markdown for the element's hover, or undefined when the label says it all. */
export function elementTooltip(elements: ArchitectureElements, e: ArchitectureElement): string | undefined {
  const { model, state } = elements.source;
  const ctx = healthContext(elements);
  const stale = model.stale || state.phase === 'reconnecting';
  const staleNote = stale ? '\n\n$(sync~spin) *Reconnecting: this is the last known state, not live.*\n' : '';
  switch (e.kind) {
    case 'component':
      return tooltipMarkdown(controlPlaneTooltip(e.component, ctx)) + staleNote;
    case 'instance': {
      const p = model.pod(e.podKey);
      const t = controlPlaneTooltip(e.component, ctx);
      if (p) t.subtitle = `${p.name} on ${p.nodeName}`;
      return tooltipMarkdown(t) + staleNote;
    }
    case 'addOn':
      return tooltipMarkdown(addOnTooltip(ctx)) + staleNote;
    case 'nodeComponent': {
      const n = model.node(e.nodeName);
      return n ? tooltipMarkdown(nodeComponentTooltip(e.component, n, ctx)) + staleNote : undefined;
    }
    case 'node': {
      const n = model.node(e.nodeName);
      if (!n) return undefined;
      const r = n.record;
      const lines = [`$(vm) **${escapeMarkdown(r.name)}** — ${nodeReadyStatus(r) === 'True' ? 'Ready' : 'NotReady'}`, ''];
      lines.push(
        ...table(['node', 'value'], [
          ['roles', r.roles.join(', ') || '<none>'],
          ['kubelet', r.kubeletVersion],
          ['container runtime', r.containerRuntimeVersion],
          ['OS image', r.osImage],
          ['kernel', r.kernelVersion],
          ['internal IP', r.internalIP],
          ['zone', r.zone],
          ['allocatable', [r.allocatable.cpu && `cpu ${r.allocatable.cpu}`, r.allocatable.memory && `memory ${r.allocatable.memory}`, r.allocatable.pods && `pods ${r.allocatable.pods}`].filter(Boolean).join(', ')],
          ['taints', r.taints.join(', ')],
          ['pods', String(n.podCount)],
          ['last heartbeat', n.heartbeat !== undefined ? `${seconds(ctx.now - n.heartbeat)} ago` : undefined],
        ]),
      );
      if (r.conditions.length) {
        lines.push('', '**Conditions**', '', ...table(['condition', 'status'], r.conditions.map((c) => [c.type, `${c.status}${c.reason ? ` (${c.reason})` : ''}`])));
      }
      return lines.join('\n') + staleNote;
    }
    case 'pod': {
      const p = model.pod(e.podKey);
      if (!p) return undefined;
      const lines = [`$(symbol-namespace) **${escapeMarkdown(`${p.namespace}/${p.name}`)}**`, ''];
      lines.push(
        ...table(['pod', 'value'], [
          ['status', podStatusText(p)],
          ['ready', podReadyText(p)],
          ['restarts', String(p.restarts)],
          ['node', p.nodeName || '(not scheduled yet)'],
          ['owner', p.ownerKind],
          ['static pod', p.mirror ? 'yes (mirror pod of a kubelet manifest)' : undefined],
          ['priority', p.priority !== undefined ? String(p.priority) : undefined],
          ['age', p.created !== undefined ? seconds(ctx.now - p.created) : undefined],
        ]),
      );
      return lines.join('\n') + staleNote;
    }
    case 'cluster': {
      const d = elements.clusterDistribution();
      const lines = [`$(server-environment) **${escapeMarkdown(elements.source.contextName)}**`, ''];
      lines.push(
        ...table(['cluster', 'value'], [
          ['connection', state.phase + (state.reason ? `: ${state.reason}` : '')],
          ['server version', elements.source.serverVersion],
          ['distribution', `${d.title} (${d.evidence})`],
          ['nodes', String(model.nodeCount)],
          ['pods', String(model.podCount)],
        ]),
      );
      return lines.join('\n');
    }
    case 'forbidden': {
      const shown = e.forbidden.shownNamespaces;
      const instead = shown?.length ? `Pods of ${shown.map((n) => `\`${n}\``).join(', ')} are listed and watched instead; pods of other namespaces are not shown.` : 'Everything else the credentials may list is shown.';
      return `$(lock) **Not allowed**\n\n${escapeMarkdown(e.forbidden.message)}\n\n${instead}`;
    }
    case 'status':
      return state.reason ? escapeMarkdown(state.reason) : undefined;
    default:
      return undefined;
  }
}
