// The tree an exec sees: the image's directories and programs, what the kubelet and the
// runtime mount (/etc/hosts, /etc/resolv.conf, /etc/hostname, /dev/termination-log, the
// service account's namespace file) and /proc. The service account token and ca.crt are
// left out: we have no real ones to show.
import type { ProcessEntry } from './context';
import { hostsFile, osRelease, resolvConf } from './etc-files';
import { ExecFileSystem } from './filesystem';
import { imagePrograms, isBusybox, type ImageFamily } from './image';
import type { ExecTarget } from './process';

/** When the image's files were written (any fixed, older-than-six-months moment will do). */
const IMAGE_BUILT_MS = Date.UTC(2025, 7, 12, 0, 0, 0);
/** An ELF header: what the start of a binary reads as. */
const BINARY = '\x7fELF\x02\x01\x01\x00';
const SERVICE_ACCOUNT_DIR = '/run/secrets/kubernetes.io/serviceaccount';

export function buildRootFs(target: ExecTarget, family: ImageFamily, now: () => number, processes: () => ProcessEntry[]): ExecFileSystem {
  const t = IMAGE_BUILT_MS;
  const fs = new ExecFileSystem(now, t);
  const started = target.startedAtMs || t;
  const dir = (path: string, mode = 0o755, mtimeMs = t, size?: number) => fs.add(path, { kind: 'dir', mode, mtimeMs, size });
  const file = (path: string, content: string | (() => string), extra: { mode?: number; mtimeMs?: number; mount?: boolean; size?: number } = {}) =>
    fs.add(path, { kind: 'file', mode: extra.mode ?? 0o644, mtimeMs: extra.mtimeMs ?? t, content, mount: extra.mount, size: extra.size });
  const link = (path: string, to: string) => fs.add(path, { kind: 'link', target: to, mode: 0o777, mtimeMs: t });

  for (const d of topLevelDirs(family)) dir(`/${d}`);
  dir('/root', 0o700);
  dir('/tmp', 0o1777);
  dir('/proc', 0o555, started, 0);
  dir('/sys', 0o555, started, 0);
  dir('/dev', 0o755, started, 360);
  for (const d of ['/usr/bin', '/usr/sbin', '/usr/lib', '/usr/local/bin', '/usr/local/sbin', '/usr/share', '/var/log', '/var/tmp', '/var/cache', '/var/lib']) dir(d);
  if (family === 'debian' || family === 'ubuntu') {
    // usr-merged: /bin, /sbin and /lib are links into /usr.
    for (const d of ['bin', 'sbin', 'lib']) link(`/${d}`, `usr/${d}`);
    link('/lib64', 'usr/lib64');
    dir('/usr/lib64');
  }
  if (family !== 'busybox') link('/var/run', '/run');

  const programs = imagePrograms(family);
  const applets = [...programs.values()].length;
  for (const [path, program] of programs) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    // Debian's sh is a link to dash; busybox's applets are hard links to one binary.
    if (name !== program) link(path, program);
    else fs.add(path, { kind: 'file', mode: 0o755, mtimeMs: t, content: BINARY, program, size: isBusybox(family) ? 1_131_168 : 142_312, nlink: isBusybox(family) ? applets : 1 });
  }

  file('/etc/hostname', `${target.hostname}\n`, { mtimeMs: started, mount: true });
  file('/etc/hosts', hostsFile(target), { mtimeMs: started, mount: true });
  file('/etc/resolv.conf', resolvConf(target), { mtimeMs: started, mount: true });
  const release = osRelease(family);
  if (release) {
    file('/usr/lib/os-release', release);
    link('/etc/os-release', '../usr/lib/os-release');
  }
  if (family === 'alpine') file('/etc/alpine-release', '3.22.1\n');
  if (family === 'debian') file('/etc/debian_version', '12.11\n');

  file('/dev/null', '', { mode: 0o666, mtimeMs: started });
  file('/dev/termination-log', '', { mode: 0o666, mtimeMs: started, mount: true });
  for (const [i, name] of ['stdin', 'stdout', 'stderr'].entries()) link(`/dev/${name}`, `/proc/self/fd/${i}`);
  for (const d of ['/dev/pts', '/dev/shm', '/dev/mqueue']) dir(d, d === '/dev/shm' ? 0o1777 : 0o755, started);

  const saDir = family === 'busybox' ? `/var${SERVICE_ACCOUNT_DIR}` : SERVICE_ACCOUNT_DIR;
  dir(saDir.slice(0, saDir.lastIndexOf('/')), 0o755, started);
  dir(saDir, 0o1777, started);
  file(`${saDir}/namespace`, target.namespace, { mtimeMs: started });

  // /proc/1 is the container's main process; its command line is NUL-separated.
  dir('/proc/1', 0o555, started, 0);
  file('/proc/1/cmdline', () => `${(processes()[0]?.argv ?? []).join('\0')}\0`, { mode: 0o444, mtimeMs: started, size: 0 });
  file('/proc/1/environ', () => target.env.map((e) => `${e.name}=${e.value}\0`).join(''), { mode: 0o400, mtimeMs: started, size: 0 });
  return fs;
}

/** `ls /` of each family, less what is added with its own mode above. */
function topLevelDirs(family: ImageFamily): string[] {
  switch (family) {
    case 'busybox':
      return ['bin', 'etc', 'home', 'lib', 'lib64', 'usr', 'var'];
    case 'alpine':
      return ['bin', 'etc', 'home', 'lib', 'media', 'mnt', 'opt', 'run', 'sbin', 'srv', 'usr', 'var'];
    case 'distroless':
      return ['bin', 'boot', 'etc', 'home', 'lib', 'run', 'sbin', 'usr', 'var'];
    default:
      return ['boot', 'etc', 'home', 'media', 'mnt', 'opt', 'run', 'srv', 'usr', 'var'];
  }
}
