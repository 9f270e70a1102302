#!/usr/bin/env node
// Writes src/emulator/apiserver/schema/generated/definitions.json: the type closure of the kinds the
// emulator serves, taken from the typed models of @kubernetes/client-node (field names, types, required
// fields and the descriptions kept in the .d.ts doc comments), in a compact form so the emulator bundle
// does not need client-node at run time. Deterministic: same input, same bytes.
//
// Compact format: { "<definition name>": { d?: description, r?: required[], gvk?: [group, version, kind],
//   p: { "<json name>": [typeSpec, description?] } } }
// typeSpec: string | string:byte | string:date-time | integer:int32 | integer:int64 | number:double |
//   boolean | int-or-string | quantity | any | []<typeSpec> | {}<typeSpec> | #<definition name>
//
// Usage: node scripts/generate-openapi.mjs [--check]   (--check fails if the committed file is stale)
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const modelsDir = join(dirname(require.resolve('@kubernetes/client-node/package.json')), 'dist', 'gen', 'models');
const outFile = join(root, 'src', 'emulator', 'apiserver', 'schema', 'generated', 'definitions.json');

// Served kinds (and their lists), in the order that decides which Go package a shared type belongs to:
// a type is named after the first group whose kinds reach it (core first), except apimachinery's meta types.
const ROOTS = [
  ['', 'v1', 'Namespace'], ['', 'v1', 'Node'], ['', 'v1', 'Pod'], ['', 'v1', 'PodTemplate'], ['', 'v1', 'Service'],
  ['', 'v1', 'Endpoints'], ['', 'v1', 'ConfigMap'], ['', 'v1', 'Secret'], ['', 'v1', 'ServiceAccount'],
  ['', 'v1', 'Event', 'CoreV1Event'], ['', 'v1', 'PersistentVolume'], ['', 'v1', 'PersistentVolumeClaim'],
  ['', 'v1', 'Binding'],
  ['apps', 'v1', 'Deployment'], ['apps', 'v1', 'ReplicaSet'], ['apps', 'v1', 'DaemonSet'], ['apps', 'v1', 'StatefulSet'],
  ['apps', 'v1', 'ControllerRevision'],
  ['autoscaling', 'v1', 'Scale'],
  ['batch', 'v1', 'Job'], ['batch', 'v1', 'CronJob'],
  ['coordination.k8s.io', 'v1', 'Lease'],
  ['events.k8s.io', 'v1', 'Event', 'EventsV1Event'],
  ['discovery.k8s.io', 'v1', 'EndpointSlice'],
  ['scheduling.k8s.io', 'v1', 'PriorityClass'],
  ['policy', 'v1', 'PodDisruptionBudget'], ['policy', 'v1', 'Eviction'],
  ['rbac.authorization.k8s.io', 'v1', 'Role'], ['rbac.authorization.k8s.io', 'v1', 'RoleBinding'],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole'], ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding'],
  ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition'],
];
// Kinds without a list in the API (subresource bodies).
const NO_LIST = new Set(['Binding', 'Scale', 'Eviction']);

// Types that live in k8s.io/apimachinery/pkg/apis/meta/v1 whatever group reaches them.
const META_TYPES = new Set([
  'ObjectMeta', 'ListMeta', 'LabelSelector', 'LabelSelectorRequirement', 'ManagedFieldsEntry', 'OwnerReference',
  'Condition', 'Status', 'StatusDetails', 'StatusCause', 'DeleteOptions', 'Preconditions', 'WatchEvent',
  'APIResource', 'APIResourceList', 'APIGroup', 'APIGroupList', 'APIVersions', 'GroupVersionForDiscovery',
  'ServerAddressByClientCIDR',
]);
const META_PKG = 'io.k8s.apimachinery.pkg.apis.meta.v1';

function packageOf(group) {
  if (group === 'apiextensions.k8s.io') return 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
  if (group === '') return 'io.k8s.api.core.v1';
  return `io.k8s.api.${group.replace(/\.k8s\.io$/, '').replace(/\.authorization$/, '')}.v1`;
}

// Fields whose Go type is resource.Quantity (client-node types them as plain strings).
const QUANTITY_FIELDS = new Set([
  'V1ResourceRequirements.limits', 'V1ResourceRequirements.requests',
  'V1VolumeResourceRequirements.limits', 'V1VolumeResourceRequirements.requests',
  'V1NodeStatus.capacity', 'V1NodeStatus.allocatable', 'V1PersistentVolumeSpec.capacity',
  'V1PersistentVolumeClaimStatus.capacity', 'V1PersistentVolumeClaimStatus.allocatedResources',
  'V1EmptyDirVolumeSource.sizeLimit', 'V1ResourceFieldSelector.divisor', 'V1ContainerStatus.allocatedResources',
  'V1PodSpec.overhead',
]);

// Types client-node has no model for.
const BUILTIN_SPECS = { V1MicroTime: 'string:date-time', V1Time: 'string:date-time', Date: 'string:date-time', IntOrString: 'int-or-string', any: 'any' };

const classes = new Map(); // class name -> { attrs, doc, fieldDocs, required }

function loadClass(name) {
  if (classes.has(name)) return classes.get(name);
  const js = join(modelsDir, `${name}.js`);
  if (!existsSync(js)) throw new Error(`no client-node model ${name}`);
  const attrs = parseAttributeTypeMap(readFileSync(js, 'utf8'), name);
  const { doc, fieldDocs, required } = parseDeclaration(readFileSync(join(modelsDir, `${name}.d.ts`), 'utf8'), name);
  const info = { attrs, doc, fieldDocs, required };
  classes.set(name, info);
  return info;
}

