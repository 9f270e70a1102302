// One HTTP(S) request to a cluster, its answer read whole as text. Shared by the read
// transport and the manifest API: both keep connections alive, and a kept-alive connection
// the server closes just as it is reused fails the request before the server saw it.
import type * as http from 'node:http';
import type * as https from 'node:https';

export interface TextResponse {
  status: number;
  text: string;
}

/** Methods that may be sent again when their connection was dropped (RFC 9110 idempotent, no body here). */
const RESENDABLE = new Set(['GET', 'HEAD']);

export function requestText(lib: typeof http | typeof https, url: URL, opts: https.RequestOptions, timeoutMs: number, body?: string): Promise<TextResponse> {
  return new Promise<TextResponse>((resolve, reject) => {
    const send = (mayResend: boolean): void => {
      const req = lib.request(url, { ...opts, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf-8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer from ${url.origin} within ${timeoutMs / 1000} s`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A reused connection the server had closed: the request never reached it, so a GET is
        // sent once more on a new connection (as Node's docs advise); a write is not repeated.
        if (mayResend && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) send(false);
        else reject(err);
      });
      req.end(body);
    };
    send(RESENDABLE.has((opts.method ?? 'GET').toUpperCase()));
  });
}
