// PodSpec validation (kube's ValidatePodSpec) shared by pods and pod templates: volumes,
// containers, policies, scheduling fields and tolerations, with kube's field paths.

import { isQualifiedName, isValidLabelValue, nameIsDNSSubdomain, inclusiveRangeError } from '../../../kube/validation';
import { fieldError } from '../status';
import { validateContainers, validateDNS1123Label, validateEnum, validateInitContainers } from './containers';
import { validateAffinity } from './affinity';
import { validateAnnotations, validateLabels } from './meta';
import { child, index } from './render';
import type { Causes, Json } from './types';
import { list } from './json';

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const MAX_INT32 = 2147483647;


/** core.Toleration as Go's %#v prints it, for the one message that shows a whole toleration. */
function goToleration(t: Json): string {
  const seconds = typeof t.tolerationSeconds === 'number' ? `(*int64)(${t.tolerationSeconds})` : '(*int64)(nil)';
  return `core.Toleration{Key:${JSON.stringify(t.key ?? '')}, Operator:${JSON.stringify(t.operator ?? '')}, Value:${JSON.stringify(t.value ?? '')}, Effect:${JSON.stringify(t.effect ?? '')}, TolerationSeconds:${seconds}}`;
}

export function validateTolerations(tolerations: unknown, path: string): Causes {
  const causes: Causes = [];
  list(tolerations).forEach((t, i) => {
    const p = index(path, i);
    if (t.key) for (const msg of isQualifiedName(String(t.key))) causes.push(fieldError.invalid(child(p, 'key'), t.key, msg));
    if (!t.key && t.operator !== 'Exists') {
      causes.push(fieldError.invalid(child(p, 'operator'), t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds != null && t.effect !== 'NoExecute') {
      causes.push(fieldError.invalid(child(p, 'effect'), t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (t.operator === undefined || t.operator === '' || t.operator === 'Equal') {
      const msgs = isValidLabelValue(String(t.value ?? ''));
      if (msgs.length > 0) causes.push(fieldError.invalid(child(p, 'operator'), t.value, msgs.join(';')));
    } else if (t.operator === 'Exists') {
      if (t.value) causes.push(fieldError.invalidRendered(child(p, 'operator'), goToleration(t), "value must be empty when `operator` is 'Exists'"));
    } else {
      causes.push(fieldError.notSupported(child(p, 'operator'), t.operator, ['Equal', 'Exists']));
    }
    if (t.effect && !TAINT_EFFECTS.includes(t.effect)) causes.push(fieldError.notSupported(child(p, 'effect'), t.effect, TAINT_EFFECTS));
  });
  return causes;
}

/** Volume names unique DNS labels, each with exactly one source. Returns the names for mounts. */
function validateVolumes(volumes: unknown, path: string, causes: Causes): Set<string> {
  const names = new Set<string>();
  list(volumes).forEach((v, i) => {
    const p = index(path, i);
    if (!v.name) causes.push(fieldError.required(child(p, 'name')));
    else causes.push(...validateDNS1123Label(String(v.name), child(p, 'name')));
    if (v.name && names.has(v.name)) causes.push(fieldError.duplicate(child(p, 'name'), v.name));
    if (v.name) names.add(v.name);
    const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] != null);
    if (sources.length === 0) causes.push(fieldError.required(p, 'must specify a volume type'));
    for (const extra of sources.slice(1)) causes.push(fieldError.forbidden(child(p, extra), 'may not specify more than 1 volume type'));
  });
  return names;
}

function validateTopologySpread(constraints: unknown, path: string): Causes {
  const causes: Causes = [];
  const seen = new Set<string>();
  list(constraints).forEach((c, i) => {
    const p = index(path, i);
    if (!(typeof c.maxSkew === 'number' && c.maxSkew > 0)) causes.push(fieldError.invalid(child(p, 'maxSkew'), c.maxSkew ?? 0, 'must be greater than zero'));
    if (!c.topologyKey) causes.push(fieldError.required(child(p, 'topologyKey'), 'can not be empty'));
    if (!WHEN_UNSATISFIABLE.includes(c.whenUnsatisfiable)) causes.push(fieldError.notSupported(child(p, 'whenUnsatisfiable'), c.whenUnsatisfiable ?? '', WHEN_UNSATISFIABLE));
    const pair = `{${c.topologyKey}, ${c.whenUnsatisfiable}}`;
    if (seen.has(pair)) causes.push(fieldError.duplicate(child(p, '{topologyKey, whenUnsatisfiable}'), pair));
    seen.add(pair);
  });
  return causes;
}

function validateSchedulingGates(gates: unknown, path: string): Causes {
  const causes: Causes = [];
  const seen = new Set<string>();
  list(gates).forEach((g, i) => {
    const name = String(g.name ?? '');
    for (const msg of isQualifiedName(name)) causes.push(fieldError.invalid(index(path, i), name, msg));
    if (seen.has(name)) causes.push(fieldError.duplicate(index(path, i), name));
    seen.add(name);
  });
  return causes;
}

function validateSubdomainField(value: unknown, path: string): Causes {
  if (!value) return [];
  return nameIsDNSSubdomain(String(value), false).map((msg) => fieldError.invalid(path, value, msg));
}

/** `extraVolumeNames`: volumes the pods will have that the spec does not list (a StatefulSet's claim templates). */
export function validatePodSpec(spec: Json | undefined, path: string, extraVolumeNames: string[] = []): Causes {
  if (!spec || typeof spec !== 'object') return [fieldError.required(path)];
  const causes: Causes = [];
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    causes.push(fieldError.required(child(path, 'terminationGracePeriodSeconds')));
  }
  const volumeNames = validateVolumes(spec.volumes, child(path, 'volumes'), causes);
  for (const name of extraVolumeNames) volumeNames.add(name);
  causes.push(...validateContainers(spec.containers, volumeNames, child(path, 'containers')));
  causes.push(...validateInitContainers(spec.initContainers, spec.containers, volumeNames, child(path, 'initContainers')));
  causes.push(...validateEnum(spec.restartPolicy, child(path, 'restartPolicy'), RESTART_POLICIES));
  causes.push(...validateEnum(spec.dnsPolicy, child(path, 'dnsPolicy'), DNS_POLICIES));
  if (spec.dnsPolicy === 'None' && !spec.dnsConfig) causes.push(fieldError.required(child(path, 'dnsConfig'), 'must provide `dnsConfig` when `dnsPolicy` is None'));
  causes.push(...validateLabels(spec.nodeSelector, child(path, 'nodeSelector')));
  causes.push(...validateAffinity(spec.affinity, child(path, 'affinity')));
  causes.push(...validateSubdomainField(spec.serviceAccountName, child(path, 'serviceAccountName')));
  causes.push(...validateSubdomainField(spec.nodeName, child(path, 'nodeName')));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const v = spec.activeDeadlineSeconds;
    if (!(typeof v === 'number' && v >= 1 && v <= MAX_INT32)) causes.push(fieldError.invalid(child(path, 'activeDeadlineSeconds'), v, inclusiveRangeError(1, MAX_INT32)));
  }
  if (spec.hostname) causes.push(...validateDNS1123Label(String(spec.hostname), child(path, 'hostname')));
  if (spec.subdomain) causes.push(...validateDNS1123Label(String(spec.subdomain), child(path, 'subdomain')));
  causes.push(...validateTolerations(spec.tolerations, child(path, 'tolerations')));
  causes.push(...validateSubdomainField(spec.priorityClassName, child(path, 'priorityClassName')));
  if (spec.preemptionPolicy != null) causes.push(...validateEnum(spec.preemptionPolicy, child(path, 'preemptionPolicy'), PREEMPTION_POLICIES));
  causes.push(...validateTopologySpread(spec.topologySpreadConstraints, child(path, 'topologySpreadConstraints')));
  causes.push(...validateSchedulingGates(spec.schedulingGates, child(path, 'schedulingGates')));
  return causes;
}

/** A pod template: its labels and annotations, then its spec (paths under `path`). */
export function validatePodTemplateSpec(template: Json | undefined, path: string, extraVolumeNames: string[] = []): Causes {
  if (!template || typeof template !== 'object') return [fieldError.required(path)];
  const meta = template.metadata ?? {};
  return [
    ...validateLabels(meta.labels, child(path, 'metadata.labels')),
    ...validateAnnotations(meta.annotations, child(path, 'metadata.annotations')),
    ...validatePodSpec(template.spec, child(path, 'spec'), extraVolumeNames),
  ];
}
