// What the container's image holds, by family: which programs and where (busybox applets or
// Debian's coreutils), the shells, and the image's default command. Images we do not know are
// taken as Debian-based, as most official images are; registry.k8s.io images are distroless
// (no shell at all, so `kubectl exec coredns -- sh` fails as it does on a real cluster).
import { normalizeImage } from '../image-catalog';

export type ImageFamily = 'busybox' | 'alpine' | 'debian' | 'ubuntu' | 'distroless';

export function imageFamily(image: string): ImageFamily {
  if (/alpine/.test(image)) return 'alpine';
  if (/busybox/.test(image)) return 'busybox';
  const ref = normalizeImage(image);
  if (/^(registry\.k8s\.io|gcr\.io\/distroless)\//.test(ref)) return 'distroless';
  if (/\/library\/ubuntu:/.test(ref)) return 'ubuntu';
  return 'debian';
}

/** busybox and Alpine print busybox's messages; the others GNU coreutils'. */
export function isBusybox(family: ImageFamily): boolean {
  return family === 'busybox' || family === 'alpine';
}

/** Images whose ENTRYPOINT + CMD start a server: what PID 1 runs. */
const DEFAULT_COMMANDS: Array<[RegExp, string[]]> = [
  [/\/library\/nginx:/, ['nginx', '-g', 'daemon off;']],
  [/\/library\/httpd:/, ['httpd', '-DFOREGROUND']],
  [/\/library\/redis:/, ['redis-server']],
  [/\/library\/postgres:/, ['postgres']],
  [/\/library\/python:/, ['python3']],
  [/\/library\/node:/, ['node']],
];

/** The command of a container that sets none (the image's ENTRYPOINT + CMD as PID 1 runs it). */
export function defaultMainCommand(image: string): string[] {
  const ref = normalizeImage(image);
  const known = DEFAULT_COMMANDS.find(([re]) => re.test(ref));
  if (known) return [...known[1]];
  switch (imageFamily(image)) {
    case 'alpine':
      return ['/bin/sh'];
    case 'ubuntu':
      return ['/bin/bash'];
    case 'debian':
      return /\/library\/debian:/.test(ref) ? ['bash'] : ['sh'];
    default:
      return ['sh'];
  }
}

/** Programs we emulate, with the busybox applet's install directory (applets.h). */
const PROGRAMS: Record<string, { busyboxDir: string; debian: boolean }> = {
  sh: { busyboxDir: '/bin', debian: true },
  ash: { busyboxDir: '/bin', debian: false },
  bash: { busyboxDir: '', debian: true },
  dash: { busyboxDir: '', debian: true },
  busybox: { busyboxDir: '/bin', debian: false },
  cat: { busyboxDir: '/bin', debian: true },
  date: { busyboxDir: '/bin', debian: true },
  echo: { busyboxDir: '/bin', debian: true },
  env: { busyboxDir: '/usr/bin', debian: true },
  false: { busyboxDir: '/bin', debian: true },
  hostname: { busyboxDir: '/bin', debian: true },
  id: { busyboxDir: '/usr/bin', debian: true },
  ls: { busyboxDir: '/bin', debian: true },
  mkdir: { busyboxDir: '/bin', debian: true },
  printenv: { busyboxDir: '/bin', debian: true },
  printf: { busyboxDir: '/usr/bin', debian: true },
  // Debian and Ubuntu images do not ship procps: only busybox has ps.
  ps: { busyboxDir: '/bin', debian: false },
  pwd: { busyboxDir: '/bin', debian: true },
  rm: { busyboxDir: '/bin', debian: true },
  sleep: { busyboxDir: '/bin', debian: true },
  test: { busyboxDir: '/usr/bin', debian: true },
  '[': { busyboxDir: '/usr/bin', debian: true },
  touch: { busyboxDir: '/bin', debian: true },
  true: { busyboxDir: '/bin', debian: true },
  uname: { busyboxDir: '/bin', debian: true },
  which: { busyboxDir: '/usr/bin', debian: true },
  whoami: { busyboxDir: '/usr/bin', debian: true },
};

/** Where each program lives in the image: absolute path -> program name. */
export function imagePrograms(family: ImageFamily): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, p] of Object.entries(PROGRAMS)) {
    if (family === 'distroless') continue;
    if (isBusybox(family)) {
      // The busybox image keeps every applet in /bin; Alpine installs each where applets.h says.
      if (p.busyboxDir) out.set(`${family === 'busybox' ? '/bin' : p.busyboxDir}/${name}`, name);
    } else if (p.debian) {
      out.set(`/usr/bin/${name}`, name === 'sh' ? 'dash' : name);
    }
  }
  return out;
}
