// Shared pieces of the manifests benchmarks: a 1,000-object manifest file and a ManifestApi over
// plain HTTPS to the emulator (the VS Code side implements the same interface with client-node).
import type { KubeObject } from '../src/kube/object';
import type { ApplyOptions, DeleteOptions, ManifestApi } from '../src/manifests/manifest-api';
import type { Discovery, ResourceRef } from '../src/manifests/resources';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { parse } from 'yaml';

/** `count` objects: a Namespace, then ConfigMaps, Services and Deployments in turn. */
export function manifestFile(count: number, namespace = 'bench'): string {
  const docs = [`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${namespace}\n`];
  for (let i = 1; i < count; i++) {
    const name = `app-${i}`;
    if (i % 3 === 0) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata:\n  key: "value-${i}"\n`);
    else if (i % 3 === 1)
      docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n      targetPort: 8080\n`);
    else
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      nodeSelector:
        disk: ssd
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
`);
  }
  return docs.join('---\n');
}

export const benchDiscovery: Discovery = {
  resources: [
    { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
    { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
    { group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true },
    { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  ],
};

function path(ref: ResourceRef): string {
  const base = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
  return `${base}${ref.namespace ? `/namespaces/${ref.namespace}` : ''}/${ref.plural}/${encodeURIComponent(ref.name)}`;
}

class HttpStatusError extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
  ) {
    super(`HTTP ${code}`);
  }
}

/** A ManifestApi over keep-alive HTTPS with the kubeconfig's CA and token; `close()` frees the sockets. */
export function httpManifestApi(kubeconfig: string, maxSockets: number): ManifestApi & { close(): void } {
  const config = parse(readFileSync(kubeconfig, 'utf8'));
  const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
  const token = config.users[0].user.token;
  const { hostname, port } = new URL(config.clusters[0].cluster.server);
  const agent = new Agent({ keepAlive: true, maxSockets, ca });
  const send = (method: string, p: string, body?: unknown, contentType = 'application/json') =>
    new Promise<KubeObject>((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string | number> = { authorization: `Bearer ${token}`, accept: 'application/json' };
      if (data) Object.assign(headers, { 'content-type': contentType, 'content-length': Buffer.byteLength(data) });
      const req = request({ hostname, port, method, path: p, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if ((res.statusCode ?? 0) >= 400) reject(new HttpStatusError(res.statusCode ?? 0, text));
          else resolve(JSON.parse(text) as KubeObject);
        });
      });
      req.on('error', reject);
      req.end(data);
    });
  return {
    close: () => agent.destroy(),
    apply: (ref, object, o: ApplyOptions) => {
      const q = new URLSearchParams({ fieldManager: o.fieldManager, fieldValidation: o.fieldValidation, force: String(o.force) });
      if (o.dryRun) q.set('dryRun', 'All');
      return send('PATCH', `${path(ref)}?${q}`, object, 'application/apply-patch+yaml');
    },
    get: async (ref) => {
      try {
        return await send('GET', path(ref));
      } catch (err) {
        if (err instanceof HttpStatusError && err.code === 404) return undefined;
        throw err;
      }
    },
    delete: async (ref, o: DeleteOptions) => {
      try {
        await send('DELETE', path(ref), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: o.propagationPolicy });
        return true;
      } catch (err) {
        if (err instanceof HttpStatusError && err.code === 404) return false;
        throw err;
      }
    },
  };
}
