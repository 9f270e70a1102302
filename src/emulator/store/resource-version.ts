// metadata.resourceVersion in stored JSON: the store stamps it with the write's revision.

/**
 * The JSON with its metadata.resourceVersion changed from `from` to `to`. The store wrote
 * `"resourceVersion":"<from>"` into metadata itself, so when that text occurs exactly once
 * it is metadata's and a string splice is enough; otherwise parse.
 */
export function withResourceVersion(json: string, from: number, to: number): string {
  const needle = `"resourceVersion":"${from}"`;
  const at = json.indexOf(needle);
  if (at >= 0 && json.indexOf(needle, at + needle.length) < 0) {
    return `${json.slice(0, at)}"resourceVersion":"${to}"${json.slice(at + needle.length)}`;
  }
  try {
    const obj = JSON.parse(json) as { metadata?: { resourceVersion?: string } };
    if (obj && typeof obj === 'object' && obj.metadata && typeof obj.metadata === 'object') {
      obj.metadata.resourceVersion = String(to);
      return JSON.stringify(obj);
    }
  } catch {
    // not an object: keep the JSON as it was
  }
  return json;
}
