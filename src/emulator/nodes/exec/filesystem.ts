// The container's file system as one exec sees it: the image's tree, the files the kubelet
// mounts (/etc/hosts, resolv.conf, ...) and /proc. Writes go to this exec's own copy, as if to
// the container's writable layer, and are gone when the exec ends (no exec shares them).

export type Errno = 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EEXIST' | 'ENOTEMPTY' | 'EACCES' | 'EROFS' | 'ELOOP' | 'EBUSY' | 'ENOSPC';

/** What one exec may write: the layer lives in the API server's memory, so it is small. */
export const WRITABLE_LAYER_CHARS = 1024 * 1024;

const MESSAGES: Record<Errno, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  EACCES: 'Permission denied',
  EROFS: 'Read-only file system',
  ELOOP: 'Too many levels of symbolic links',
  EBUSY: 'Device or resource busy',
  ENOSPC: 'No space left on device',
};

export function errnoMessage(e: Errno): string {
  return MESSAGES[e];
}

interface Common {
  /** Permission bits, e.g. 0o755 (0o1777 for /tmp). */
  mode: number;
  mtimeMs: number;
  /** What ls shows when not the content's length (4096 for a directory). */
  size?: number;
}
export type FsNode =
  | (Common & { kind: 'dir' })
  | (Common & {
      kind: 'file';
      /** A function for what is read at the moment of reading (/proc). */
      content: string | (() => string);
      /** The emulated program this file is (an executable of the image). */
      program?: string;
      /** Hard links (busybox's applets are all one binary). */
      nlink?: number;
      /** Bind-mounted by the runtime (/etc/hosts ...): it cannot be removed. */
      mount?: boolean;
    })
  | (Common & { kind: 'link'; target: string });

/** A resolved path: `node` is undefined when only the last component is missing. */
export interface Resolved {
  path: string;
  node?: FsNode;
}

const MAX_LINKS = 40;

export class ExecFileSystem {
  private readonly nodes = new Map<string, FsNode>();
  private readonly children = new Map<string, Set<string>>();

  constructor(
    private readonly now: () => number,
    rootMtimeMs = 0,
  ) {
    this.nodes.set('/', { kind: 'dir', mode: 0o755, mtimeMs: rootMtimeMs });
    this.children.set('/', new Set());
  }

  /** Adds a node, creating missing parent directories (building the image's tree). */
  /** Characters this exec has written (files it wrote count at their current size). */
  private written = 0;
  private readonly writtenPaths = new Set<string>();

  add(path: string, node: FsNode): void {
    const parent = parentOf(path);
    if (!this.nodes.has(parent)) this.add(parent, { kind: 'dir', mode: 0o755, mtimeMs: node.mtimeMs });
    this.nodes.set(path, node);
    this.children.get(parent)?.add(basename(path));
    if (node.kind === 'dir' && !this.children.has(path)) this.children.set(path, new Set());
  }

  /** Follows symbolic links like the kernel; the last one only with `followLast`. */
  resolve(input: string, cwd: string, followLast = true): Resolved | { error: Errno } {
    let parts = splitPath(input.startsWith('/') ? input : `${cwd}/${input}`);
    let out: string[] = [];
    let hops = 0;
    while (parts.length > 0) {
      const name = parts.shift() as string;
      if (name === '.') continue;
      if (name === '..') {
        out.pop();
        continue;
      }
      const path = `/${[...out, name].join('/')}`;
      const node = this.nodes.get(path);
      if (!node) return parts.some((p) => p !== '.') ? { error: 'ENOENT' } : { path };
      if (node.kind === 'link' && (parts.length > 0 || followLast)) {
        if (++hops > MAX_LINKS) return { error: 'ELOOP' };
        if (node.target.startsWith('/')) out = [];
        parts = [...splitPath(node.target), ...parts];
        continue;
      }
      if (parts.length > 0 && node.kind !== 'dir') return { error: 'ENOTDIR' };
      out.push(name);
    }
    const path = `/${out.join('/')}`;
    const node = this.nodes.get(path);
    if (node && node.kind !== 'dir' && input.endsWith('/')) return { error: 'ENOTDIR' };
    return { path, node };
  }

  /** The node at a path (links followed); an error when it does not exist. */
  stat(input: string, cwd: string): { path: string; node: FsNode } | { error: Errno } {
    const r = this.resolve(input, cwd);
    if ('error' in r) return r;
    return r.node ? { path: r.path, node: r.node } : { error: 'ENOENT' };
  }

  /** Like stat, but a link at the end is the link itself. */
  lstat(input: string, cwd: string): { path: string; node: FsNode } | { error: Errno } {
    const r = this.resolve(input, cwd, false);
    if ('error' in r) return r;
    return r.node ? { path: r.path, node: r.node } : { error: 'ENOENT' };
  }

