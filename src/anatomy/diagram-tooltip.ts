// Hover content for a diagram element, from the anatomy's one tooltip source (tooltip.ts),
// as plain structured text: the webview renders it with textContent, never as HTML.

import type { ControlPlaneComponentName } from '../cluster/control-plane.js';
import { CONTROL_PLANE_COMPONENTS } from '../cluster/control-plane.js';
import { nodeReadyStatus, podReadyText, podStatusText } from '../cluster/projections.js';
import type { TooltipContent } from '../../webview/protocol/diagram-messages.js';
import type { HealthContext } from './health.js';
import { type ComponentTooltip, controlPlaneTooltip, nodeComponentTooltip } from './tooltip.js';
import { podLook } from './diagram-snapshot.js';

function fromTooltip(t: ComponentTooltip): TooltipContent {
  return {
    title: t.title,
    subtitle: t.subtitle,
    health: t.health.state,
    reasons: t.health.reasons,
    notes: t.health.notes,
    role: t.role,
    talksTo: t.talksTo,
    facts: t.facts,
  };
}

const NODE_PARTS = { kubelet: 'kubelet', proxy: 'kube-proxy', runtime: 'container-runtime' } as const;

/** The hover for an element id of the protocol, or null when the element is gone. */
export function diagramTooltip(id: string, ctx: HealthContext): TooltipContent | null {
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  const model = ctx.model;
  if (kind === 'cp') {
    const [name, podName] = rest.split(':') as [ControlPlaneComponentName, string | undefined];
    if (!CONTROL_PLANE_COMPONENTS.includes(name)) return null;
    const t = controlPlaneTooltip(name, ctx);
    if (podName) {
      const inst = model.controlPlaneComponent(name).instances.find((i) => i.pod.name === podName);
      if (!inst) return null;
      t.subtitle = `${podName} on ${inst.nodeName}${inst.election ? ` (${inst.election})` : ''}`;
    }
    return fromTooltip(t);
  }
  if (kind === 'kubelet' || kind === 'proxy' || kind === 'runtime') {
    const n = model.node(rest);
    return n ? fromTooltip(nodeComponentTooltip(NODE_PARTS[kind], n, ctx)) : null;
  }
  if (kind === 'node') {
    const n = model.node(rest);
    if (!n) return null;
    const r = n.record;
    const ready = nodeReadyStatus(r) === 'True';
    return {
      title: r.name,
      subtitle: ready ? 'Ready' : 'NotReady',
      health: ready ? 'healthy' : 'unhealthy',
      reasons: [],
      notes: [],
      role: [r.roles.length ? `Node with role ${r.roles.join(', ')}` : 'Worker node'],
      facts: [
        { label: 'kubelet', value: r.kubeletVersion ?? '' },
        { label: 'container runtime', value: r.containerRuntimeVersion ?? '' },
        { label: 'internal IP', value: r.internalIP ?? '' },
        { label: 'pods', value: String(n.podCount) },
      ].filter((f) => f.value !== ''),
    };
  }
  if (kind === 'pod') {
    const p = model.pod(rest);
    if (!p) return null;
    const look = podLook(p);
    return {
      title: `${p.namespace}/${p.name}`,
      subtitle: p.nodeName ? `on ${p.nodeName}` : 'not scheduled yet',
      health: look === 'ready' || look === 'succeeded' ? 'healthy' : look === 'failed' ? 'unhealthy' : look === 'pending' || look === 'terminating' ? 'unknown' : 'degraded',
      reasons: [],
      notes: [],
      role: [],
      facts: [
        { label: 'status', value: podStatusText(p) },
        { label: 'ready', value: podReadyText(p) },
        { label: 'restarts', value: String(p.restarts) },
        ...(p.ownerKind ? [{ label: 'owner', value: p.ownerKind }] : []),
      ],
    };
  }
  return null;
}
