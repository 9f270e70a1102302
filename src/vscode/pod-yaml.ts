// A pod as read-only YAML, as `kubectl get pod -o yaml` shows it, minus what may carry a
// secret or only clutters: managedFields, the last-applied annotation (a copy of whatever
// was applied), and literal env values whose names look like credentials. Pure.

import { stringify } from 'yaml';

const SECRET_NAME = /pass(word)?|secret|token|key|credential|auth/i;
const REDACTED = '<redacted by Cluster Anatomy>';

export function sanitizePod(pod: any): any {
  const copy = structuredClone(pod);
  if (copy?.metadata) {
    delete copy.metadata.managedFields;
    if (copy.metadata.annotations) delete copy.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
  }
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const c of copy?.spec?.[list] ?? []) {
      for (const env of c.env ?? []) if (typeof env.value === 'string' && SECRET_NAME.test(env.name ?? '')) env.value = REDACTED;
    }
  }
  return copy;
}

export function podYaml(pod: any): string {
  return stringify(sanitizePod(pod), { lineWidth: 0 });
}
