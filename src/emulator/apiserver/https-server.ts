// The HTTPS front of the API server: bearer-token authentication (the admin token and
// ServiceAccount tokens, see auth/), body limits, and a thin translation between node's
// http objects and ApiRequest/ApiResponse (watches stream).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { ANONYMOUS } from './auth/user.js';
import { MAX_BODY_BYTES } from './codec.js';
import { jsonResponse, type ApiRequest, type ApiResponse } from './request.js';
import type { ApiServer } from './server.js';
import { ApiError } from './status.js';
import type { ServingCertificates } from './tls.js';

export interface HttpsServerOptions {
  api: ApiServer;
  token: string;
  certificates: ServingCertificates;
  address: string;
  port: number;
  log: (message: string) => void;
}

export interface RunningHttpsServer {
  port: number;
  server: Server;
  close(): Promise<void>;
}

const PUBLIC = /^\/(livez|readyz|healthz)(\/.*)?$|^\/version\/?$/;

function send(res: ServerResponse, response: ApiResponse, head: boolean): void {
  const headers: Record<string, string | number> = { ...response.headers };
  if (response.chunks) {
    // One off-heap Buffer from small strings: neither a megabyte V8 string nor hundreds of
    // queued socket writes (which held far more memory while TLS drained them).
    const body = Buffer.concat(response.chunks.map((c) => Buffer.from(c)));
    headers['content-length'] = body.length;
    res.writeHead(response.status, headers);
    res.end(head ? undefined : body);
    return;
  }
  const body = response.body;
  if (body !== undefined) headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  res.writeHead(response.status, headers);
  res.end(head ? undefined : body);
}

export async function startHttpsServer(options: HttpsServerOptions): Promise<RunningHttpsServer> {
  // Before listening: the default RBAC policy exists and the authorizer's indexes are filled.
  await options.api.access.enable(options.token);
  const sockets = new Set<Socket>();
  const server = createServer({ key: options.certificates.keyPem, cert: options.certificates.certPem, minVersion: 'TLSv1.2' }, (req, res) => {
    void serve(req, res).catch((e) => {
      options.log(`request failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent) send(res, options.api.errorResponse(e), false);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.requestTimeout = 0;
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    let url: URL;
    try {
      url = new URL(rawUrl.startsWith('/') ? rawUrl : `/${rawUrl}`, 'https://kube-apiserver');
    } catch {
      req.resume();
      return send(res, jsonResponse(400, ApiError.badRequest(`malformed request URL: ${rawUrl.slice(0, 200)}`).toStatus()), false);
    }
    const head = req.method === 'HEAD';
    // Health and version stay readable without credentials (system:public-info-viewer).
    const caller = options.api.access.authenticate(req.headers.authorization) ?? (PUBLIC.test(url.pathname) ? ANONYMOUS : undefined);
    if (!caller) {
      req.resume();
      return send(res, jsonResponse(401, ApiError.unauthorized().toStatus()), head);
    }
    let user = caller;
    try {
      user = options.api.access.impersonate(caller, req.headers as Record<string, string | undefined>);
    } catch (e) {
      req.resume();
      return send(res, options.api.errorResponse(e), head);
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      res.setHeader('connection', 'close');
      return send(res, jsonResponse(413, ApiError.tooLarge().toStatus()), head);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk as Buffer);
    }
    if (tooLarge) return send(res, jsonResponse(413, ApiError.tooLarge().toStatus()), head);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const apiRequest: ApiRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined };
    const response = await options.api.handle(apiRequest, user);
    if (!response.watch) return send(res, response, head);
    const stream = response.watch;
    res.writeHead(response.status, { ...response.headers, 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    const close = (): void => stream.stop();
    res.on('close', close);
    try {
      stream.start(
        (frame) => {
          if (!res.writableEnded) res.write(frame);
        },
        () => {
          if (!res.writableEnded) res.end();
        },
      );
    } catch (e) {
      stream.stop();
      throw e;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
