// `kubectl logs` for simulated containers. Like the real path (apiserver -> kubelet ->
// CRI log file), the API server asks the node's kubelet; the kubelet renders the log of
// a container run from what it knows (image, command output, start time) instead of
// storing lines, so 150,000 pods cost no log memory.
import type { ContainerLogOptions, ContainerLogResult } from '../apiserver/context';
import type { RepeatedLine, RepeatedOutput } from './container-command';
import type { ContainerRun } from './container-state';
import { normalizeImage } from './image-catalog';

export type { ContainerLogOptions, ContainerLogResult };

/**
 * What the API server's pods/log handler calls (the "apiserver -> kubelet" connection).
 * Returns undefined when no running kubelet knows the pod, so the caller can fall back.
 */
export interface KubeletLogSource {
  containerLog(namespace: string, pod: string, container: string, options: ContainerLogOptions): ContainerLogResult | undefined;
}

export interface LogLine {
  atMs: number;
  text: string;
}

/** Dynamic lines some containers write while they run (kube-proxy's rule syncs). */
export type ExtraLines = (image: string, fromMs: number, toMs: number) => LogLine[];

export function renderContainerLog(c: ContainerRun, podName: string, now: number, options: ContainerLogOptions, extra?: ExtraLines): ContainerLogResult {
  let startMs: number;
  let endMs: number;
  if (options.previous) {
    if (!c.lastTerminated) return { ok: false, message: `previous terminated container "${c.name}" in pod "${podName}" not found` };
    startMs = Date.parse(c.lastTerminated.startedAt);
    endMs = Date.parse(c.lastTerminated.finishedAt);
  } else if (c.state === 'running' && c.startedAtMs !== undefined) {
    startMs = c.startedAtMs;
    endMs = now;
  } else if (c.state === 'terminated' && c.terminated) {
    startMs = Date.parse(c.terminated.startedAt);
    endMs = Date.parse(c.terminated.finishedAt);
  } else if (c.lastTerminated) {
    // Waiting in CrashLoopBackOff: kubectl logs shows the last run, as the log file remains.
    startMs = Date.parse(c.lastTerminated.startedAt);
    endMs = Date.parse(c.lastTerminated.finishedAt);
  } else {
    return { ok: false, message: `container "${c.name}" in pod "${podName}" is waiting to start: ${c.waitingReason}` };
  }
  let lines = [...startupLines(c, startMs), ...c.behaviour.output.map((o) => ({ atMs: startMs + o.atMs, text: o.date ? dateLine(startMs + o.atMs) : o.text }))];
  if (c.behaviour.repeat) lines = lines.concat(repeatedLines(c.behaviour.repeat, startMs, endMs));
  if (extra) lines.push(...extra(c.image, startMs, endMs));
  lines = lines.filter((l) => l.atMs <= endMs).sort((a, b) => a.atMs - b.atMs);
  const since = options.sinceTime ? Date.parse(options.sinceTime) : options.sinceSeconds !== undefined ? now - options.sinceSeconds * 1000 : undefined;
  if (since !== undefined && !Number.isNaN(since)) lines = lines.filter((l) => l.atMs >= since);
  if (options.tailLines !== undefined) lines = lines.slice(Math.max(0, lines.length - options.tailLines));
  let text = lines.map((l) => (options.timestamps ? `${rfc3339Nano(l.atMs)} ${l.text}\n` : `${l.text}\n`)).join('');
  if (options.limitBytes !== undefined && text.length > options.limitBytes) text = text.slice(0, options.limitBytes);
  return { ok: true, text };
}

/** The kubelet rotates a container's log file at containerLogMaxSize (10 MiB); `kubectl logs` reads the current one. */
const LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;

