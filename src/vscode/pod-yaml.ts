// A pod as read-only YAML, as `kubectl get pod -o yaml` shows it, minus what may carry a
// secret or only clutters: managedFields, the last-applied annotation (a copy of whatever
// was applied), and literal env values whose names look like credentials. Pure.
// The emitter is a few lines for JSON data (maps, lists, scalars), instead of a YAML
// library that would triple the size of the activation bundle.

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

const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./:@ -]*$/;
const AMBIGUOUS = /^(true|false|yes|no|on|off|null|~|y|n|[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|\.inf|\.nan|0x[0-9a-fA-F]+|0o[0-7]+))$/i;

/** A scalar as YAML: plain when unambiguous, else double-quoted (JSON strings are valid YAML). */
export function yamlScalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  if (s === '' || !PLAIN.test(s) || AMBIGUOUS.test(s) || s.endsWith(' ') || s.endsWith(':') || s.includes(': ') || s.includes(' #')) return JSON.stringify(s);
  return s;
}

function emit(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object' && Object.keys(item).length) {
        const lines: string[] = [];
        emit(item, `${indent}  `, lines);
        out.push(`${indent}- ${lines[0].slice(indent.length + 2)}`, ...lines.slice(1));
      } else out.push(`${indent}- ${inline(item)}`);
    }
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = yamlScalar(k);
    if (v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length : Object.keys(v).length)) {
      out.push(`${indent}${key}:`);
      // Lists under a key sit at the key's indentation, as kubectl prints them.
      emit(v, Array.isArray(v) ? indent : `${indent}  `, out);
    } else out.push(`${indent}${key}: ${inline(v)}`);
  }
}

function inline(v: unknown): string {
  if (Array.isArray(v)) return '[]';
  if (v !== null && typeof v === 'object') return '{}';
  return yamlScalar(v);
}

export function toYaml(value: unknown): string {
  const out: string[] = [];
  emit(value, '', out);
  return out.join('\n') + '\n';
}

export function podYaml(pod: any): string {
  return toYaml(sanitizePod(pod));
}
