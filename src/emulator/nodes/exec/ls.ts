// ls [-l] [-a] [-A] [-1] [-d] [path]...: one name a line into a pipe, columns on a terminal
// (GNU's variable-width columns, busybox's fixed ones), and the long format of either.
import type { Program, ProgramContext } from './context';
import { errnoMessage, fileText, join, parentOf, type FsNode } from './filesystem';
import { isBusybox } from './image';
import { parseFlags, unsupportedOption } from './options';

interface Entry {
  name: string;
  node: FsNode;
  path: string;
}

const SIX_MONTHS_MS = 182.5 * 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const ls: Program = (ctx, argv) => {
  const p = parseFlags(argv.slice(1), 'laA1d');
  if ('unsupported' in p) return unsupportedOption(ctx.io, 'ls', p.unsupported);
  const fs = ctx.machine.fs;
  const busybox = isBusybox(ctx.machine.family);
  const long = p.flags.has('l');
  const operands = p.operands.length > 0 ? p.operands : ['.'];
  const files: Entry[] = [];
  const dirs: Entry[] = [];
  let status = 0;
  for (const op of operands) {
    // Arguments that are links are followed, except in the long format (and with -d).
    const st = long || p.flags.has('d') ? fs.lstat(op, ctx.cwd) : fs.stat(op, ctx.cwd);
    if ('error' in st) {
      ctx.io.stderr(busybox ? `ls: ${op}: ${errnoMessage(st.error)}\n` : `ls: cannot access '${op}': ${errnoMessage(st.error)}\n`);
      status = busybox ? 1 : 2;
      continue;
    }
    let entry: Entry = { name: op, node: st.node, path: st.path };
    if (long && st.node.kind === 'link' && !p.flags.has('d') && op.endsWith('/')) {
      const followed = fs.stat(op, ctx.cwd);
      if (!('error' in followed)) entry = { name: op, node: followed.node, path: followed.path };
    }
    if (entry.node.kind === 'dir' && !p.flags.has('d')) dirs.push(entry);
    else files.push(entry);
  }
  const sections: string[] = [];
  if (files.length > 0) sections.push(render(ctx, sortEntries(files), long, false));
  const headers = operands.length > 1 || files.length > 0;
  for (const d of sortEntries(dirs)) {
    const entries = listDir(ctx, d.path, p.flags.has('a'), p.flags.has('A'));
    sections.push(`${headers ? `${d.name}:\n` : ''}${render(ctx, entries, long, true)}`);
  }
  ctx.io.stdout(sections.join('\n'));
  return status;
};

