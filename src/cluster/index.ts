// Entry of the second bundle (dist/cluster.js): everything that needs client-node, loaded
// the first time a cluster is needed so that activation stays fast. The pure model types
// are re-exported so the UI can type against them without a second copy.

import type { Clock } from '../kube/clock.js';
import { ClusterConnection } from './connection.js';
import type { KubeconfigSet } from './kubeconfig.js';
import type { BackoffPolicy } from './list-watch.js';
import { ClientNodeTransport } from './transport.js';
import { loadClientNode } from './client-node.js';

export interface CreateConnectionOptions {
  kubeconfigs: KubeconfigSet;
  contextName: string;
  clock: Clock;
  flushDelayMs?: number;
  backoff?: BackoffPolicy;
  pageSize?: number;
}

/**
 * A connection to one context, not started yet: subscribe to its events, then call
 * start(). Throws when the context cannot be used (its cluster is not defined).
 */
export async function createConnection(options: CreateConnectionOptions): Promise<ClusterConnection> {
  const clientNode = await loadClientNode();
  const kubeConfig = options.kubeconfigs.kubeConfigFor(options.contextName);
  const transport = new ClientNodeTransport(clientNode, kubeConfig);
  return new ClusterConnection({
    contextName: options.contextName,
    transport,
    clock: options.clock,
    flushDelayMs: options.flushDelayMs,
    backoff: options.backoff,
    pageSize: options.pageSize,
  });
}

export { ClusterConnection, summarizeWatches } from './connection.js';
export type { ApiServerHealth, ConnectionOptions, ConnectionPhase, ConnectionState, ForbiddenResource } from './connection.js';
export { loadKubeconfigs, kubeconfigFiles, KubeconfigSet } from './kubeconfig.js';
export type { ContextSummary, CredentialKind, KubeconfigFileError, KubeconfigSources } from './kubeconfig.js';
export { ListWatch, DEFAULT_BACKOFF } from './list-watch.js';
export type { ApiFailure, BackoffPolicy, ListWatchPhase, ListWatchState } from './list-watch.js';
export { ClusterModel, isPodReady } from './model.js';
export type { ChangeSet, ComponentInstance, ControlPlaneComponentView, EtcdMembership, NodeView, ProxyView } from './model.js';
export { CONTROL_PLANE_COMPONENTS } from './control-plane.js';
export type { ControlPlaneComponentName } from './control-plane.js';
export { parseHealthChecks } from './probes.js';
export type { HealthCheck, HealthReport, ServerVersion } from './probes.js';
export { podReadyText, podStatusText, nodeReadyStatus } from './projections.js';
export type { LeaseRecord, NodeRecord, PodRecord } from './projections.js';
export { ClientNodeTransport } from './transport.js';
export type { KubeTransport } from './transport.js';
export { groupNodes, primaryRole } from './node-groups.js';
export type { NodeGroup, NodeGroupingOptions } from './node-groups.js';
export { createManifestApi, ClientNodeManifestApi, ManifestRequestError } from './manifest-api.js';
export type { ClusterManifestApi } from './manifest-api.js';
// Scheduling traces, reconstruction and what-if (src/trace) ride in this lazy bundle too: they
// need the scheduler library, which activation must not pay for.
export * from '../trace/index.js';
export { openShell } from './pod-shell.js';
export type { ShellEvents, ShellSession } from './pod-shell.js';
export { podContainers } from './pod-containers.js';
export type { PodContainers } from './pod-containers.js';
export { followLogs } from './pod-logs.js';
export type { LogEvents, LogFollower } from './pod-logs.js';
