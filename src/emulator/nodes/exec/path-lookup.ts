// Finding the file a command names: a path with a slash as it is, a bare name in each $PATH
// directory in turn (execvp and runc's LookPath do the same).
import type { FoundProgram } from './context';
import { join, type Errno, type ExecFileSystem } from './filesystem';

export type Lookup = FoundProgram | { error: 'not-found' } | { error: 'missing'; errno: Errno } | { error: 'not-executable'; isDir: boolean };

export function lookupProgram(fs: ExecFileSystem, name: string, pathVar: string | undefined, cwd: string): Lookup {
  if (name.includes('/')) {
    const st = fs.stat(name, cwd);
    if ('error' in st) return { error: 'missing', errno: st.error };
    if (st.node.kind === 'file' && st.node.program && (st.node.mode & 0o111) !== 0) return { path: name, program: st.node.program };
    return { error: 'not-executable', isDir: st.node.kind === 'dir' };
  }
  if (name === '') return { error: 'not-found' };
  for (const dir of (pathVar ?? '').split(':')) {
    const path = dir === '' ? name : join(dir, name);
    const st = fs.stat(path, cwd);
    if (!('error' in st) && st.node.kind === 'file' && st.node.program && (st.node.mode & 0o111) !== 0) return { path, program: st.node.program };
  }
  return { error: 'not-found' };
}
