// Which code runs for each program file of the image (see image.ts for where they live).
import * as commands from './commands';
import type { Program } from './context';
import { cat, mkdir, rm, touch } from './file-commands';
import { hostname, id, uname, whoami } from './identity-commands';
import { imagePrograms } from './image';
import { ls } from './ls';
import { unsupportedOption } from './options';
import { ps } from './ps';
import { shellProgram } from './shell-program';
import { programTestDialect, runTest } from './test-command';
import { date, sleep } from './time-commands';

const test: Program = (ctx, argv) => runTest(argv, ctx.io, ctx, ctx.cwd, programTestDialect(ctx));

/** `busybox APPLET ARGS...` runs an applet of this image's busybox. */
const busybox: Program = (ctx, argv) => {
  const name = argv[1];
  const applets = new Set(imagePrograms(ctx.machine.family).values());
  if (name === undefined || name.startsWith('-')) {
    if (name !== undefined && name !== '--help') return unsupportedOption(ctx.io, 'busybox', name);
    ctx.io.stdout(`BusyBox v1.37.0 multi-call binary.\n\nUsage: busybox [function [arguments]...]\n\nCurrently defined functions:\n\t${[...applets].filter((a) => a !== 'busybox').sort().join(', ')}\n`);
    return 0;
  }
  const applet = applets.has(name) && name !== 'busybox' ? PROGRAMS[name] : undefined;
  if (!applet) {
    ctx.io.stderr(`${name}: applet not found\n`);
    return 127;
  }
  return applet(ctx, argv.slice(1));
};

export const PROGRAMS: Record<string, Program> = {
  sh: shellProgram('ash'),
  ash: shellProgram('ash'),
  dash: shellProgram('dash'),
  bash: shellProgram('bash'),
  busybox,
  cat,
  date,
  echo: commands.echo,
  env: commands.env,
  false: commands.falseProgram,
  hostname,
  id,
  ls,
  mkdir,
  printenv: commands.printenv,
  printf: commands.printf,
  ps,
  pwd: commands.pwd,
  rm,
  sleep,
  test,
  '[': test,
  touch,
  true: commands.trueProgram,
  uname,
  which: commands.which,
  whoami,
};
