// A pod's containers as a picker offers them: those running (for a shell) and all of them (for
// logs), the default-container annotation's first, as kubectl chooses.
import { loadClientNode, type KubeConfig } from './client-node.js';

const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';

export interface PodContainers {
  /** Containers with a running state, the default one first (kubectl.kubernetes.io/default-container). */
  running: string[];
  /** Every container of the spec (init containers after), the default one first: all have logs. */
  all: string[];
  phase: string;
}

/** Reads the pod: its spec lists the containers, its status says which run. */
export async function podContainers(kc: KubeConfig, namespace: string, name: string): Promise<PodContainers> {
  const k8s = await loadClientNode();
  const pod = await kc.makeApiClient(k8s.CoreV1Api).readNamespacedPod({ namespace, name });
  const running = (pod.status?.containerStatuses ?? []).filter((s) => s.state?.running).map((s) => s.name);
  const preferred = pod.metadata?.annotations?.[DEFAULT_CONTAINER] ?? pod.spec?.containers?.[0]?.name;
  const first = (a: string, b: string) => Number(b === preferred) - Number(a === preferred);
  running.sort(first);
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c) => c.name).sort(first);
  return { running, all, phase: pod.status?.phase ?? 'Unknown' };
}
