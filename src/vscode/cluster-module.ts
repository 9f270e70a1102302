// The cluster layer (client-node and everything that talks to a cluster) lives in a
// second bundle, dist/cluster.js, loaded the first time a cluster is needed so that
// activation never pays for client-node. Typed against src/cluster/index.ts, never
// imported statically from it.

import * as path from 'node:path';

export type ClusterModule = typeof import('../cluster/index.js');

let loaded: ClusterModule | undefined;

export function loadClusterModule(extensionPath: string): ClusterModule {
  // A runtime require of a computed path: esbuild leaves it alone, so the bundle stays out.
  const file = path.join(extensionPath, 'dist', 'cluster.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on purpose: a second bundle, loaded on demand
  return (loaded ??= require(file) as ClusterModule);
}
