// kube-emulator: the bundled Kubernetes API server as a CLI. Prints one line once /readyz
// passes and stops cleanly (flushing the store) on SIGINT/SIGTERM.
import { request } from 'node:https';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { RealClock } from '../kube/clock';
import { klogLine } from '../kube/klog';
import { parseGoDuration } from './apiserver/event-ttl';
import { DEFAULT_STATE_DIR, startEmulator, type RunningEmulator } from './cluster';
import { CLUSTER_PROFILES, type ClusterProfile } from './control-plane/topology';
import { limitHeapGrowthWhenLarge } from './heap-growth';
import { USERS_DIR, watchUsers } from './users';
import type { LogSeverity } from './log';

const USAGE = `Usage: kube-emulator [flags]

Runs a Kubernetes API server (kube-apiserver emulation with an etcd-like store) on loopback.

Flags:
  --port N              port to listen on (default 6443; 0 = any free port)
  --address ADDR        address to listen on (default 127.0.0.1)
  --state-dir DIR       where state, certificates and the kubeconfig live
                        (default ${DEFAULT_STATE_DIR})
  --kubeconfig FILE     where to write the kubeconfig (default <state-dir>/kubeconfig)
  --fresh               discard the saved cluster state before starting
  --time-scale X        run the cluster's clock X times faster (default 1)
  --nodes N             nodes in the cluster, control planes included (default 3:
                        whale1 control plane, whale2 and whale3 workers)
  --control-planes M    control-plane nodes: etcd members, API servers, scheduler and
                        controller-manager candidates (default 1; use an odd number)
  --profile NAME        kubeadm (default: control plane as static pods), k3s (embedded
                        control plane, no pods) or managed (control plane hidden)
  --event-ttl DURATION  how long Events are kept after their last write, in Go
                        duration syntax, e.g. 1h, 30m, 90s (default 1h)
  --trace-capacity N    scheduling attempts kept as SchedulingTrace objects (default 5000)
  --trace-retention MIB memory for each live pod's latest attempt beyond those, oldest
                        out first (default 32; 0 keeps only the last N attempts)
  --no-control-loops    serve the API only: no scheduler, controllers or nodes
  --stop-when-unused DURATION
                        stop once no process registered in <state-dir>/${USERS_DIR}/ (one
                        empty file per pid: VS Code's windows) has been alive for DURATION
  --help                show this help
`;

interface Flags {
  port: number;
  address: string;
  stateDir: string;
  kubeconfig?: string;
  fresh: boolean;
  timeScale: number;
  nodes?: number;
  controlPlanes?: number;
  profile?: ClusterProfile;
  traceCapacity?: number;
  traceRetentionBytes?: number;
  eventTtlMs?: number;
  controlLoops: boolean;
  stopWhenUnusedMs?: number;
}

class FlagError extends Error {}

