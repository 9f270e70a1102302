// A container's log followed as `kubectl logs -f --tail=N` does: GET pods/log?follow=true through
// the context's credentials, the body streamed as it arrives. The stream ends when the container
// stops (the kubelet ends it), the server goes away, or stop() is called.
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from './client-node.js';

export interface LogEvents {
  output(text: string): void;
  /** The log ended: by itself (the container stopped), or with the server's reason. Called once unless stopped. */
  end(error?: string): void;
}

export interface LogFollower {
  stop(): void;
}

export async function followLogs(kc: KubeConfig, namespace: string, pod: string, container: string, options: { tailLines?: number }, events: LogEvents): Promise<LogFollower> {
  const server = kc.getCurrentCluster()?.server.replace(/\/+$/, '');
  if (!server) throw new Error('the context has no cluster');
  const url = new URL(`${server}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`);
  url.searchParams.set('container', container);
  url.searchParams.set('follow', 'true');
  if (options.tailLines !== undefined) url.searchParams.set('tailLines', String(options.tailLines));
  const opts: https.RequestOptions = { method: 'GET', headers: { Accept: 'text/plain, application/json' } };
  await kc.applyToHTTPSOptions(opts);
  let stopped = false;
  let ended = false;
  const end = (error?: string): void => {
    if (stopped || ended) return;
    ended = true;
    events.end(error);
  };
  const req = (url.protocol === 'http:' ? http : https).request(url, opts, (res) => {
    if ((res.statusCode ?? 0) >= 300) {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => end(statusMessage(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
      return;
    }
    res.setEncoding('utf8');
    res.on('data', (text: string) => {
      if (!stopped) events.output(text);
    });
    res.on('end', () => end());
    res.on('error', (e) => end(e.message));
  });
  req.on('error', (e) => end(e.message));
  req.end();
  return {
    stop: () => {
      stopped = true;
      req.destroy();
    },
  };
}

/** The Status message of an error response, else its status and body. */
function statusMessage(code: number, body: string): string {
  try {
    const status = JSON.parse(body) as { message?: unknown };
    if (typeof status.message === 'string') return status.message;
  } catch {
    // not a Status
  }
  return `HTTP ${code}${body ? `: ${body.slice(0, 300)}` : ''}`;
}
