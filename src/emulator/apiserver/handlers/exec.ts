// pods/exec: kube-apiserver checks the pod and container (streamLocation) and hands the
// upgraded connection to the node's kubelet, whose streaming server runs the command in the
// runtime. Here the same checks come first, then the connection switches to WebSocket and
// the simulated container runtime runs the command. Only WebSocket is spoken (client-go and
// kubectl use it first; SPDY is their fallback).
import type { KubeObject } from '../../../kube/object.js';
import type { ExecEnvSources, ServerContext } from '../context.js';
import type { ServedResource } from '../registry.js';
import { storageKey, storagePrefix } from '../registry.js';
import { REMOTE_COMMAND_PROTOCOLS, serveRemoteCommand, type RemoteCommandStreams } from '../remote-command.js';
import type { ApiRequest, ApiResponse } from '../request.js';
import { ApiError } from '../status.js';
import { chooseProtocol, handshakeProblem, isWebSocketUpgrade, offeredProtocols } from '../websocket/handshake.js';
import { containerRunning, validateContainer } from '../pod-containers.js';
import { getObject } from './read.js';

export function handleExec(ctx: ServerContext, pods: ServedResource, req: ApiRequest, namespace: string, name: string): ApiResponse {
  const { obj: pod } = getObject(ctx, pods, namespace, name);
  const container = validateContainer(pod, req.query.get('container'));
  const nodeName: string | undefined = pod.spec?.nodeName;
  if (!nodeName) throw ApiError.badRequest(`pod ${name} does not have a host assigned`);
  const command = req.query.getAll('command');
  if (command.length === 0) throw ApiError.badRequest('you must specify at least 1 command');
  const streams: RemoteCommandStreams = { stdin: flag(req, 'stdin'), stdout: flag(req, 'stdout'), stderr: flag(req, 'stderr'), tty: flag(req, 'tty') };
  if (!streams.stdin && !streams.stdout && !streams.stderr) throw ApiError.badRequest('you must specify at least 1 of stdin, stdout, stderr');
  const hostIP: string = pod.status?.hostIP ?? nodeName;
  // What the API server meets dialing a node whose kubelet is not running.
  if (!ctx.containerExec || !ctx.hooks.hasKubelet(nodeName)) throw ApiError.internal(`error dialing backend: dial tcp ${hostIP}:10250: connect: connection refused`);
  if (!containerRunning(pod, container)) throw new ApiError(500, 'InternalError', `container not found ("${container}")`);
  if (!isWebSocketUpgrade(req.headers)) {
    const other = req.headers.upgrade;
    throw ApiError.badRequest(other ? `unable to upgrade connection: ${other} is not served by this emulator; exec streams over WebSocket (${REMOTE_COMMAND_PROTOCOLS.join(', ')})` : 'Upgrade request required');
  }
  const problem = handshakeProblem(req.method, req.headers);
  if (problem) throw ApiError.badRequest(`unable to upgrade connection: ${problem}`);
  const offered = offeredProtocols(req.headers);
  const protocol = chooseProtocol(REMOTE_COMMAND_PROTOCOLS, offered);
  if (!protocol) throw ApiError.badRequest(`unable to upgrade connection: requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${REMOTE_COMMAND_PROTOCOLS.join(' ')}]`);
  const runtime = ctx.containerExec;
  const node = readObject(ctx, 'nodes', undefined, nodeName);
  const sources = envSources(ctx, namespace);
  return {
    status: 101,
    headers: {},
    upgrade: {
      protocol,
      start: (conn) => {
        let ended = false;
        let remove = (): void => void (ended = true);
        const session = serveRemoteCommand(conn, protocol, streams, command, (out, done) => runtime.start({ pod, node, container, command, stdin: streams.stdin, tty: streams.tty, sources }, out, done), () => remove());
        // Killed with its container (SIGKILL): 128 + 9.
        if (!ended) remove = ctx.execSessions.add(pod.metadata.uid ?? '', container, () => session.terminate({ exitCode: 137 }));
      },
    },
  };
}

function flag(req: ApiRequest, key: string): boolean {
  const v = req.query.get(key);
  return v === 'true' || v === '1';
}

function readObject(ctx: ServerContext, plural: string, namespace: string | undefined, name: string): KubeObject | undefined {
  const r = ctx.registry.lookup('', 'v1', plural);
  const value = r ? ctx.store.get(storageKey(r, namespace, name)) : undefined;
  return value ? (JSON.parse(value.json) as KubeObject) : undefined;
}

/** Read when the exec starts: the environment is the one the container would have been given. */
function envSources(ctx: ServerContext, namespace: string): ExecEnvSources {
  const services = ctx.registry.lookup('', 'v1', 'services');
  const list = services ? ctx.store.list(storagePrefix(services, namespace)).items.map((v) => JSON.parse(v.json) as KubeObject) : [];
  if (namespace !== 'default') {
    const kubernetes = readObject(ctx, 'services', 'default', 'kubernetes');
    if (kubernetes) list.push(kubernetes);
  }
  return {
    services: list,
    configMap: (ns, name) => readObject(ctx, 'configmaps', ns, name),
    secret: (ns, name) => readObject(ctx, 'secrets', ns, name),
  };
}
