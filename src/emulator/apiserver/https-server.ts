// The HTTPS front of the API server: bearer-token authentication (the admin token and
// ServiceAccount tokens, see auth/), body limits, and a thin translation between node's
// http objects and ApiRequest/ApiResponse (watches stream).
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ANONYMOUS } from './auth/user.js';
import { MAX_BODY_BYTES } from './codec.js';
import { jsonResponse, type ApiRequest, type ApiResponse } from './request.js';
import type { ApiServer } from './server.js';
import { MAX_REMOTE_COMMAND_MESSAGE_BYTES } from './remote-command.js';
import { ApiError } from './status.js';
import type { UserInfo } from './auth/user.js';
import { WebSocketConnection } from './websocket/connection.js';
import { acceptResponse } from './websocket/handshake.js';
import type { ServingCertificates } from './tls.js';
import type { Log } from '../log';

export interface HttpsServerOptions {
  api: ApiServer;
  token: string;
  certificates: ServingCertificates;
  address: string;
  port: number;
  log: Log;
  /** A watch with more than this many bytes queued for its client (default 16 MiB)... */
  watchBacklogBytes?: number;
  /** ...that has not drained for this long (default 5 s) is closed. */
  watchStallMs?: number;
}

export interface RunningHttpsServer {
  port: number;
  server: Server;
  close(): Promise<void>;
}

/**
 * kube-apiserver closes a watcher whose client cannot keep up ("Forcing watcher close due to
 * unresponsiveness") rather than buffer without bound; the client re-watches from the last
 * resourceVersion it read. 16 MiB is several thousand pods' events.
 */
export const DEFAULT_WATCH_BACKLOG_BYTES = 16 * 1024 * 1024;
export const DEFAULT_WATCH_STALL_MS = 5_000;
/** A closed watch's queued frames still drain; a client that reads none of them in this time is cut off. */
const WATCH_DRAIN_GRACE_MS = 30_000;

const PUBLIC = /^\/(livez|readyz|healthz)(\/.*)?$|^\/version\/?$/;

/**
 * A response's body as one value. Chunks become one off-heap Buffer from small strings: neither a
 * megabyte V8 string nor hundreds of queued socket writes (which held far more memory while TLS
 * drained them).
 */
function bodyOf(response: ApiResponse): string | Buffer | undefined {
  return response.chunks ? Buffer.concat(response.chunks.map((c) => Buffer.from(c))) : response.body;
}

function byteLength(body: string | Buffer): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}

function send(res: ServerResponse, response: ApiResponse, head: boolean): void {
  const headers: Record<string, string | number> = { ...response.headers };
  const body = bodyOf(response);
  if (body !== undefined) headers['content-length'] = byteLength(body);
  res.writeHead(response.status, headers);
  res.end(head ? undefined : body);
}

/** Answers an upgrade request with a plain HTTP response and closes the connection. */
function refuseUpgrade(socket: Duplex, response: ApiResponse): void {
  if (socket.destroyed) return;
  const body = bodyOf(response) ?? '';
  const headers = { ...response.headers, 'content-length': String(byteLength(body)), connection: 'close' };
  const head = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(head), Buffer.from(body)]));
}