function parseFlags(argv: string[]): Flags | 'help' {
  const flags: Flags = { port: 6443, address: '127.0.0.1', stateDir: DEFAULT_STATE_DIR, fresh: false, timeScale: 1, controlLoops: true };
  const valueOf = (i: number, name: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new FlagError(`flag needs an argument: ${name}`);
    return v;
  };
  /** A Go duration (1h, 90s, 1m30s), in ms. */
  const durationOf = (text: string, name: string): number => {
    try {
      return parseGoDuration(text);
    } catch (e) {
      throw new FlagError(`invalid argument "${text}" for "${name}" flag: ${(e as Error).message}`);
    }
  };
  const intOf = (text: string, name: string, min: number, max: number): number => {
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new FlagError(`invalid value "${text}" for flag ${name}: must be an integer from ${min} to ${max}`);
    return Number(text);
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const take = (): string => {
      if (inline !== undefined) return inline;
      const v = valueOf(i, arg);
      i++;
      return v;
    };
    switch (arg) {
      case '--help':
      case '-h':
        return 'help';
      case '--port':
        flags.port = intOf(take(), arg, 0, 65535);
        break;
      case '--address':
        flags.address = take();
        break;
      case '--state-dir':
        flags.stateDir = take();
        break;
      case '--kubeconfig':
        flags.kubeconfig = take();
        break;
      case '--fresh':
        flags.fresh = true;
        break;
      case '--time-scale': {
        const v = take();
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0 || n > 10000) throw new FlagError(`invalid value "${v}" for flag --time-scale: must be a number above 0`);
        flags.timeScale = n;
        break;
      }
      case '--nodes':
        flags.nodes = intOf(take(), arg, 0, 100000);
        break;
      case '--control-planes':
        flags.controlPlanes = intOf(take(), arg, 1, 7);
        break;
      case '--profile': {
        const v = take();
        if (!(CLUSTER_PROFILES as readonly string[]).includes(v)) throw new FlagError(`invalid value "${v}" for flag --profile: must be one of ${CLUSTER_PROFILES.join(', ')}`);
        flags.profile = v as ClusterProfile;
        break;
      }
      case '--trace-capacity':
        flags.traceCapacity = intOf(take(), arg, 1, 1_000_000);
        break;
      case '--trace-retention':
        flags.traceRetentionBytes = intOf(take(), arg, 0, 65_536) * 2 ** 20;
        break;
      case '--event-ttl': {
        const v = take();
        const ms = durationOf(v, arg);
        if (!(ms > 0)) throw new FlagError(`invalid argument "${v}" for "${arg}" flag: must be positive`);
        flags.eventTtlMs = ms;
        break;
      }
      case '--stop-when-unused': {
        const v = take();
        const ms = durationOf(v, arg);
        if (ms < 0) throw new FlagError(`invalid argument "${v}" for "${arg}" flag: must not be negative`);
        flags.stopWhenUnusedMs = ms;
        break;
      }
      case '--no-control-loops':
        flags.controlLoops = false;
        break;
      default:
        throw new FlagError(`unknown flag: ${arg}`);
    }
  }
  return flags;
}

/** The emulator's log: one klog line per message on stderr, at the level its caller gives. */
function log(message: string, severity: LogSeverity = 'I'): void {
  process.stderr.write(`${klogLine(severity, message, Date.now(), process.pid, 'kube-emulator')}\n`);
}

function readyz(emulator: RunningEmulator): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${emulator.url}/readyz`, { ca: emulator.caPem, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function main(): Promise<void> {
  let flags: Flags | 'help';
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    process.stderr.write(`kube-emulator: ${e.message}\nRun 'kube-emulator --help' for usage.\n`);
    process.exit(2);
  }
  if (flags === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const emulator = await startEmulator({
    log,
    port: flags.port,
    address: flags.address,
    stateDir: flags.stateDir,
    kubeconfigPath: flags.kubeconfig,
    fresh: flags.fresh,
    clock: new RealClock(flags.timeScale),
    eventTtlMs: flags.eventTtlMs,
    controlPlane: flags.controlLoops
      ? { nodes: flags.nodes, controlPlanes: flags.controlPlanes, profile: flags.profile, traceCapacity: flags.traceCapacity, traceRetentionBytes: flags.traceRetentionBytes }
      : undefined,
    controlLoopsThread: true,
    // Serving the API without its control loops would look like a cluster that silently stopped.
    onControlLoopsCrash: () => process.exit(1),
  });
  limitHeapGrowthWhenLarge({
    // Both threads' heaps: V8's growth setting is process-wide and each heap grows by it.
    usedHeapBytes: () => getHeapStatistics().used_heap_size + emulator.controlLoopsHeapBytes(),
    setV8Flags: setFlagsFromString,
    log,
  });
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    emulator.stop().then(
      () => process.exit(0),
      (e) => {
        log(`kube-emulator: error while stopping on ${signal}: ${e instanceof Error ? e.message : String(e)}`, 'E');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (flags.stopWhenUnusedMs !== undefined) {
    // The window that started us may close while others use us: its end of our pipes goes,
    // and a write to them must not take the cluster down.
    process.stdout.on('error', () => undefined);
    process.stderr.on('error', () => undefined);
    watchUsers({
      stateDir: flags.stateDir,
      graceMs: flags.stopWhenUnusedMs,
      // Real seconds whatever --time-scale says.
      clock: new RealClock(),
      onUnused: () => shutdown('no users'),
      log,
    });
  }
  for (let i = 0; i < 100 && !(await readyz(emulator)); i++) await new Promise((r) => setTimeout(r, 50));
  process.stdout.write(`kube-emulator ready at ${emulator.url} (kubeconfig: ${emulator.kubeconfigPath})\n`);
}

main().catch((e) => {
  process.stderr.write(`kube-emulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
