// How each shell words its errors and prompts: busybox ash (busybox, Alpine), dash (Debian's
// and Ubuntu's sh) and bash. The prefix is the name the shell was started as ("sh",
// "/bin/sh"), with the line number where that shell gives one.
import type { ParseResult } from './shell-parser';

export type ShellKind = 'ash' | 'dash' | 'bash';

export interface ShellSite {
  kind: ShellKind;
  arg0: string;
  interactive: boolean;
  /** Where the commands come from: -c, a script file, or standard input. */
  mode: 'c' | 'file' | 'stdin';
}

/** The start of a runtime error (command not found, cd failed, ...). */
export function errorPrefix(site: ShellSite, line: number): string {
  switch (site.kind) {
    case 'ash':
      return site.mode === 'file' ? `${site.arg0}: line ${line}: ` : `${site.arg0}: `;
    case 'dash':
      return `${site.arg0}: ${line}: `;
    case 'bash':
      return site.interactive ? `${site.arg0}: ` : `${site.arg0}: line ${line}: `;
  }
}

function syntaxPrefix(site: ShellSite, line: number): string {
  if (site.kind === 'bash' && !site.interactive && site.mode === 'c') return `${site.arg0}: -c: line ${line}: `;
  return errorPrefix(site, line);
}

type Failure = Exclude<ParseResult, { ok: true }>;

/** The message of a script that does not parse; `source` (from line `firstLine`) gives bash its quoted line. */
export function syntaxError(site: ShellSite, failure: Failure, source: string, firstLine: number): string {
  const lines = source.replace(/\n$/, '').split('\n');
  if ('unsupported' in failure) return `${syntaxPrefix(site, failure.line)}syntax error: unsupported in this emulated shell: ${failure.unsupported}\n`;
  if ('unexpected' in failure) {
    const p = syntaxPrefix(site, failure.line);
    const t = failure.unexpected;
    if (site.kind === 'ash') return `${p}syntax error: unexpected ${t === 'newline' ? t : `"${t}"`}\n`;
    if (site.kind === 'dash') return `${p}Syntax error: ${t === 'newline' ? t : `"${t}"`} unexpected\n`;
    const quoted = site.interactive ? '' : `${p}\`${lines[failure.line - firstLine] ?? ''}'\n`;
    return `${p}syntax error near unexpected token \`${t}'\n${quoted}`;
  }
  const p = syntaxPrefix(site, firstLine + lines.length - 1);
  const q = failure.incomplete;
  if (q === 'operator') {
    if (site.kind === 'dash') return `${p}Syntax error: end of file unexpected\n`;
    return `${p}syntax error: unexpected end of file\n`;
  }
  if (site.kind === 'bash') return `${p}unexpected EOF while looking for matching \`${q}'\n`;
  if (q === '}') return site.kind === 'ash' ? `${p}syntax error: missing '}'\n` : `${p}Syntax error: Missing '}'\n`;
  return site.kind === 'ash' ? `${p}syntax error: unterminated quoted string\n` : `${p}Syntax error: Unterminated quoted string\n`;
}

export function notFound(site: ShellSite, line: number, name: string): string {
  const p = errorPrefix(site, line);
  if (name.includes('/')) return site.kind === 'bash' ? `${p}${name}: No such file or directory\n` : `${p}${name}: not found\n`;
  return site.kind === 'bash' ? `${p}${name}: command not found\n` : `${p}${name}: not found\n`;
}

/** A file that cannot be run: a directory, or not executable (status 126). */
export function cannotRun(site: ShellSite, line: number, name: string, isDir: boolean): string {
  return `${errorPrefix(site, line)}${name}: ${site.kind === 'bash' && isDir ? 'Is a directory' : 'Permission denied'}\n`;
}

export function cdFailed(site: ShellSite, line: number, dir: string, reason: string): { message: string; status: number } {
  const p = errorPrefix(site, line);
  if (site.kind === 'bash') return { message: `${p}cd: ${dir}: ${reason}\n`, status: 1 };
  if (site.kind === 'dash') return { message: `${p}cd: can't cd to ${dir}\n`, status: 2 };
  return { message: `${p}cd: can't cd to ${dir}: ${reason}\n`, status: 2 };
}

/** `> file` failed: ash and dash word a missing directory their own way. */
export function cannotCreate(site: ShellSite, line: number, file: string, errno: string, reason: string): { message: string; status: number } {
  const p = errorPrefix(site, line);
  const missing = errno === 'ENOENT' || errno === 'ENOTDIR';
  if (site.kind === 'bash') return { message: `${p}${file}: ${reason}\n`, status: 1 };
  if (site.kind === 'dash') return { message: `${p}cannot create ${file}: ${missing ? 'Directory nonexistent' : reason}\n`, status: 2 };
  return { message: `${p}can't create ${file}: ${missing ? 'nonexistent directory' : reason}\n`, status: 1 };
}

/** `< file` failed. */
export function cannotOpen(site: ShellSite, line: number, file: string, errno: string, reason: string): { message: string; status: number } {
  const p = errorPrefix(site, line);
  const missing = errno === 'ENOENT' || errno === 'ENOTDIR';
  if (site.kind === 'bash') return { message: `${p}${file}: ${reason}\n`, status: 1 };
  if (site.kind === 'dash') return { message: `${p}cannot open ${file}: ${missing ? 'No such file' : reason}\n`, status: 2 };
  return { message: `${p}can't open ${file}: ${missing ? 'no such file' : reason}\n`, status: 1 };
}

export function badExitNumber(site: ShellSite, line: number, arg: string): string {
  const p = errorPrefix(site, line);
  return site.kind === 'bash' ? `${p}exit: ${arg}: numeric argument required\n` : `${p}exit: Illegal number: ${arg}\n`;
}

/** A builtin of the real shell that this emulation leaves out. */
export function unsupportedBuiltin(site: ShellSite, line: number, name: string): string {
  return `${errorPrefix(site, line)}${name}: unsupported in this emulated shell\n`;
}

/** PS1: busybox's `\w \$ `, Debian's bash.bashrc `\u@\h:\w\$ `, dash's `# `. */
export function prompt(kind: ShellKind, cwd: string, home: string | undefined, hostname: string): string {
  const w = home && home !== '/' && (cwd === home || cwd.startsWith(`${home}/`)) ? `~${cwd.slice(home.length)}` : cwd;
  if (kind === 'ash') return `${w} # `;
  if (kind === 'bash') return `root@${hostname.split('.')[0]}:${w}# `;
  return '# ';
}
