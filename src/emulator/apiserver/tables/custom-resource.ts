// Tables of custom resources: Name plus the CRD version's additionalPrinterColumns (or Age when it
// declares none, as CRD defaulting does), cells found with the simple JSONPath subset CRDs allow.
import { humanTimeSince } from '../../../kube/duration';
import type { KubeObject } from '../../../kube/object';
import { column, list, nameColumn, type ColumnDefinition, type Printer } from './printer';

/** One entry of spec.versions[].additionalPrinterColumns. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

/** The printer columns of one version of a CRD. */
export function printerColumnsOf(crd: KubeObject, version: string): PrinterColumn[] {
  const v = list(crd.spec?.versions).find((x: any) => x?.name === version);
  const columns = v?.additionalPrinterColumns ?? crd.spec?.additionalPrinterColumns;
  return Array.isArray(columns) ? columns.filter((c: any) => c && typeof c.name === 'string' && typeof c.jsonPath === 'string') : [];
}

type Step = { field: string } | { index: number } | { all: true } | { filter: { path: string[]; value: string } };

/** Parses `.a.b[0].c`, `.a[*].b`, `.a[?(@.type=="Ready")].status`; throws on anything else. */
export function parseJsonPath(path: string): Step[] {
  const src = path.trim().replace(/^\{(.*)\}$/, '$1').replace(/^\$/, '');
  const steps: Step[] = [];
  let i = 0;
  while (i < src.length) {
    if (src[i] === '.') {
      const m = /^\.([A-Za-z0-9_\-/]+|'[^']*'|"[^"]*")/.exec(src.slice(i));
      if (!m) throw new Error(`bad JSONPath ${path}`);
      steps.push({ field: m[1].replace(/^['"]|['"]$/g, '') });
      i += m[0].length;
    } else if (src[i] === '[') {
      const end = src.indexOf(']', i);
      if (end < 0) throw new Error(`bad JSONPath ${path}`);
      const inner = src.slice(i + 1, end);
      const filter = /^\?\(@((?:\.[A-Za-z0-9_\-/]+)+)\s*==\s*["']([^"']*)["']\)$/.exec(inner);
      if (inner === '*') steps.push({ all: true });
      else if (/^\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (/^['"].*['"]$/.test(inner)) steps.push({ field: inner.slice(1, -1) });
      else if (filter) steps.push({ filter: { path: filter[1].slice(1).split('.'), value: filter[2] } });
      else throw new Error(`unsupported JSONPath ${path}`);
      i = end + 1;
    } else {
      throw new Error(`bad JSONPath ${path}`);
    }
  }
  return steps;
}

/** Every value the path selects. */
export function evaluateJsonPath(obj: unknown, steps: Step[]): unknown[] {
  let current: unknown[] = [obj];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      if ('field' in step) {
        if (v && typeof v === 'object' && !Array.isArray(v) && step.field in v) next.push((v as any)[step.field]);
      } else if ('index' in step) {
        if (Array.isArray(v) && step.index < v.length) next.push(v[step.index]);
      } else if ('all' in step) {
        if (Array.isArray(v)) next.push(...v);
        else if (v && typeof v === 'object') next.push(...Object.values(v));
      } else if (Array.isArray(v)) {
        for (const item of v) {
          let x: any = item;
          for (const f of step.filter.path) x = x && typeof x === 'object' ? x[f] : undefined;
          if (x !== undefined && String(x) === step.filter.value) next.push(item);
        }
      }
    }
    current = next;
  }
  return current;
}

/** cellForJSONValue: a cell of the column's type, or null when the value does not fit it. */
function cell(type: string, value: unknown, now: number): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? value : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return typeof value === 'string' ? humanTimeSince(value, now) : null;
    default:
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

export function customResourcePrinter(printerColumns: PrinterColumn[]): Printer {
  const declared = printerColumns.length ? printerColumns : [AGE];
  const compiled = declared.map((c) => {
    let steps: Step[] | undefined;
    try {
      steps = parseJsonPath(c.jsonPath);
    } catch {
      steps = undefined; // validation should have rejected it; print nothing rather than fail the list
    }
    return { c, steps };
  });
  const columns: ColumnDefinition[] = [
    nameColumn(),
    ...declared.map((c) =>
      column(c.name, c.type, c.description ?? `Custom resource definition column (in JSONPath format): ${c.jsonPath}`, { format: c.format ?? '', priority: c.priority ?? 0 }),
    ),
  ];
  return {
    columns,
    row(obj, now) {
      const cells: unknown[] = [obj.metadata?.name ?? ''];
      for (const { c, steps } of compiled) {
        const values = steps ? evaluateJsonPath(obj, steps) : [];
        cells.push(values.length ? cell(c.type, values[0], now) : null);
      }
      return { cells };
    },
  };
}