  /** Names in a resolved directory, sorted bytewise as in the C locale. */
  list(dir: string): string[] {
    return [...(this.children.get(dir) ?? [])].sort(compareBytes);
  }

  childDirCount(dir: string): number {
    return this.list(dir).filter((n) => this.nodes.get(join(dir, n))?.kind === 'dir').length;
  }

  read(input: string, cwd: string): { text: string } | { error: Errno } {
    const r = this.stat(input, cwd);
    if ('error' in r) return r;
    if (r.node.kind === 'dir') return { error: 'EISDIR' };
    return r.node.kind === 'file' ? { text: fileText(r.node) } : { error: 'ELOOP' };
  }

  write(input: string, cwd: string, text: string, append: boolean): { path: string } | { error: Errno } {
    const r = this.creatable(input, cwd);
    if ('error' in r) return r;
    if (r.node?.kind === 'dir') return { error: 'EISDIR' };
    if (r.node?.kind === 'file' && r.path === '/dev/null') return { path: r.path };
    const before = r.node?.kind === 'file' ? fileText(r.node) : '';
    const after = append ? before.length + text.length : text.length;
    if (this.written - (r.node?.kind === 'file' && this.writtenPaths.has(r.path) ? before.length : 0) + after > WRITABLE_LAYER_CHARS) return { error: 'ENOSPC' };
    this.written += after - (this.writtenPaths.has(r.path) ? before.length : 0);
    this.writtenPaths.add(r.path);
    const mode = r.node?.mode ?? 0o644;
    const mount = r.node?.kind === 'file' ? r.node.mount : undefined;
    this.add(r.path, { kind: 'file', mode, mtimeMs: this.now(), content: append ? before + text : text, mount });
    return { path: r.path };
  }

  /** touch: an empty file when missing, else a new modification time. */
  touch(input: string, cwd: string): Errno | undefined {
    const r = this.creatable(input, cwd);
    if ('error' in r) return r.error;
    if (r.node) r.node.mtimeMs = this.now();
    else this.add(r.path, { kind: 'file', mode: 0o644, mtimeMs: this.now(), content: '' });
    return undefined;
  }

  mkdir(input: string, cwd: string): Errno | undefined {
    const r = this.creatable(input, cwd, false);
    if ('error' in r) return r.error;
    if (r.node) return 'EEXIST';
    this.add(r.path, { kind: 'dir', mode: 0o755, mtimeMs: this.now() });
    return undefined;
  }

  /** Removes a file, a link or (with `recursive`, or when empty) a directory. */
  remove(input: string, cwd: string, recursive: boolean): Errno | undefined {
    const r = this.lstat(input, cwd);
    if ('error' in r) return r.error;
    const ro = readOnlyArea(r.path);
    if (ro) return ro;
    if (r.node.kind === 'file' && r.node.mount) return 'EBUSY';
    if (r.node.kind === 'dir') {
      if (!recursive && this.list(r.path).length > 0) return 'ENOTEMPTY';
      for (const child of this.list(r.path)) {
        const e = this.remove(join(r.path, child), '/', true);
        if (e) return e;
      }
      this.children.delete(r.path);
    }
    // A removed file frees what it held of the layer.
    if (r.node.kind === 'file' && this.writtenPaths.delete(r.path)) this.written -= fileText(r.node).length;
    this.nodes.delete(r.path);
    this.children.get(parentOf(r.path))?.delete(basename(r.path));
    return undefined;
  }

  /** Where a new file may go: the parent must be a directory outside /proc and /sys. */
  private creatable(input: string, cwd: string, followLast = true): Resolved | { error: Errno } {
    const r = this.resolve(input, cwd, followLast);
    if ('error' in r) return r;
    const ro = readOnlyArea(r.path);
    if (ro && r.path !== '/dev/null') return { error: ro };
    return r;
  }
}

/** sysfs is mounted read-only in a container; procfs refuses writes to what it shows. */
function readOnlyArea(path: string): Errno | undefined {
  if (path === '/sys' || path.startsWith('/sys/')) return 'EROFS';
  if (path === '/proc' || path.startsWith('/proc/')) return 'EACCES';
  return undefined;
}

export function fileText(node: FsNode & { kind: 'file' }): string {
  return typeof node.content === 'function' ? node.content() : node.content;
}

export function splitPath(path: string): string[] {
  return path.split('/').filter((p) => p !== '');
}

export function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A path made absolute and tidied without following links (the shell's logical PWD). */
export function normalizePath(input: string, cwd: string): string {
  const out: string[] = [];
  for (const p of splitPath(input.startsWith('/') ? input : `${cwd}/${input}`)) {
    if (p === '..') out.pop();
    else if (p !== '.') out.push(p);
  }
  return `/${out.join('/')}`;
}

export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
