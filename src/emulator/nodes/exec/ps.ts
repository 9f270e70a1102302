// busybox ps: the container's PID namespace, which holds its main process (PID 1) and this
// exec's processes. busybox ignores BSD and System V selectors (aux, -ef): it shows all.
import type { Program } from './context';
import { unsupportedOption } from './options';

export const ps: Program = (ctx, argv) => {
  for (const a of argv.slice(1)) {
    if (/^-?[aefxuwAlT]+$/.test(a)) continue;
    return unsupportedOption(ctx.io, 'ps', a);
  }
  const lines = ['PID   USER     TIME  COMMAND'];
  for (const p of ctx.machine.processes) lines.push(`${String(p.pid).padStart(5)} ${'root'.padEnd(8)} ${'0:00'.padStart(5)} ${p.argv.join(' ')}`);
  ctx.io.stdout(`${lines.join('\n')}\n`);
  return 0;
};
