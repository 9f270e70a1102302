// Finds and loads kubeconfig files as kubectl does, with client-node's KubeConfig doing
// the parsing and, later, the authentication (client certificates, tokens, exec plugins,
// OIDC). Differences from client-node's own loadFromDefault, on purpose:
// - merging follows kubectl: the FIRST file to define a cluster, user or context name wins
//   (client-node throws on duplicates), and the first current-context set wins;
// - a broken file is reported with its path and the problem, and the other files' contexts
//   stay usable (kubectl would refuse them all);
// - nothing returned for display or logging carries a secret: contexts are described by
//   names, server URL and the KIND of credential only, and YAML errors give line and
//   reason without quoting the file (the quoted line could hold a token).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ClientNode, type Cluster, type Context, type KubeConfig, type User, loadClientNode } from './client-node.js';

export interface KubeconfigSources {
  /** The KUBECONFIG value (defaults to process.env.KUBECONFIG). */
  kubeconfigEnv?: string;
  /** Home directory for ~/.kube/config (defaults to os.homedir()). */
  homeDir?: string;
  /** Extra files named by the user's setting; merged after kubectl's own files. */
  extraFiles?: readonly string[];
}

export interface KubeconfigFileError {
  file: string;
  /** What is wrong, without quoting the file's content. */
  message: string;
}

export type CredentialKind = 'client-certificate' | 'token' | 'exec' | 'auth-provider' | 'basic' | 'none';

/** A context as shown in pickers and logs: never a token, key, password or certificate. */
export interface ContextSummary {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  /** The API server URL, or undefined when the cluster entry is missing. */
  server?: string;
  credential: CredentialKind;
  /** For exec credentials, the plugin's command name (e.g. `aws`, `gke-gcloud-auth-plugin`). */
  execCommand?: string;
  /** The file that defined this context. */
  file: string;
  current: boolean;
  /** Why the context cannot be used (missing cluster or user), if so. */
  problem?: string;
}

interface Entry<T> {
  value: T;
  file: string;
}

/** The merged result: contexts to list, per-file errors, and a way to build a client config. */
export class KubeconfigSet {
  constructor(
    private readonly clientNode: ClientNode,
    readonly files: readonly string[],
    readonly errors: readonly KubeconfigFileError[],
    private readonly clusters: ReadonlyMap<string, Entry<Cluster>>,
    private readonly users: ReadonlyMap<string, Entry<User>>,
    private readonly contexts: ReadonlyMap<string, Entry<Context>>,
    readonly currentContext: string | undefined,
  ) {}

  contextNames(): string[] {
    return [...this.contexts.keys()];
  }

  listContexts(): ContextSummary[] {
    return [...this.contexts.values()].map(({ value: ctx, file }) => {
      const cluster = this.clusters.get(ctx.cluster)?.value;
      const user = this.users.get(ctx.user)?.value;
      const problems: string[] = [];
      if (!cluster) problems.push(`cluster "${ctx.cluster}" is not defined in any kubeconfig file`);
      if (!user && ctx.user) problems.push(`user "${ctx.user}" is not defined in any kubeconfig file`);
      const summary: ContextSummary = {
        name: ctx.name,
        cluster: ctx.cluster,
        user: ctx.user,
        namespace: ctx.namespace,
        server: cluster ? displayServer(cluster.server) : undefined,
        credential: credentialKind(user),
        file,
        current: ctx.name === this.currentContext,
      };
      const exec = execCommandName(user);
      if (exec) summary.execCommand = exec;
      if (problems.length) summary.problem = problems.join('; ');
      return summary;
    });
  }

  /**
   * A client-node KubeConfig holding only this context, its cluster and user, so every
   * request (and exec / OIDC refresh) of the connection goes through client-node.
   */
  kubeConfigFor(contextName: string): KubeConfig {
    const ctx = this.contexts.get(contextName)?.value;
    if (!ctx) throw new Error(`context "${contextName}" is not defined in ${this.describeFiles()}`);
    const cluster = this.clusters.get(ctx.cluster)?.value;
    if (!cluster) throw new Error(`context "${contextName}": cluster "${ctx.cluster}" is not defined in ${this.describeFiles()}`);
    const user = this.users.get(ctx.user)?.value ?? { name: ctx.user || 'anonymous' };
    const kc = new this.clientNode.KubeConfig();
    kc.loadFromOptions({ clusters: [cluster], users: [user], contexts: [ctx], currentContext: ctx.name });
    return kc;
  }

