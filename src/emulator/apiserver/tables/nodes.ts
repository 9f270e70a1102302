// `kubectl get nodes`: STATUS like "Ready,SchedulingDisabled", ROLES from node-role labels.
import type { KubeObject } from '../../../kube/object';
import { age, ageColumn, column, list, nameColumn, wide, type Printer } from './printer';

const CORE = 'io.k8s.api.core.v1.';
const ROLE_PREFIX = 'node-role.kubernetes.io/';
// The older single-role label some installers still set.
const ROLE_LABEL = 'kubernetes.io/role';

export function nodeStatus(node: KubeObject): string {
  const parts: string[] = [];
  // Only the Ready condition is shown, as kubectl does.
  const ready = list(node.status?.conditions).filter((c: any) => c?.type === 'Ready').pop();
  if (ready) parts.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (!parts.length) parts.push('Unknown');
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

export function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === ROLE_LABEL && v) {
      roles.add(v);
    }
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

function address(node: KubeObject, type: string): string {
  const a = list(node.status?.addresses).find((x: any) => x?.type === type);
  return a?.address || '<none>';
}

export const nodePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    column('Version', 'string', `${CORE}NodeSystemInfo#kubeletVersion`),
    column('Internal-IP', 'string', `${CORE}NodeStatus#addresses`, wide),
    column('External-IP', 'string', `${CORE}NodeStatus#addresses`, wide),
    column('OS-Image', 'string', `${CORE}NodeSystemInfo#osImage`, wide),
    column('Kernel-Version', 'string', `${CORE}NodeSystemInfo#kernelVersion`, wide),
    column('Container-Runtime', 'string', `${CORE}NodeSystemInfo#containerRuntimeVersion`, wide),
  ],
  row(node, now) {
    const info = node.status?.nodeInfo ?? {};
    return {
      cells: [
        node.metadata?.name ?? '',
        nodeStatus(node),
        nodeRoles(node),
        age(node, now),
        info.kubeletVersion ?? '',
        address(node, 'InternalIP'),
        address(node, 'ExternalIP'),
        info.osImage || '<unknown>',
        info.kernelVersion || '<unknown>',
        info.containerRuntimeVersion || '<unknown>',
      ],
    };
  },
};
