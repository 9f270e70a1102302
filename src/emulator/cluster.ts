// Wires the emulator together: store -> API server -> HTTPS (and, in part 2, the control
// loops). Tests call startEmulator() in-process; main.ts calls it for the CLI.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RealClock, type Clock } from '../kube/clock';
import { NO_CONTROL_LOOPS, type LifecycleHooks } from './apiserver/context';
import * as admission from './apiserver/admission/index';
import { EventTtl } from './apiserver/event-ttl';
import { migrateLegacyEvents } from './apiserver/legacy-event-storage';
import { startHttpsServer } from './apiserver/https-server';
import { loadOrCreateToken, writeKubeconfig } from './apiserver/kubeconfig';
import type { ApiServerModules, TablesModule } from './apiserver/modules';
import * as patch from './apiserver/patch/index';
import { SchemaRegistry } from './apiserver/schema/index';
import { ApiServer } from './apiserver/server';
import { bootstrapClusterObjects } from './apiserver/system-objects';
import * as tables from './apiserver/tables/index';
import { ensureServingCertificates } from './apiserver/tls';
import { ControlLoopHooks, inProcessHost, startControlPlane, type ControlPlaneOptions, type RunningControlPlane } from './control-loops';
import { removeTraces, TRACE_FILE_NAME } from './scheduling/trace-file';
import { openStore, type EmulatorStore } from './store/index';
import { startControlLoopsThread, type ControlLoopsThread } from './worker/control-loops-thread';
import { MirroredHooks } from './worker/mirrored-hooks';
import { simulatedContainerExec } from './nodes/container-exec';
import { WorkerCalls } from './worker/worker-calls';
import type { Log } from './log';

export interface EmulatorOptions {
  /** 0 = any free port. Default 6443. */
  port?: number;
  address?: string;
  stateDir?: string;
  kubeconfigPath?: string;
  /** Discard saved cluster state (certificates and token are kept). */
  fresh?: boolean;
  /** Keep state in memory only (tests that need no durability). */
  memoryOnly?: boolean;
  fsync?: boolean;
  clock?: Clock;
  hooks?: LifecycleHooks;
  bookmarkIntervalMs?: number;
  /** See HttpsServerOptions: when a watch's client counts as not reading. */
  watchBacklogBytes?: number;
  watchStallMs?: number;
  log?: Log;
  /** kube-apiserver's --event-ttl: Events are deleted this long after their last write (default 1h). */
  eventTtlMs?: number;
  /** Run the control loops (scheduler, controllers, kubelets) with this topology; none when absent. */
  controlPlane?: ControlPlaneOptions;
  /**
   * Run the control loops in a worker thread (the CLI does): they get a core of their own and the
   * API server's thread only serves requests. Needs a RealClock. In-process tests leave it off to
   * reach the loops' objects (RunningEmulator.controlPlane).
   */
  controlLoopsThread?: boolean;
  /** The control loops' thread died after starting (only with controlLoopsThread). */
  onControlLoopsCrash?: (error: Error) => void;
}

export interface RunningEmulator {
  url: string;
  port: number;
  kubeconfigPath: string;
  token: string;
  caPem: string;
  api: ApiServer;
  store: EmulatorStore;
  /** The control loops, when options.controlPlane was given and they run in this thread. */
  controlPlane?: RunningControlPlane;
  /** What the API server knows of the control loops (kubelets, controller manager). */
  hooks: LifecycleHooks;
  /** The used heap of the control loops' worker thread (0 when they run in this thread). */
  controlLoopsHeapBytes(): number;
  /** Stops serving, flushes the store and releases the state dir. */
  stop(): Promise<void>;
}

export const DEFAULT_STATE_DIR = join(homedir(), '.cluster-anatomy', 'emulator');