// The .js models assign `X.attributeTypeMap = [ ...JSON-like objects... ];`.
function parseAttributeTypeMap(source, name) {
  const start = source.indexOf(`${name}.attributeTypeMap = [`);
  if (start < 0) return [];
  const open = source.indexOf('[', start);
  const close = source.indexOf('\n];', open);
  return JSON.parse(source.slice(open, close + 2));
}

function unescapeDoc(lines) {
  return lines
    .map((l) => l.replace(/^\s*\*\s?/, ''))
    .join('\n')
    .trim()
    .replace(/\\(["'`\\])/g, '$1');
}

// Doc comments of the class and its properties; a property without `?` is required.
function parseDeclaration(source, name) {
  const lines = source.split('\n');
  let doc;
  const fieldDocs = new Map();
  const required = [];
  let comment = null;
  let pending;
  let inClass = false;
  for (const line of lines) {
    const t = line.trim();
    if (t === '/**') { comment = []; continue; }
    if (comment && t === '*/') { pending = unescapeDoc(comment); comment = null; continue; }
    if (comment) { comment.push(line); continue; }
    if (t.startsWith(`export declare class ${name} `)) { doc = pending; pending = undefined; inClass = true; continue; }
    const prop = inClass && /^\s{4}'([^']+)'(\?)?:/.exec(line);
    if (prop) {
      if (pending) fieldDocs.set(prop[1], pending);
      if (!prop[2]) required.push(prop[1]);
      pending = undefined;
      continue;
    }
    if (t.startsWith('static ')) inClass = false;
    if (t) pending = undefined;
  }
  return { doc, fieldDocs, required };
}

// Naming pass: decide the definition name of every class in the closure.
const defName = new Map();
function nameClass(className, group) {
  if (defName.has(className)) return;
  const short = className.replace(/^(V1|CoreV1|EventsV1|DiscoveryV1|RbacV1|StorageV1|AuthenticationV1|ApiextensionsV1)/, '');
  defName.set(className, `${META_TYPES.has(short) ? META_PKG : packageOf(group)}.${short}`);
  for (const a of loadClass(className).attrs) for (const ref of referencedClasses(a.type)) nameClass(ref, group);
}

function referencedClasses(type) {
  const arr = /^Array<(.*)>$/.exec(type);
  if (arr) return referencedClasses(arr[1]);
  const map = /^\{ \[key: string\]: (.*); \}$/.exec(type);
  if (map) return referencedClasses(map[1]);
  if (/^(string|number|boolean)$/.test(type) || type in BUILTIN_SPECS) return [];
  return [type];
}

function specOf(attr, className) {
  const { type, format } = attr;
  if (QUANTITY_FIELDS.has(`${className}.${attr.baseName}`)) {
    if (type.startsWith('{')) return '{}quantity';
    return 'quantity';
  }
  const arr = /^Array<(.*)>$/.exec(type);
  if (arr) return `[]${specOf({ ...attr, type: arr[1] }, '')}`;
  const map = /^\{ \[key: string\]: (.*); \}$/.exec(type);
  if (map) return `{}${specOf({ ...attr, type: map[1] }, '')}`;
  if (type === 'string') return format === 'byte' ? 'string:byte' : format === 'date-time' ? 'string:date-time' : 'string';
  if (type === 'number') return format === 'double' ? 'number:double' : `integer:${format || 'int64'}`;
  if (type === 'boolean') return 'boolean';
  if (type in BUILTIN_SPECS) return BUILTIN_SPECS[type];
  if (!defName.has(type)) throw new Error(`unnamed type ${type} in ${className}`);
  return `#${defName.get(type)}`;
}

function rootClass(r) {
  return r[3] ?? `V1${r[2]}`;
}

for (const r of ROOTS) {
  nameClass(rootClass(r), r[0]);
  if (!NO_LIST.has(r[2])) nameClass(`${rootClass(r)}List`, r[0]);
}
// Status and DeleteOptions are what every API returns or accepts.
nameClass('V1Status', '');
nameClass('V1DeleteOptions', '');

const gvkOf = new Map();
for (const r of ROOTS) {
  gvkOf.set(rootClass(r), [r[0], r[1], r[2]]);
  if (!NO_LIST.has(r[2])) gvkOf.set(`${rootClass(r)}List`, [r[0], r[1], `${r[2]}List`]);
}

const out = {};
for (const className of [...defName.keys()].sort((a, b) => (defName.get(a) < defName.get(b) ? -1 : 1))) {
  const info = loadClass(className);
  const def = {};
  if (info.doc) def.d = info.doc;
  const p = {};
  const nameToBase = new Map(info.attrs.map((a) => [a.name, a.baseName]));
  for (const a of [...info.attrs].sort((x, y) => (x.baseName < y.baseName ? -1 : 1))) {
    const doc = info.fieldDocs.get(a.name);
    p[a.baseName] = doc ? [specOf(a, className), doc] : [specOf(a, className)];
  }
  const required = info.required.map((n) => nameToBase.get(n) ?? n).sort();
  if (required.length) def.r = required;
  if (gvkOf.has(className)) def.gvk = gvkOf.get(className);
  def.p = p;
  out[defName.get(className)] = def;
}

const text = `${JSON.stringify(out)}\n`;
if (process.argv.includes('--check')) {
  const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  if (current !== text) {
    console.error(`${outFile} is stale: run node scripts/generate-openapi.mjs`);
    process.exit(1);
  }
  console.log('definitions.json is up to date');
} else {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, text);
  console.log(`wrote ${Object.keys(out).length} definitions (${text.length} bytes) to ${outFile}`);
}
