// Live object vs what the server would store, without the fields the server rewrites on every
// write, serialised with a stable key order so the diff shows only what the user changed.
import { stringify } from 'yaml';
import type { KubeObject } from '../kube/object';
import { maskSecretPair } from './secret-mask';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'] as const;
// Conventional order of the fields people read first; everything else follows alphabetically.
const TOP_ORDER = ['apiVersion', 'kind', 'metadata', 'spec', 'data', 'stringData', 'status'];
const METADATA_ORDER = ['name', 'generateName', 'namespace', 'labels', 'annotations'];

export interface NormaliseOptions {
  /** Keep `status` (default true: the live status is part of what the user looks at). */
  keepStatus?: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function rank(order: readonly string[], key: string): number {
  const i = order.indexOf(key);
  return i < 0 ? order.length : i;
}

function sortKeys(value: unknown, order: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value).sort((a, b) => rank(order, a) - rank(order, b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const k of keys) out[k] = sortKeys(value[k], k === 'metadata' && order === TOP_ORDER ? METADATA_ORDER : []);
  return out;
}

/** A copy without server bookkeeping (managedFields, resourceVersion, uid, ...), keys in stable order. */
export function normaliseForDiff(object: KubeObject, options: NormaliseOptions = {}): KubeObject {
  const copy = structuredClone(object) as KubeObject;
  if (options.keepStatus === false) delete copy.status;
  const meta = copy.metadata as KubeObject['metadata'] | undefined;
  if (isRecord(meta)) {
    for (const f of SERVER_METADATA) delete meta[f];
    const annotations = meta.annotations as Record<string, string> | undefined;
    if (annotations) {
      delete annotations[LAST_APPLIED];
      if (Object.keys(annotations).length === 0) delete meta.annotations;
    }
  }
  return sortKeys(copy, TOP_ORDER) as KubeObject;
}

export function toDiffYaml(object: KubeObject | undefined, options: NormaliseOptions = {}): string {
  if (!object) return '';
  return stringify(normaliseForDiff(object, options), { lineWidth: 0, sortMapEntries: false });
}

export interface DiffSides {
  /** The live object as YAML, or '' when it does not exist yet. */
  live: string;
  /** What the server would store after the apply (the dry-run result) as YAML. */
  applied: string;
  isNew: boolean;
  changed: boolean;
}

/**
 * Both sides of "Diff with Cluster". The dry-run result carries the live status over, so keeping
 * status on both sides shows no noise there while a new object's defaults still show.
 * A Secret's values are masked on both sides (keys kept, a changed value marked as changed).
 */
export function diffSides(live: KubeObject | undefined, dryRun: KubeObject, options: NormaliseOptions = {}): DiffSides {
  // Whether anything changed is decided on the real values, before masking.
  const left = toDiffYaml(live, options);
  const right = toDiffYaml(dryRun, options);
  // Only a Secret side comes back as a masked copy: any other side keeps its YAML.
  const masked = maskSecretPair(live, dryRun);
  return {
    live: masked.before === live ? left : toDiffYaml(masked.before, options),
    applied: masked.after === dryRun ? right : toDiffYaml(masked.after, options),
    isNew: !live,
    changed: left !== right,
  };
}
