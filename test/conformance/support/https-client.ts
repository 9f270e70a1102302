// A raw HTTPS client for the tests that talk to the emulator below any Kubernetes client
// (fuzzing, crash durability): keep-alive, CA and token from the kubeconfig.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { parse } from 'yaml';

export interface RawClient {
  url: string;
  token: string;
  send(req: RawRequest): Promise<RawResponse>;
  close(): void;
}

export interface RawRequest {
  method: string;
  /** Path and query, sent as is. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  /** Leave out the bearer token. */
  anonymous?: boolean;
}

export interface RawResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** The client gave up waiting (e.g. a watch that stays open). */
  timedOut?: boolean;
  /** The connection failed (reset by the server, ...). */
  error?: Error;
}

export function clientFromKubeconfig(path: string, maxSockets = 16): RawClient {
  const config = parse(readFileSync(path, 'utf8'));
  const cluster = config.clusters[0].cluster;
  const token: string = config.users[0].user.token;
  const ca = Buffer.from(cluster['certificate-authority-data'], 'base64').toString();
  const url: string = cluster.server;
  const agent = new Agent({ keepAlive: true, maxSockets, ca });
  const { hostname, port } = new URL(url);
  return {
    url,
    token,
    close: () => agent.destroy(),
    send: (r) =>
      new Promise((resolve, reject) => {
        const headers: Record<string, string | number> = { ...(r.headers ?? {}) };
        if (!r.anonymous) headers.authorization = `Bearer ${token}`;
        if (r.body !== undefined) headers['content-length'] = Buffer.byteLength(r.body);
        const req = request({ hostname, port, method: r.method, path: r.path, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
          res.on('error', reject);
        });
        req.setTimeout(r.timeoutMs ?? 10000, () => {
          req.destroy();
          resolve({ status: 0, body: '', headers: {}, timedOut: true });
        });
        // The server may close a connection on purpose (a 413 before the body is read):
        // report that as a response without status rather than a thrown error.
        req.on('error', (e) => resolve({ status: 0, body: String(e), headers: {}, timedOut: req.destroyed, error: e }));
        req.end(r.body);
      }),
  };
}
