// Short options (-la, -- ends them) for the emulated programs, and the honest error for an
// option the real program may have but this emulation does not.
import type { Io } from './context';

export type Parsed = { flags: Set<string>; operands: string[] } | { unsupported: string };

/** `allowed`: the option letters we emulate, e.g. "laA1d". */
export function parseFlags(args: string[], allowed: string): Parsed {
  const flags = new Set<string>();
  const operands: string[] = [];
  let options = true;
  for (const a of args) {
    if (options && a === '--') options = false;
    else if (options && a.startsWith('-') && a.length > 1) {
      if (a.startsWith('--')) return { unsupported: a };
      for (const f of a.slice(1)) {
        if (!allowed.includes(f)) return { unsupported: `-${f}` };
        flags.add(f);
      }
    } else operands.push(a);
  }
  return { flags, operands };
}

/** Status 2: a usage error, as the programs give for options they do not know. */
export function unsupportedOption(io: Io, program: string, option: string): number {
  io.stderr(`${program}: option ${option} is unsupported in this emulated container\n`);
  return 2;
}