export async function startHttpsServer(options: HttpsServerOptions): Promise<RunningHttpsServer> {
  // Before listening: the default RBAC policy exists and the authorizer's indexes are filled.
  await options.api.access.enable(options.token);
  const sockets = new Set<Socket>();
  const server = createServer({ key: options.certificates.keyPem, cert: options.certificates.certPem, minVersion: 'TLSv1.2' }, (req, res) => {
    void serve(req, res).catch((e) => {
      options.log(`request failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, 'E');
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
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void upgrade(req, socket, head).catch((e) => {
      options.log(`upgrade request failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, 'E');
      refuseUpgrade(socket, options.api.errorResponse(e));
    });
  });
  server.on('tlsClientError', () => undefined);
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  /** The request's URL and user, or the error response that answers it instead. */
  function identify(req: IncomingMessage): { url: URL; user: UserInfo } | ApiResponse {
    const rawUrl = req.url ?? '/';
    let url: URL;
    try {
      url = new URL(rawUrl.startsWith('/') ? rawUrl : `/${rawUrl}`, 'https://kube-apiserver');
    } catch {
      return jsonResponse(400, ApiError.badRequest(`malformed request URL: ${rawUrl.slice(0, 200)}`).toStatus());
    }
    // Health and version stay readable without credentials (system:public-info-viewer).
    const caller = options.api.access.authenticate(req.headers.authorization) ?? (PUBLIC.test(url.pathname) ? ANONYMOUS : undefined);
    if (!caller) return jsonResponse(401, ApiError.unauthorized().toStatus());
    try {
      return { url, user: options.api.access.impersonate(caller, req.headers as Record<string, string | undefined>) };
    } catch (e) {
      return options.api.errorResponse(e);
    }
  }

  function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    return headers;
  }

  /** A request to switch protocols (`kubectl exec`): answered 101 and handed to its session, or answered with an error and closed. */
  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => undefined);
    const who = identify(req);
    if (!('user' in who)) return refuseUpgrade(socket, who);
    const { url, user } = who;
    const headers = flatHeaders(req);
    const response = await options.api.handle({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers }, user);
    if (!response.upgrade) {
      response.watch?.stop();
      return refuseUpgrade(socket, response.watch ? jsonResponse(400, ApiError.badRequest('a watch cannot be served over an upgraded connection').toStatus()) : response);
    }
    if (socket.destroyed) return;
    socket.write(acceptResponse(headers['sec-websocket-key'] ?? '', response.upgrade.protocol));
    response.upgrade.start(new WebSocketConnection(socket, head, MAX_REMOTE_COMMAND_MESSAGE_BYTES));
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = req.method === 'HEAD';
    const who = identify(req);
    if (!('user' in who)) {
      req.resume();
      return send(res, who, head);
    }
    const { url, user } = who;
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
    const headers = flatHeaders(req);
    const apiRequest: ApiRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined };
    const response = await options.api.handle(apiRequest, user);
    if (!response.watch) return send(res, response, head);
    const stream = response.watch;
    res.writeHead(response.status, { ...response.headers, 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    const close = (): void => stream.stop();
    res.on('close', close);
    const backlog = options.watchBacklogBytes ?? DEFAULT_WATCH_BACKLOG_BYTES;
    const stallMs = options.watchStallMs ?? DEFAULT_WATCH_STALL_MS;
    let stall: NodeJS.Timeout | undefined;
    const unresponsive = (): void => {
      stall = undefined;
      if (res.writableEnded || res.writableLength <= backlog) return;
      const who = `${req.headers['user-agent'] ?? 'unknown client'} at ${req.socket.remoteAddress}:${req.socket.remotePort}`;
      options.log(`Forcing watcher close due to unresponsiveness: ${url.pathname}${url.search} (${who}); ${res.writableLength} bytes queued`, 'W');
      stream.stop();
      // End the stream after the frames already queued: the client reads whole events up to
      // some resourceVersion and resumes from there; nothing it read is taken back.
      res.end();
      const cutOff = setTimeout(() => res.destroy(), WATCH_DRAIN_GRACE_MS);
      cutOff.unref();
      res.once('finish', () => clearTimeout(cutOff));
      res.once('close', () => clearTimeout(cutOff));
    };
    // A burst (a replay from an old resourceVersion) may queue far more than the backlog for a
    // client that reads it at once: only a queue that has not drained for stallMs counts.
    res.on('drain', () => {
      clearTimeout(stall);
      stall = undefined;
    });
    res.once('close', () => clearTimeout(stall));
    try {
      stream.start(
        (frame) => {
          if (res.writableEnded) return;
          if (!res.write(frame) && res.writableLength > backlog && !stall) stall = setTimeout(unresponsive, stallMs);
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
