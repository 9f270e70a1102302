// client-node is an ES module and takes ~80 ms to load: it is imported lazily, the first
// time a cluster is needed, never on the extension's activation path.

export type ClientNode = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });
export type { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };

let loading: Promise<ClientNode> | undefined;

export function loadClientNode(): Promise<ClientNode> {
  return (loading ??= import('@kubernetes/client-node'));
}
