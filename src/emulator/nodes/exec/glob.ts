// Pathname expansion (`cat /etc/*release`, `ls *.conf`) over the emulated file system. A
// pattern that matches nothing stays as written, as in sh and bash without nullglob.
import { compareBytes, type ExecFileSystem } from './filesystem';

/** Matches for a pattern whose quoted characters are backslash-escaped; [] when none. */
export function expandGlob(fs: ExecFileSystem, cwd: string, pattern: string): string[] {
  const dirsOnly = pattern.endsWith('/');
  const segments = pattern.split('/').filter((s) => s !== '');
  let paths = [pattern.startsWith('/') ? '/' : ''];
  for (const seg of segments) {
    const next: string[] = [];
    for (const base of paths) {
      if (!hasGlob(seg)) {
        next.push(joinShown(base, unescape(seg)));
        continue;
      }
      const dir = fs.stat(base === '' ? '.' : base, cwd);
      if ('error' in dir || dir.node.kind !== 'dir') continue;
      const re = toRegExp(seg);
      const dotOk = seg.startsWith('.') || seg.startsWith('\\.');
      for (const name of fs.list(dir.path)) if ((dotOk || !name.startsWith('.')) && re.test(name)) next.push(joinShown(base, name));
    }
    paths = next;
  }
  return paths
    .filter((p) => p !== '' && p !== '/')
    .filter((p) => {
      if ('error' in fs.lstat(p, cwd)) return false;
      if (!dirsOnly) return true;
      const st = fs.stat(p, cwd);
      return !('error' in st) && st.node.kind === 'dir';
    })
    .map((p) => (dirsOnly ? `${p}/` : p))
    .sort(compareBytes);
}

function joinShown(base: string, name: string): string {
  if (base === '') return name;
  return base.endsWith('/') ? base + name : `${base}/${name}`;
}

function hasGlob(seg: string): boolean {
  for (let i = 0; i < seg.length; i++) {
    const ch = seg[i];
    if (ch === '\\') i++;
    else if (ch === '*' || ch === '?') return true;
    else if (ch === '[' && seg.indexOf(']', i + 2) > 0) return true;
  }
  return false;
}

function unescape(seg: string): string {
  return seg.replace(/\\(.)/g, '$1');
}

function toRegExp(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const ch = seg[i];
    if (ch === '\\' && i + 1 < seg.length) re += escapeRe(seg[++i]);
    else if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let body = seg.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else re += escapeRe(ch);
  }
  return new RegExp(`^${re}$`, 's');
}

function escapeRe(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
