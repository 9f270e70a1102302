// Decides cheaply (no YAML parse) whether a file is worth offering "Apply to Cluster" for:
// it must name an apiVersion and a kind at the top level of some document.

// YAML: unindented keys; JSON: the quoted keys anywhere (JSON manifests are often one line).
const YAML_API_VERSION = /^(?:apiVersion|"apiVersion"|'apiVersion')\s*:/m;
const YAML_KIND = /^(?:kind|"kind"|'kind')\s*:\s*\S/m;
const JSON_API_VERSION = /"apiVersion"\s*:\s*"[^"]+"/;
const JSON_KIND = /"kind"\s*:\s*"[^"]+"/;

/** Only the head is read: a manifest says what it is near its top, and huge files must stay cheap. */
const HEAD = 64 * 1024;

export function looksLikeManifest(text: string): boolean {
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  const trimmed = head.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return JSON_API_VERSION.test(head) && JSON_KIND.test(head);
  return YAML_API_VERSION.test(head) && YAML_KIND.test(head);
}

/** The message for a file that is not a manifest, naming what is missing. */
export function notAManifestMessage(fileName: string): string {
  return `${fileName} does not look like a Kubernetes manifest: every document needs top-level "apiVersion" and "kind" fields (e.g. apiVersion: v1, kind: ConfigMap).`;
}