/** A loop's lines from its turns up to `endMs`, only as many turns as the current log file holds. */
function repeatedLines(repeat: RepeatedOutput, startMs: number, endMs: number): LogLine[] {
  const first = startMs + repeat.startMs;
  if (endMs < first) return [];
  const turns = Math.floor((endMs - first) / repeat.periodMs) + 1;
  const bytesPerTurn = repeat.lines.reduce((n, l) => n + l.text.length + 32, 0);
  const kept = Math.max(1, Math.floor(LOG_FILE_MAX_BYTES / bytesPerTurn));
  const out: LogLine[] = [];
  for (let k = Math.max(0, turns - kept); k < turns; k++) {
    const turnMs = first + k * repeat.periodMs;
    for (const l of repeat.lines) {
      const at = turnMs + l.atMs;
      out.push({ atMs: at, text: l.date ? dateLine(at) : fillLine(l, k, at) });
    }
  }
  return out;
}

function fillLine(l: RepeatedLine, turn: number, atMs: number): string {
  let text = l.text.replace(/\$\(date\)/g, () => dateLine(atMs));
  if (l.counter) {
    const value = String(l.counter.start + turn * l.counter.step);
    text = text.replace(new RegExp(`\\$\\{${l.counter.name}\\}|\\$${l.counter.name}\\b`, 'g'), value);
  }
  return text;
}

function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, frac: string) => `.${frac}000000Z`);
}

function dateLine(ms: number): string {
  const d = new Date(ms);
  const day = d.toUTCString().slice(0, 3);
  const mon = d.toUTCString().slice(8, 11);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day} ${mon} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

function nginxTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** klog's header: I0102 15:04:05.000000       1 file.go:123] */
export function klog(ms: number, source: string, message: string, level = 'I'): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${level}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000       1 ${source}] ${message}`;
}

function startupLines(c: ContainerRun, t: number): LogLine[] {
  if (c.behaviour.output.length > 0 || c.behaviour.repeat || c.behaviour.exitAfterMs !== undefined) return [];
  const image = normalizeImage(c.image);
  const at = (dt: number, text: string): LogLine => ({ atMs: t + dt, text });
  if (/\/library\/nginx:/.test(image)) {
    const n = nginxTime(t + 40);
    return [
      at(0, '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration'),
      at(1, '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/'),
      at(2, '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh'),
      at(5, '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf'),
      at(9, '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf'),
      at(10, '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh'),
      at(11, '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh'),
      at(14, '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh'),
      at(16, '/docker-entrypoint.sh: Configuration complete; ready for start up'),
      at(40, `${n} [notice] 1#1: using the "epoll" event method`),
      at(40, `${n} [notice] 1#1: nginx/1.29.1`),
      at(40, `${n} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1)`),
      at(40, `${n} [notice] 1#1: OS: Linux 6.1.0-28-amd64`),
      at(40, `${n} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`),
      at(41, `${n} [notice] 1#1: start worker processes`),
      at(41, `${n} [notice] 1#1: start worker process 29`),
      at(41, `${n} [notice] 1#1: start worker process 30`),
    ];
  }
  if (/coredns/.test(image)) {
    return [
      at(0, 'maxprocs: Leaving GOMAXPROCS=2: CPU quota undefined'),
      at(20, '.:53'),
      at(21, '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908'),
      at(22, 'CoreDNS-1.12.1'),
      at(22, 'linux/amd64, go1.24.1, 707c7c1'),
    ];
  }
  const component = /registry\.k8s\.io\/(kube-apiserver|kube-scheduler|kube-controller-manager|etcd):/.exec(image)?.[1];
  if (component === 'etcd') {
    return [at(0, `{"level":"info","ts":"${new Date(t).toISOString()}","caller":"embed/etcd.go:140","msg":"configuring peer listeners","listen-peer-urls":["https://127.0.0.1:2380"]}`)];
  }
  if (component) {
    return [
      at(0, klog(t, 'options.go:249', '"external host was not specified, using default"')),
      at(5, klog(t + 5, 'server.go:161', `"Version info" version="v1.34.1" component="${component}"`)),
      at(50, klog(t + 50, 'secure_serving.go:211', '"Serving securely on 127.0.0.1:10259"')),
    ];
  }
  return [];
}
