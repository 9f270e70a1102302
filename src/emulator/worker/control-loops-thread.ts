// Runs the emulator's control loops in a worker thread next to the API server: the second
// core does the scheduling, controllers and kubelets while this thread serves the API. The
// API server keeps answering the worker's requests through every phase, stop included (the
// leaders release their Leases through it).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RealClock } from '../../kube/clock';
import type { ServedResource } from '../apiserver/registry';
import type { ApiServer } from '../apiserver/server';
import type { VirtualResource } from '../apiserver/virtual-resources';
import type { ControlPlaneOptions } from '../control-loops';
import type { EmulatorStore } from '../store/index';
import { WORKER_YOUNG_GENERATION_MB } from '../v8-flags';
import { WorkerApiHost } from './api-host';
import { BatchedChannel, describeError, type ToMain, type ToWorker, type WorkerStart } from './messages';
import { MirroredHooks } from './mirrored-hooks';
import { WorkerCalls } from './worker-calls';
import type { Log } from '../log';

/** How long a stop waits for the loops to release their leases before the thread is ended. */
const STOP_TIMEOUT_MS = 10_000;

export interface ControlLoopsThread {
  /** Stops the loops (leaders release their Leases) and ends the thread. */
  stop(): Promise<void>;
  /** The worker's used heap as it last reported it (about every second). */
  heapUsedBytes(): number;
}

export interface ControlLoopsThreadOptions {
  api: ApiServer;
  store: EmulatorStore;
  /** The API server's hooks: filled from the worker's reports. */
  hooks: MirroredHooks;
  calls: WorkerCalls;
  clock: RealClock;
  options: ControlPlaneOptions;
  log: Log;
  /** The thread died after it had started (an uncaught error in a loop). */
  onCrash(error: Error): void;
}

/**
 * The worker's script: next to this file, as TypeScript when running from source (through
 * tsx, which a worker does not inherit), or the bundle esbuild.mjs writes next to emulator.js.
 * Its young generation is sized here (v8-flags.ts) unless the process's --max-semi-space-size sizes it.
 */
function startWorker(data: WorkerStart): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
  if (__filename.endsWith('.ts')) {
    const tsx = createRequire(__filename).resolve('tsx/cjs');
    const entry = join(__dirname, 'control-loops-worker.ts');
    return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, { eval: true, workerData: data, resourceLimits });
  }
  return new Worker(join(__dirname, 'emulator-control-loops.js'), { workerData: data, resourceLimits });
}

/** One of the worker's in-memory kinds, served here with a provider that asks the worker. */
function remoteResource(r: ServedResource, calls: WorkerCalls): VirtualResource {
  return { ...r, provider: calls.provider(r.plural, r.verbs.includes('update')) };
}

/** Starts the control loops in a worker; resolves once they run (as startControlPlane does). */
export function startControlLoopsThread(o: ControlLoopsThreadOptions): Promise<ControlLoopsThread> {
  const worker = startWorker({ options: o.options, clock: { scale: o.clock.scale, start: o.clock.start } });
  let host: WorkerApiHost | undefined;
  let started = false;
  let exited = false;
  let onStopped: (() => void) | undefined;
  let heapUsed = 0;
  return new Promise<ControlLoopsThread>((resolve, reject) => {
    const fail = (e: Error): void => {
      if (!started) reject(e);
      else if (!onStopped) o.onCrash(e);
    };
    const channel = new BatchedChannel<ToWorker, ToMain>(worker, (m) => {
      switch (m.k) {
        case 'request':
          return host!.request(m);
        case 'unwatch':
          return host!.unwatch(m.id);
        case 'serve':
          return o.api.registry.serveVirtual(remoteResource(m.resource, o.calls));
        case 'virtual-event':
          return o.calls.virtualEvent(m.sub, m.event);
        case 'return':
          return o.calls.returned(m.id, m.value, m.error);
        case 'kubelet':
          return o.hooks.kubeletChanged(m.node, m.running);
        case 'controller-manager':
          return o.hooks.controllerManagerChanged(m.running);
        case 'heap':
          heapUsed = m.usedBytes;
          return;
        case 'store-available':
          return o.store.setAvailable(m.available, m.message);
        case 'log':
          return o.log(m.message, m.severity);
        case 'ready':
          started = true;
          return resolve({ stop, heapUsedBytes: () => heapUsed });
        case 'failed':
          return fail(new Error(`the control loops failed to start: ${m.message}`));
        case 'stopped':
          return onStopped?.();
      }
    }, (e, m) => o.log(`the API server could not handle a ${m.k} message from the control loops: ${describeError(e)}`, 'E'));
    host = new WorkerApiHost(o.api, (m) => channel.send(m));
    o.calls.attach((m) => channel.send(m));
    worker.on('error', (e) => fail(e));
    worker.on('exit', (code) => {
      exited = true;
      host?.close();
      o.calls.close('the control loops have stopped');
      o.hooks.clear();
      onStopped?.();
      if (code !== 0) fail(new Error(`the control loops' thread exited with code ${code}`));
    });

    async function stop(): Promise<void> {
      if (exited) return;
      await new Promise<void>((done) => {
        const timer = setTimeout(done, STOP_TIMEOUT_MS);
        onStopped = () => {
          clearTimeout(timer);
          done();
        };
        channel.send({ k: 'stop' });
      });
      await worker.terminate();
    }
  });
}
