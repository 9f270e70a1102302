// The container runtime's exec for simulated containers: what the kubelet would hand the
// runtime (the container's environment, its identity on the node) turned into an ExecTarget
// for the simulated process. Runs on the API server's side; no kubelet state is needed
// beyond what the pod's status already says (the API server checked the container runs).
import type { Clock } from '../../kube/clock';
import type { ContainerExecRequest, ContainerRuntimeExec } from '../apiserver/context';
import type { RemoteCommandEnd, RemoteCommandOutput, RemoteProcess } from '../apiserver/remote-command';
import { KUBE_DNS_SERVICE_IP } from '../control-plane/addons';
import { containerEnvironment, podHostname } from './exec/environment';
import { startExec, type ExecTarget } from './exec/process';

const CLUSTER_DOMAIN = 'cluster.local';

export function simulatedContainerExec(clock: Clock): ContainerRuntimeExec {
  let execs = 0;
  return {
    start(request: ContainerExecRequest, out: RemoteCommandOutput, done: (end: RemoteCommandEnd) => void): RemoteProcess {
      const target = execTarget(request);
      // containerd names each exec by a random 64-hex id; a counter keeps ours unique and readable.
      const execId = (++execs).toString(16).padStart(64, '0');
      return startExec(
        target,
        request.command,
        { stdin: request.stdin, tty: request.tty },
        out,
        (result) => done('notStarted' in result ? { failure: `failed to exec in container: failed to start exec "${execId}": OCI runtime exec failed: exec failed: unable to start container process: ${result.notStarted}: unknown` } : { exitCode: result.exitCode }),
        {
          now: () => clock.now(),
          setTimeout: (fn, ms) => {
            const timer = clock.setTimeout(fn, ms);
            return { cancel: () => timer.cancel() };
          },
        },
      );
    },
  };
}

export function execTarget(request: ContainerExecRequest): ExecTarget {
  const { pod, node, container } = request;
  const spec = pod.spec ?? {};
  const c = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].find((x: any) => x?.name === container) ?? {};
  const status = (pod.status?.containerStatuses ?? []).find((s: any) => s?.name === container);
  const startedAt = Date.parse(status?.state?.running?.startedAt ?? pod.status?.startTime ?? '');
  return {
    namespace: pod.metadata.namespace ?? 'default',
    podName: pod.metadata.name ?? '',
    podUid: pod.metadata.uid ?? '',
    hostname: podHostname(pod),
    subdomain: typeof spec.subdomain === 'string' && spec.subdomain ? spec.subdomain : undefined,
    podIP: pod.status?.podIP ?? '',
    nodeName: spec.nodeName ?? '',
    hostIP: pod.status?.hostIP ?? '',
    containerName: container,
    image: String(c.image ?? ''),
    mainCommand: [...(c.command ?? []), ...(c.args ?? [])].map(String),
    env: containerEnvironment(pod, container, { ...request.sources, node }),
    kernelVersion: String(node?.status?.nodeInfo?.kernelVersion ?? ''),
    dnsPolicy: String(spec.dnsPolicy ?? 'ClusterFirst'),
    hostNetwork: spec.hostNetwork === true,
    clusterDomain: CLUSTER_DOMAIN,
    dnsServiceIP: KUBE_DNS_SERVICE_IP,
    startedAtMs: Number.isNaN(startedAt) ? 0 : startedAt,
  };
}
