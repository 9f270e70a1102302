// What a Table printer is (one per kind, as kube-apiserver's pkg/printers/internalversion), and the
// small formatting rules they share: AGE, label selectors, label maps, container/image lists.
import { humanTimeSince } from '../../../kube/duration';
import type { KubeObject } from '../../../kube/object';
import { BUILTIN_DEFINITIONS } from '../schema/definitions';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  /** 0: always shown; 1: shown with `-o wide`. */
  priority: number;
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PrintedRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
}

export interface Printer {
  columns: ColumnDefinition[];
  /** All cells, wide ones included (kube-apiserver always prints wide; kubectl hides priority > 0). */
  row(obj: KubeObject, now: number): PrintedRow;
}

/** A column; `description` may be a field reference like "io.k8s.api.core.v1.PodSpec#nodeName". */
export function column(name: string, type: string, description: string, extra: { format?: string; priority?: number } = {}): ColumnDefinition {
  return { name, type, format: extra.format ?? '', description: fieldDoc(description), priority: extra.priority ?? 0 };
}

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
export const nameColumn = (): ColumnDefinition => column('Name', 'string', `${META}#name`, { format: 'name' });
export const ageColumn = (): ColumnDefinition => column('Age', 'string', `${META}#creationTimestamp`);
export const wide = { priority: 1 };

/** The field descriptions kube-apiserver takes from SwaggerDoc(), read from our generated definitions. */
function fieldDoc(ref: string): string {
  const hash = ref.indexOf('#');
  if (hash < 0 || !ref.startsWith('io.k8s.')) return ref;
  const def = BUILTIN_DEFINITIONS[ref.slice(0, hash)];
  return def?.p[ref.slice(hash + 1)]?.[1] ?? '';
}

export function age(obj: KubeObject, now: number): string {
  return humanTimeSince(obj.metadata?.creationTimestamp, now);
}

/** labels.FormatLabels: "k=v,k2=v2" sorted by key, or "<none>". */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

export { formatLabelSelector as selectorString } from '../../../kube/selectors';

/** Container names and images of a pod template, comma-separated. */
export function containerCells(podSpec: any): [string, string] {
  const containers = list(podSpec?.containers);
  return [containers.map((c) => c?.name ?? '').join(','), containers.map((c) => c?.image ?? '').join(',')];
}

/** The value if it is an array, else an empty one: stored objects are not always well formed. */
export function list(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

export function int(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0;
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}
