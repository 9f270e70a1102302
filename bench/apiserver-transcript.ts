// Differential transcript of the API server's write path: ~130 requests (pods with odd port
// lists and non-canonical managedFields, bindings, status patches by several managers with
// unknown fields under Warn/Strict/Ignore, strategic/JSON/merge patches, Events by POST and
// PUT, Deployments by SSA with a conflict, scale, dry runs, a CRD's status, terminating and
// missing namespaces) against a source tree's ApiServer on a fake clock; one line per response
// with uids normalized. Run it on two trees and diff (the service-account volume suffix is
// random: normalize kube-api-access-xxxxx too), e.g.
//   BENCH_SOURCE_DIR=/tmp/before node --import tsx bench/apiserver-transcript.ts > before.txt
//   node --import tsx bench/apiserver-transcript.ts > after.txt
//   diff <(sed -E 's/kube-api-access-[a-z0-9]{5}/X/g' before.txt) <(sed -E 's/kube-api-access-[a-z0-9]{5}/X/g' after.txt)
import { join } from 'node:path';
import { inProcessApiServerAt, typicalPod } from './apiserver-support';

const ROOT = process.env.BENCH_SOURCE_DIR ?? join(__dirname, '..');
function req(method: string, path: string, body?: unknown, contentType = 'application/json', ua = 'kubectl/v1.34.0') {
  const url = new URL(path, 'https://x');
  return { method, path: url.pathname, query: url.searchParams, headers: body !== undefined ? { 'content-type': contentType, 'user-agent': ua } : { 'user-agent': ua }, body: body !== undefined ? Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)) : undefined };
}
async function main() {
  const { api, store, clock } = await inProcessApiServerAt(ROOT, 'fake');
  const uids = new Map<string, string>();
  const norm = (s: string) => s.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (u) => { if (!uids.has(u)) uids.set(u, `UID${uids.size}`); return uids.get(u)!; });
  const out: string[] = [];
  const send = async (method: string, path: string, body?: unknown, ct?: string, ua?: string) => {
    clock.advance?.(1500);
    const res = await api.handle(req(method, path, body, ct, ua));
    const text = res.body !== undefined ? String(res.body) : (res.chunks ?? []).join('');
    out.push(`${method} ${path} -> ${res.status} ${JSON.stringify(res.headers.warning ?? '')} ${norm(text)}`);
    return res;
  };
  for (const ns of ['a', 'b', 'gone']) await send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  for (let i = 0; i < 6; i++) {
    const ns = i % 2 ? 'a' : 'b';
    const pod: any = typicalPod(`p${i}`, ns);
    if (i === 3) pod.spec.containers[0].ports.push({ containerPort: 8080, protocol: 'UDP' }, { containerPort: 9090 });
    if (i === 4) pod.metadata.managedFields = [{ manager: 'x', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:b': {}, 'f:a': {} } } }];
    if (i === 5) pod.spec.unknownField = 1;
    await send('POST', `/api/v1/namespaces/${ns}/pods`, pod);
    await send('POST', `/api/v1/namespaces/${ns}/pods/p${i}/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: `p${i}` }, target: { kind: 'Node', name: 'n1' } }, 'application/json', 'kube-scheduler/v1');
    await send('PATCH', `/api/v1/namespaces/${ns}/pods/p${i}/status`, { status: { phase: 'Running', podIP: '10.0.0.' + i, conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' }], containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'x', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }] } }, 'application/merge-patch+json', 'kubelet/v1');
    await send('PATCH', `/api/v1/namespaces/${ns}/pods/p${i}/status`, { status: { phase: 'Running', podIP: '10.0.0.' + i } }, 'application/merge-patch+json', 'kubelet/v1');
    await send('PATCH', `/api/v1/namespaces/${ns}/pods/p${i}/status`, { status: { conditions: [{ type: 'X', status: 'True' }] } }, 'application/merge-patch+json', 'other/v1');
    await send('PATCH', `/api/v1/namespaces/${ns}/pods/p${i}`, { metadata: { labels: { extra: 'y' } } }, 'application/strategic-merge-patch+json', 'kubectl-label/v1');
    await send('PATCH', `/api/v1/namespaces/${ns}/pods/p${i}`, [{ op: 'add', path: '/metadata/annotations/z', value: 'z' }], 'application/json-patch+json', 'kubectl-annotate/v1');
    await send('PATCH', `/api/v1/namespaces/${ns}/pods/p${i}`, { metadata: { labels: { extra: null } } }, 'application/merge-patch+json');
    await send('POST', `/api/v1/namespaces/${ns}/events`, { apiVersion: 'v1', kind: 'Event', metadata: { name: `p${i}.abc`, namespace: ns }, involvedObject: { kind: 'Pod', name: `p${i}`, namespace: ns }, reason: 'Scheduled', message: 'm', source: { component: 'default-scheduler' }, firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:00:00Z', count: 1, type: 'Normal' }, 'application/json', 'kubelet/v1');
    await send('PUT', `/api/v1/namespaces/${ns}/events/p${i}.abc`, { apiVersion: 'v1', kind: 'Event', metadata: { name: `p${i}.abc`, namespace: ns }, involvedObject: { kind: 'Pod', name: `p${i}`, namespace: ns }, reason: 'Scheduled', message: 'm2', count: 2, type: 'Normal' }, 'application/json', 'kubelet/v1');
    await send('GET', `/api/v1/namespaces/${ns}/pods/p${i}`);
  }
  const deploy = (replicas: number, image: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }] }] } } } });
  await send('POST', '/apis/apps/v1/namespaces/a/deployments?fieldManager=kubectl-client-side-apply', deploy(2, 'nginx:1'));
  await send('PATCH', '/apis/apps/v1/namespaces/a/deployments/web?fieldManager=kubectl&force=true', deploy(3, 'nginx:2'), 'application/apply-patch+yaml');
  await send('PATCH', '/apis/apps/v1/namespaces/a/deployments/web?fieldManager=other', deploy(4, 'nginx:2'), 'application/apply-patch+yaml');
  await send('PUT', '/apis/apps/v1/namespaces/a/deployments/web', { ...deploy(5, 'nginx:3'), metadata: { name: 'web', labels: { app: 'web', v: '3' } } }, 'application/json', 'editor/v1');
  await send('PATCH', '/apis/apps/v1/namespaces/a/deployments/web/status', { status: { replicas: 5, readyReplicas: 2 } }, 'application/merge-patch+json', 'kube-controller-manager/v1');
  await send('PATCH', '/apis/apps/v1/namespaces/a/deployments/web/scale', { spec: { replicas: 7 } }, 'application/merge-patch+json', 'kubectl-scale/v1');
  await send('POST', '/api/v1/namespaces/b/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { a: 'b' }, ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] } });
  await send('POST', '/api/v1/namespaces/b/configmaps?dryRun=All', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } });
  await send('POST', '/api/v1/namespaces/b/configmaps?fieldValidation=Strict', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' }, bogus: 1 });
  await send('POST', '/api/v1/namespaces/b/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } });
  await send('POST', '/api/v1/namespaces/b/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } });
  await send('PATCH', '/api/v1/namespaces/b/configmaps/c2?fieldManager=m', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c2' }, data: { a: 'b' } }, 'application/apply-patch+yaml');
  await send('POST', '/api/v1/namespaces/gone/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
  await send('DELETE', '/api/v1/namespaces/gone');
  await send('POST', '/api/v1/namespaces/gone/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd' } });
  await send('POST', '/api/v1/namespaces/nope/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd' } });
  await send('PATCH', `/api/v1/namespaces/a/pods/p1/status`, { status: { bogusField: 1, phase: 'Failed' } }, 'application/merge-patch+json', 'kubelet/v1');
  await send('PATCH', `/api/v1/namespaces/a/pods/p1/status?fieldValidation=Ignore`, { status: { bogusField: 2, phase: 'Running' } }, 'application/merge-patch+json', 'kubelet/v1');
  await send('PATCH', `/api/v1/namespaces/a/pods/p1/status?fieldValidation=Strict`, { status: { bogusField: 2 } }, 'application/merge-patch+json', 'kubelet/v1');
  await send('PATCH', `/api/v1/namespaces/a/pods/p1/status`, { status: { phase: 'Running' } }, 'application/merge-patch+json', 'kubelet/v1');
  await send('PATCH', `/api/v1/namespaces/a/pods/p1/status`, { metadata: { bogusMeta: 1, labels: { q: 'r' } }, spec: { nodeName: 'zz', bogusSpec: 2 }, status: { phase: 'Running', conditions: [{ type: 'Y', status: 'True', bogusCond: 3 }] } }, 'application/merge-patch+json', 'kubelet/v1');
  await send('PATCH', `/api/v1/namespaces/a/pods/p1/status`, { status: { containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'x', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:00Z', bogusState: 1 } } }] } }, 'application/merge-patch+json', 'kubelet/v1');
  await send('PATCH', `/api/v1/namespaces/a/pods/p1/status?fieldValidation=Strict`, { status: { conditions: [{ type: 'Y', status: 'False', nope: 1 }] } }, 'application/merge-patch+json', 'kubelet/v1');
  await send('PATCH', `/api/v1/namespaces/a/pods/p1/status`, { status: { phase: 'Succeeded' } }, 'application/strategic-merge-patch+json', 'kubelet/v1');
  await send('PATCH', `/api/v1/namespaces/a/pods/p1/status`, [{ op: 'replace', path: '/status/phase', value: 'Failed' }, { op: 'add', path: '/status/bogusJ', value: 1 }], 'application/json-patch+json', 'kubelet/v1');
  await send('PUT', `/api/v1/namespaces/a/pods/p1/status`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', namespace: 'a' }, spec: { containers: [{ name: 'app', image: 'x' }] }, status: { phase: 'Running', bogusPut: 1 } }, 'application/json', 'kubelet/v1');
  await send('PATCH', `/api/v1/namespaces/a/pods/p1/status`, { status: { phase: 'Running', podIP: '10.9.9.9' } }, 'application/merge-patch+json', 'kubelet/v1');
  await send('GET', `/api/v1/namespaces/a/pods/p1`);
  for (let k = 0; k < 4; k++) {
    await send('PATCH', `/api/v1/namespaces/b/pods/p0/status`, { status: { conditions: [{ type: 'X', status: k % 2 ? 'True' : 'False' }, { type: 'Z' + k, status: 'True' }], phase: k % 2 ? 'Running' : 'Pending' } }, 'application/merge-patch+json', k % 2 ? 'kubelet/v1' : 'other/v1');
    await send('PATCH', `/api/v1/namespaces/b/pods/p0`, { metadata: { labels: { shared: String(k) }, annotations: { ['a' + k]: 'v' } } }, 'application/merge-patch+json', k % 2 ? 'labeler-a/v1' : 'labeler-b/v1');
  }
  for (let m = 0; m < 12; m++) await send('PATCH', `/api/v1/namespaces/b/pods/p2/status`, { status: { conditions: [{ type: 'C' + m, status: 'True' }] } }, 'application/merge-patch+json', `mgr${m}/v1`);
  await send('GET', `/api/v1/namespaces/b/pods/p0`);
  const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' }, versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } } }, status: { type: 'object', properties: { ready: { type: 'boolean' }, nested: { type: 'object', properties: { a: { type: 'string' } } } } } } } } }] } };
  await send('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
  await send('POST', '/apis/example.com/v1/namespaces/a/widgets', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1, tags: ['x'], junk: 1 }, status: { ready: false } }, 'application/json', 'op/v1');
  await send('PATCH', '/apis/example.com/v1/namespaces/a/widgets/w/status', { status: { ready: true, bogus: 1, nested: { a: 'x', b: 'y' } } }, 'application/merge-patch+json', 'op/v1');
  await send('PATCH', '/apis/example.com/v1/namespaces/a/widgets/w/status', { status: { nested: { a: 'z' } } }, 'application/merge-patch+json', 'op2/v1');
  await send('PATCH', '/apis/example.com/v1/namespaces/a/widgets/w', { spec: { size: 3 } }, 'application/merge-patch+json', 'op3/v1');
  await send('GET', '/apis/example.com/v1/namespaces/a/widgets/w');
  await send('GET', '/apis/apps/v1/namespaces/a/deployments/web');
  await send('GET', '/api/v1/namespaces/a/pods');
  await send('GET', '/api/v1/namespaces/b/events');
  console.log(out.join('\n'));
  api.stop();
  await store.close();
}
void main();
