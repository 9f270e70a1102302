// Multi-document manifests parsed with source positions, so every problem (a YAML error,
// a missing field, a server-side rejection) can be shown at its exact line and field.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from 'yaml';
import type { KubeObject } from '../kube/object';

/** Zero-based line and character, as editors count them. */
export interface Position {
  line: number;
  character: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
}

export interface ManifestProblem {
  message: string;
  range: SourceRange;
  /** The field path the problem is about, e.g. `spec.containers[0].image`, when known. */
  field?: string;
}

export interface ManifestDocument {
  /** Position of the document in the file (0-based), counting empty documents too. */
  index: number;
  /** The whole document's range (for CodeLens and "this object" diagnostics). */
  range: SourceRange;
  /** The parsed object, or undefined when the document is empty or not a mapping. */
  object?: KubeObject;
  /** YAML syntax errors and shape problems found while parsing. */
  problems: ManifestProblem[];
  /** The range of a field path (`spec.containers[0].image`), or of its nearest existing parent. */
  rangeOf(field: string): SourceRange;
  /** The field path under a position (for hovers), and whether the position is on the key itself. */
  pathAt(position: Position): FieldAtPosition | undefined;
}

export interface FieldAtPosition {
  path: (string | number)[];
  /** True when the position is on a map key (`kind:`), false when on a value. */
  onKey: boolean;
}

/** Splits a field path such as `spec.containers[0].image` or `metadata.labels["app.kubernetes.io/name"]`. */
export function splitFieldPath(field: string): (string | number)[] {
  const parts: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\[([^\]]*)\]/g;
  for (const m of field.replace(/^\./, '').matchAll(re)) {
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(Number(m[2]));
    else if (m[3] !== undefined) parts.push(m[3].replace(/\\(.)/g, '$1'));
    else if (m[4] !== undefined) parts.push(m[4]);
  }
  return parts;
}

function rangeOfOffsets(lc: LineCounter, start: number, end: number): SourceRange {
  const s = lc.linePos(start);
  const e = lc.linePos(Math.max(start, end));
  return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
}

/** Finds the key node's range for a map entry, else the value's, walking as deep as the path exists. */
function locate(root: YamlNode | null | undefined, path: (string | number)[]): [number, number] | undefined {
  let node: unknown = root;
  let best: [number, number] | undefined = root?.range ? [root.range[0], root.range[1]] : undefined;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) return best;
      const key = pair.key as YamlNode;
      if (key.range) best = [key.range[0], key.range[1]];
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as YamlNode | undefined;
      if (!item) return best;
      if (item.range) best = [item.range[0], item.range[1]];
      node = item;
    } else {
      return best;
    }
  }
  // The value's own range is more precise for scalars (e.g. a bad image name).
  if (isScalar(node) && node.range) best = [node.range[0], node.range[1]];
  return best;
}

function contains(node: unknown, offset: number): boolean {
  const r = (node as YamlNode | null | undefined)?.range;
  return !!r && offset >= r[0] && offset <= r[1];
}

/** Walks down from the root to the deepest key or item that contains `offset`. */
function fieldAt(root: YamlNode | null | undefined, offset: number): FieldAtPosition | undefined {
  const path: (string | number)[] = [];
  let node: unknown = root;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => contains(p.key, offset) || contains(p.value, offset));
      if (!pair || !isScalar(pair.key)) return path.length ? { path, onKey: false } : undefined;
      path.push(String(pair.key.value));
      if (contains(pair.key, offset)) return { path, onKey: true };
      node = pair.value;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => contains(item, offset));
      if (i < 0) return path.length ? { path, onKey: false } : undefined;
      path.push(i);
      node = node.items[i];
    } else {
      return path.length ? { path, onKey: false } : undefined;
    }
  }
}

/** Parses every document of a YAML (or JSON) manifest file. Never throws. */
export function parseManifests(text: string): ManifestDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map((doc, index) => {
    // Start at the content, not the `---` marker or leading comments, so a CodeLens sits on `apiVersion:`.
    const contentStart = (doc.contents as YamlNode | null)?.range?.[0];
    const range = rangeOfOffsets(lineCounter, contentStart ?? doc.range[0], doc.range[2]);
    const problems: ManifestProblem[] = [...doc.errors, ...doc.warnings].map((e) => ({
      message: e.message.split('\n')[0],
      range: rangeOfOffsets(lineCounter, e.pos[0], e.pos[1]),
    }));
    let object: KubeObject | undefined;
    if (doc.errors.length === 0 && doc.contents !== null) {
      const value: unknown = doc.toJS({ maxAliasCount: 100 });
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        object = value as KubeObject;
      } else if (value !== null && value !== undefined) {
        problems.push({ message: 'A Kubernetes manifest must be a mapping (apiVersion, kind, metadata, ...)', range });
      }
    }
    const rangeOf = (field: string): SourceRange => {
      const offsets = locate(doc.contents as YamlNode | null, splitFieldPath(field));
      return offsets ? rangeOfOffsets(lineCounter, offsets[0], offsets[1]) : range;
    };
    const pathAt = (position: Position): FieldAtPosition | undefined => {
      const lineStart = lineCounter.lineStarts[position.line];
      if (lineStart === undefined) return undefined;
      return fieldAt(doc.contents as YamlNode | null, lineStart + position.character);
    };
    return { index, range, object, problems, rangeOf, pathAt };
  });
}