function sortEntries(entries: Entry[]): Entry[] {
  return [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function listDir(ctx: ProgramContext, dir: string, all: boolean, almostAll: boolean): Entry[] {
  const fs = ctx.machine.fs;
  const out: Entry[] = [];
  if (all) {
    const self = fs.lstat(dir, '/');
    const parent = fs.lstat(parentOf(dir), '/');
    if (!('error' in self)) {
      out.push({ name: '.', node: self.node, path: dir });
      out.push('error' in parent ? { name: '..', node: self.node, path: dir } : { name: '..', node: parent.node, path: parent.path });
    }
  }
  for (const name of fs.list(dir)) {
    if (name.startsWith('.') && !all && !almostAll) continue;
    const st = fs.lstat(join(dir, name), '/');
    if (!('error' in st)) out.push({ name, node: st.node, path: st.path });
  }
  return out;
}

function render(ctx: ProgramContext, entries: Entry[], long: boolean, total: boolean): string {
  if (entries.length === 0) return total && long ? 'total 0\n' : '';
  if (long) return longFormat(ctx, entries, total);
  const names = entries.map((e) => e.name);
  if (!ctx.io.tty) return names.map((n) => `${n}\n`).join('');
  return isBusybox(ctx.machine.family) ? busyboxColumns(names, ctx.machine.terminal.cols) : gnuColumns(names, ctx.machine.terminal.cols);
}

function longFormat(ctx: ProgramContext, entries: Entry[], total: boolean): string {
  const busybox = isBusybox(ctx.machine.family);
  const now = ctx.machine.now();
  const rows = entries.map((e) => ({
    mode: modeString(e.node),
    links: String(linkCount(ctx, e)),
    size: String(sizeOf(e.node)),
    date: lsDate(e.node.mtimeMs, now),
    name: e.node.kind === 'link' ? `${e.name} -> ${e.node.target}` : e.name,
  }));
  const blocks = entries.reduce((sum, e) => sum + Math.ceil(sizeOf(e.node, true) / 4096) * 4, 0);
  const lw = Math.max(...rows.map((r) => r.links.length));
  const sw = Math.max(...rows.map((r) => r.size.length));
  const lines = rows.map((r) =>
    busybox
      ? `${r.mode} ${r.links.padStart(4)} ${'root'.padEnd(8)} ${'root'.padEnd(8)} ${r.size.padStart(9)} ${r.date} ${r.name}\n`
      : `${r.mode} ${r.links.padStart(lw)} root root ${r.size.padStart(sw)} ${r.date} ${r.name}\n`,
  );
  return `${total ? `total ${blocks}\n` : ''}${lines.join('')}`;
}

function modeString(node: FsNode): string {
  const type = node.kind === 'dir' ? 'd' : node.kind === 'link' ? 'l' : '-';
  const bits = node.kind === 'link' ? 0o777 : node.mode;
  let s = '';
  for (let shift = 6; shift >= 0; shift -= 3) {
    const b = (bits >> shift) & 7;
    s += `${b & 4 ? 'r' : '-'}${b & 2 ? 'w' : '-'}${b & 1 ? 'x' : '-'}`;
  }
  // The sticky bit of /tmp.
  if (node.kind === 'dir' && node.mode & 0o1000) s = `${s.slice(0, 8)}t`;
  return type + s;
}

function linkCount(ctx: ProgramContext, e: Entry): number {
  if (e.node.kind === 'dir') return 2 + ctx.machine.fs.childDirCount(e.path);
  return e.node.kind === 'file' ? (e.node.nlink ?? 1) : 1;
}

/** The size ls shows; with `onDisk`, what the blocks count (links and /proc take none). */
function sizeOf(node: FsNode, onDisk = false): number {
  if (node.kind === 'link') return onDisk ? 0 : node.target.length;
  if (node.kind === 'dir') return node.size ?? 4096;
  if (node.size !== undefined) return node.size;
  return typeof node.content === 'function' && onDisk ? 0 : fileText(node).length;
}

/** "Nov 29 22:10" within six months, else "Nov 29  2024" (ctime's space-padded day). */
function lsDate(ms: number, now: number): string {
  const d = new Date(ms);
  const day = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')}`;
  if (now - ms > SIX_MONTHS_MS || ms - now > 3_600_000) return `${day}  ${d.getUTCFullYear()}`;
  return `${day} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** GNU ls -C: as many columns as fit, each as wide as its longest name plus two. */
export function gnuColumns(names: string[], width: number): string {
  const n = names.length;
  for (let cols = Math.max(1, Math.min(n, Math.floor(width / 3))); cols >= 1; cols--) {
    const rows = Math.ceil(n / cols);
    const used = Math.ceil(n / rows);
    const widths: number[] = [];
    for (let c = 0; c < used; c++) widths.push(Math.max(...names.slice(c * rows, (c + 1) * rows).map((x) => x.length)) + (c === used - 1 ? 0 : 2));
    if (cols > 1 && widths.reduce((a, b) => a + b, 0) >= width) continue;
    let out = '';
    for (let r = 0; r < rows; r++) {
      const line: string[] = [];
      for (let c = 0; c < used; c++) {
        const name = names[c * rows + r];
        if (name === undefined) continue;
        const last = c === used - 1 || names[(c + 1) * rows + r] === undefined;
        line.push(last ? name : name.padEnd(widths[c]));
      }
      out += `${line.join('')}\n`;
    }
    return out;
  }
  return names.map((x) => `${x}\n`).join('');
}

/** busybox ls: every column as wide as the longest name plus two. */
export function busyboxColumns(names: string[], width: number): string {
  const colWidth = Math.max(...names.map((x) => x.length)) + 2;
  let cols = Math.floor(width / colWidth);
  let rows = names.length;
  if (cols > 1) rows = Math.ceil(names.length / cols);
  else cols = 1;
  let out = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < cols; c++) {
      const name = names[c * rows + r];
      if (name === undefined) continue;
      line = line === '' ? name : line.padEnd(c * colWidth) + name;
    }
    out += `${line}\n`;
  }
  return out;
}