  private describeFiles(): string {
    return this.files.length ? this.files.join(', ') : 'any kubeconfig file';
  }
}

/** The server URL without any user:password@ part (rare, but then it is a secret). */
export function displayServer(server: string): string {
  try {
    const url = new URL(server);
    if (!url.username && !url.password) return server;
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return server.replace(/\/\/[^/@]*@/, '//');
  }
}

export function credentialKind(user: User | undefined): CredentialKind {
  if (!user) return 'none';
  if (user.exec) return 'exec';
  if (user.authProvider) return 'auth-provider';
  if (user.token) return 'token';
  if (user.certData || user.certFile) return 'client-certificate';
  if (user.username) return 'basic';
  return 'none';
}

function execCommandName(user: User | undefined): string | undefined {
  const command = user?.exec?.command;
  return typeof command === 'string' && command ? path.basename(command) : undefined;
}

/** The files kubectl would read, in precedence order, then the extra ones (deduplicated). */
export function kubeconfigFiles(sources: KubeconfigSources = {}): string[] {
  const env = sources.kubeconfigEnv ?? process.env.KUBECONFIG;
  const files: string[] = [];
  if (env) files.push(...env.split(path.delimiter).filter((f) => f));
  else files.push(path.join(sources.homeDir ?? os.homedir(), '.kube', 'config'));
  files.push(...(sources.extraFiles ?? []));
  return [...new Set(files.map((f) => path.resolve(f)))];
}

/** Reads every file once and merges them by kubectl's first-wins rules. */
export async function loadKubeconfigs(sources: KubeconfigSources = {}): Promise<KubeconfigSet> {
  const clientNode = await loadClientNode();
  const candidates = kubeconfigFiles(sources);
  const files: string[] = [];
  const errors: KubeconfigFileError[] = [];
  const clusters = new Map<string, Entry<Cluster>>();
  const users = new Map<string, Entry<User>>();
  const contexts = new Map<string, Entry<Context>>();
  let current: string | undefined;
  for (const file of candidates) {
    let content: string;
    try {
      content = fs.readFileSync(file, 'utf-8');
    } catch (err: any) {
      // kubectl skips files of KUBECONFIG that do not exist; anything else is an error.
      if (err?.code !== 'ENOENT') errors.push({ file, message: `cannot read the file: ${err?.code ?? err?.message ?? err}` });
      continue;
    }
    files.push(file);
    if (!content.trim()) continue;
    const kc = new clientNode.KubeConfig();
    try {
      kc.loadFromString(content);
      kc.makePathsAbsolute(path.dirname(file));
    } catch (err) {
      errors.push({ file, message: describeLoadError(err) });
      continue;
    }
    for (const c of kc.clusters ?? []) if (!clusters.has(c.name)) clusters.set(c.name, { value: c, file });
    for (const u of kc.users ?? []) if (!users.has(u.name)) users.set(u.name, { value: u, file });
    for (const c of kc.contexts ?? []) if (!contexts.has(c.name)) contexts.set(c.name, { value: c, file });
    if (current === undefined && kc.currentContext) current = kc.currentContext;
  }
  return new KubeconfigSet(clientNode, files, errors, clusters, users, contexts, current);
}

function describeLoadError(err: any): string {
  if (err?.name === 'YAMLException') {
    const line = typeof err.mark?.line === 'number' ? ` at line ${err.mark.line + 1}, column ${err.mark.column + 1}` : '';
    return `not valid YAML${line}: ${err.reason ?? 'parse error'}`;
  }
  if (err instanceof TypeError) return 'not a kubeconfig (expected a mapping with clusters, users and contexts)';
  // client-node's own messages name the entry (`clusters[0].cluster.server is missing`).
  return String(err?.message ?? err);
}