export function defaultModules(): ApiServerModules {
  return { patch, admission, tables: tables as unknown as TablesModule, schema: new SchemaRegistry() };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const stateDir = options.stateDir ?? DEFAULT_STATE_DIR;
  const address = options.address ?? '127.0.0.1';
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const clock = options.clock ?? new RealClock();
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const storeDir = join(stateDir, 'etcd');
  if (options.fresh && existsSync(storeDir)) rmSync(storeDir, { recursive: true, force: true });
  // The scheduler's records of the last run go with its state (not with a memory-only store).
  const traceFile = options.memoryOnly ? undefined : join(stateDir, TRACE_FILE_NAME);
  if (options.fresh && traceFile) removeTraces(traceFile);
  const store = await openStore({ dir: options.memoryOnly ? undefined : storeDir, clock, fsync: options.fsync, log });
  await migrateLegacyEvents(store, log);
  const eventTtl = new EventTtl({ store, clock, ttlMs: options.eventTtlMs, log });
  eventTtl.start();
  let serverAddress = `${address}:${options.port ?? 6443}`;
  const loopHooks = new ControlLoopHooks();
  const inThread = options.controlPlane !== undefined && options.controlLoopsThread === true;
  if (inThread && !(clock instanceof RealClock)) throw new Error('control loops in a worker thread need a RealClock');
  const workerCalls = new WorkerCalls();
  const mirroredHooks = new MirroredHooks(workerCalls);
  const hooks = options.hooks ?? (options.controlPlane ? (inThread ? mirroredHooks : loopHooks) : NO_CONTROL_LOOPS);
  const api = new ApiServer({
    store,
    clock,
    modules: defaultModules(),
    hooks,
    log,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    containerExec: simulatedContainerExec(clock),
    serverAddress: () => serverAddress,
  });
  let controlPlane: RunningControlPlane | undefined;
  let loopsThread: ControlLoopsThread | undefined;
  try {
    api.loadCustomResourceDefinitions();
    await bootstrapClusterObjects(api);
    const certificates = await ensureServingCertificates(join(stateDir, 'pki'), address);
    const token = loadOrCreateToken(join(stateDir, 'token'), false);
    const https = await startHttpsServer({ api, token, certificates, address, port: options.port ?? 6443, log, watchBacklogBytes: options.watchBacklogBytes, watchStallMs: options.watchStallMs });
    const host = address.includes(':') ? `[${address}]` : address === '0.0.0.0' ? '127.0.0.1' : address;
    serverAddress = `${host}:${https.port}`;
    const url = `https://${host}:${https.port}`;
    const kubeconfigPath = options.kubeconfigPath ?? join(stateDir, 'kubeconfig');
    writeKubeconfig(kubeconfigPath, url, certificates.caPem, token);
    const controlPlaneOptions = options.controlPlane && { caPem: certificates.caPem, traceFile, ...options.controlPlane };
    if (controlPlaneOptions && inThread) {
      loopsThread = await startControlLoopsThread({
        api,
        store,
        hooks: mirroredHooks,
        calls: workerCalls,
        clock: clock as RealClock,
        options: controlPlaneOptions,
        log,
        onCrash: (e) => {
          log(`kube-emulator: the control loops stopped: ${e.message}`, 'E');
          options.onControlLoopsCrash?.(e);
        },
      });
    } else if (controlPlaneOptions) controlPlane = await startControlPlane(inProcessHost(api, store), loopHooks, clock, controlPlaneOptions, log);
    let stopping: Promise<void> | undefined;
    return {
      url,
      port: https.port,
      kubeconfigPath,
      token,
      caPem: certificates.caPem,
      api,
      store,
      controlPlane,
      hooks,
      controlLoopsHeapBytes: () => loopsThread?.heapUsedBytes() ?? 0,
      stop: () =>
        (stopping ??= (async () => {
          await controlPlane?.stop();
          await loopsThread?.stop();
          api.beginShutdown();
          api.stop();
          await https.close();
          await eventTtl.stop();
          await store.close();
        })()),
    };
  } catch (e) {
    await controlPlane?.stop();
    await loopsThread?.stop();
    api.stop();
    await eventTtl.stop();
    await store.close();
    throw e;
  }
}
