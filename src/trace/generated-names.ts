// Names the workload controllers would give the pods of a what-if. Real controllers use a
// random 5-character suffix (generateName) and a hash of the pod template; a what-if must
// give the same names on every run, so both come from FNV-1a hashes here.
import type { KubeObject } from '../kube/object';
import { fnv32a, SAFE_ALPHANUMS } from '../kube/template-hash';

/** A 5-character generateName suffix derived from the owner and the pod's ordinal. */
export function nameSuffix(seed: string, ordinal: number): string {
  // Five base-27 digits of a 32-bit hash: 27^5 (14.3 million) names, all of them reachable.
  let h = fnv32a(`${seed}#${ordinal}`);
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += SAFE_ALPHANUMS[h % SAFE_ALPHANUMS.length];
    h = Math.floor(h / SAFE_ALPHANUMS.length);
  }
  return out;
}

/** `Deployment/web`, how placements and problems name the document a pod comes from. */
export function documentName(obj: KubeObject | undefined): string {
  const kind = typeof obj?.kind === 'string' && obj.kind ? obj.kind : 'Object';
  const name = typeof obj?.metadata?.name === 'string' && obj.metadata.name ? obj.metadata.name : obj?.metadata?.generateName ? `${obj.metadata.generateName}*` : '(no name)';
  return `${kind}/${name}`;
}
