// Which container of a pod a request means, and whether it runs: shared by pods/log, pods/exec
// and the streams that follow them. Worded as kube-apiserver's validateContainer.
import type { KubeObject } from '../../kube/object.js';
import { ApiError } from './status.js';

const names = (list: unknown): string[] => (Array.isArray(list) ? list.map((c: any) => String(c?.name)) : []);

/** The container named (a container, init or ephemeral container), or the only one. */
export function validateContainer(pod: KubeObject, requested: string | null | undefined): string {
  const name = String(pod.metadata.name ?? '');
  const containers = names(pod.spec?.containers);
  if (!requested) {
    if (containers.length === 1) return containers[0];
    if (containers.length === 0) throw ApiError.badRequest(`a container name must be specified for pod ${name}`);
    const init = names(pod.spec?.initContainers);
    throw ApiError.badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${init.length > 0 ? ` or one of the init containers: [${init.join(' ')}]` : ''}`);
  }
  if (![...containers, ...names(pod.spec?.initContainers), ...names(pod.spec?.ephemeralContainers)].includes(requested)) {
    throw ApiError.badRequest(`container ${requested} is not valid for pod ${name}`);
  }
  return requested;
}

/** Whether the pod's status shows the container running. */
export function containerRunning(pod: KubeObject, container: string): boolean {
  const s = pod.status ?? {};
  return [...(s.containerStatuses ?? []), ...(s.initContainerStatuses ?? []), ...(s.ephemeralContainerStatuses ?? [])].some((c: any) => c?.name === container && c.state?.running);
}
