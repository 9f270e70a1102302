// Resource amounts as kube-scheduler's framework.Resource: cpu in milli-units, memory
// and ephemeral storage in bytes, the pod count, and extended ("scalar") resources.
import { toInteger, toMilli, tryParseQuantity } from '../../kube/quantity';
import type { Container, Pod, ResourceList } from '../api/types';

/** The requests kube-scheduler assumes for a container that states none, when scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  /** Extended resources such as nvidia.com/gpu or hugepages-2Mi; absent until used. */
  scalar: Map<string, number> | undefined;

  static fromList(list: ResourceList | undefined): Resource {
    const r = new Resource();
    if (list) r.addList(list);
    return r;
  }

  addList(list: ResourceList): void {
    for (const name in list) {
      const v = amountOf(name, list[name]);
      if (v === undefined) continue; // the API server validates quantities; a bad one counts as zero here
      switch (name) {
        case 'cpu':
          this.milliCPU += v;
          break;
        case 'memory':
          this.memory += v;
          break;
        case 'ephemeral-storage':
          this.ephemeralStorage += v;
          break;
        case 'pods':
          this.allowedPodNumber += v;
          break;
        default:
          if (isScalarResourceName(name)) this.addScalar(name, v);
      }
    }
  }

  addScalar(name: string, v: number): void {
    if (!this.scalar) this.scalar = new Map();
    this.scalar.set(name, (this.scalar.get(name) ?? 0) + v);
  }

  getScalar(name: string): number {
    return this.scalar?.get(name) ?? 0;
  }

  add(o: Resource, sign = 1): void {
    this.milliCPU += sign * o.milliCPU;
    this.memory += sign * o.memory;
    this.ephemeralStorage += sign * o.ephemeralStorage;
    this.allowedPodNumber += sign * o.allowedPodNumber;
    if (o.scalar) for (const [k, v] of o.scalar) this.addScalar(k, sign * v);
  }

  /** Element-wise maximum, for init containers that run one at a time. */
  setMax(o: Resource): void {
    this.milliCPU = Math.max(this.milliCPU, o.milliCPU);
    this.memory = Math.max(this.memory, o.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, o.ephemeralStorage);
    if (o.scalar) {
      for (const [k, v] of o.scalar) {
        const mine = this.getScalar(k);
        if (v > mine) this.addScalar(k, v - mine);
      }
    }
  }

  clone(): Resource {
    const r = new Resource();
    r.milliCPU = this.milliCPU;
    r.memory = this.memory;
    r.ephemeralStorage = this.ephemeralStorage;
    r.allowedPodNumber = this.allowedPodNumber;
    if (this.scalar) r.scalar = new Map(this.scalar);
    return r;
  }

  isZero(): boolean {
    return this.milliCPU === 0 && this.memory === 0 && this.ephemeralStorage === 0 && (!this.scalar || this.scalar.size === 0);
  }
}

/**
 * Amounts by resource name and quantity text, parsed once: a cluster uses few distinct
 * values ("100m", "128Mi"), and every pod object the informers deliver (created, bound,
 * status updates) would otherwise be parsed again, twice (requests and non-zero requests).
 */
const amounts = new Map<string, Map<string, number | null>>();
const MAX_AMOUNTS = 4096;

/** cpu in milli-units, anything else as an integer; undefined when the quantity is invalid. */
function amountOf(name: string, value: unknown): number | undefined {
  if (typeof value !== 'string') return parsedAmount(name, value);
  let byValue = amounts.get(name);
  if (!byValue) {
    if (amounts.size >= MAX_AMOUNTS) amounts.clear();
    amounts.set(name, (byValue = new Map()));
  }
  let v = byValue.get(value);
  if (v === undefined) {
    if (byValue.size >= MAX_AMOUNTS) byValue.clear();
    v = parsedAmount(name, value) ?? null;
    byValue.set(value, v);
  }
  return v ?? undefined;
}

function parsedAmount(name: string, value: unknown): number | undefined {
  const q = tryParseQuantity(value);
  if (!q) return undefined;
  return name === 'cpu' ? toMilli(q) : toInteger(q);
}

/** Extended resources (domain-prefixed, outside kubernetes.io), hugepages and attachable volumes. */
export function isScalarResourceName(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  const slash = name.indexOf('/');
  if (slash < 0) return false;
  const domain = name.slice(0, slash);
  return domain !== 'kubernetes.io' && !domain.endsWith('.kubernetes.io') && !name.startsWith('requests.');
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const r = Resource.fromList(c.resources?.requests);
  if (nonZero) {
    const req = c.resources?.requests;
    if (!req || req.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (!req || req.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * The pod's effective request, as resourcehelper.PodRequests computes it: the sum of
 * app containers and running sidecars, at least the largest init container (plus the
 * sidecars started before it), plus the pod overhead. `nonZero` substitutes the scoring
 * defaults for containers that request no cpu or memory.
 */
export function podRequests(pod: Pod, nonZero = false): Resource {
  const total = new Resource();
  for (const c of pod.spec.containers ?? []) total.add(containerRequests(c, nonZero));
  const sidecars = new Resource();
  const initMax = new Resource();
  for (const c of pod.spec.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      sidecars.add(r);
      total.add(r);
      initMax.setMax(sidecars);
    } else {
      const during = sidecars.clone();
      during.add(r);
      initMax.setMax(during);
    }
  }
  total.setMax(initMax);
  if (pod.spec.overhead) total.add(Resource.fromList(pod.spec.overhead));
  return total;
}
