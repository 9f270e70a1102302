// `kubectl get -o yaml` writes a `kind: List` whose items are the objects; kubectl applies each
// item. Each item becomes a document of its own whose fields still point into the list's lines.
import type { KubeObject } from '../kube/object';
import { splitFieldPath, type ManifestDocument } from './documents';
import { joinFieldPath } from './field-paths';

function isList(object: KubeObject | undefined): boolean {
  return !!object && object.apiVersion === 'v1' && typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items);
}

/** The document itself, or one document per item when it is a v1 List. */
export function documentsOf(doc: ManifestDocument): ManifestDocument[] {
  if (!isList(doc.object)) return [doc];
  const items = doc.object?.items as unknown[];
  return items.map((item, i) => {
    const prefix = `items[${i}]`;
    const at = (field: string) => joinFieldPath([...splitFieldPath(prefix), ...splitFieldPath(field)]);
    const range = doc.rangeOf(prefix);
    const object = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as KubeObject) : undefined;
    return {
      index: doc.index,
      range,
      object,
      problems: object ? [] : [{ message: `${prefix}: a list item must be an object (apiVersion, kind, metadata, ...)`, range }],
      rangeOf: (field: string) => doc.rangeOf(at(field)),
      pathAt: (position) => {
        const found = doc.pathAt(position);
        return found && found.path[0] === 'items' && found.path[1] === i ? { ...found, path: found.path.slice(2) } : undefined;
      },
    };
  });
}
