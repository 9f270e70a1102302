// Starts one of the emulator's threads from its script: the TypeScript source next to the
// caller when running from source (through tsx, which a worker does not inherit), or the
// bundle esbuild.mjs writes into dist/ next to emulator.js; with its young generation sized
// here (v8-flags.ts), whatever flags the process was started with.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { WORKER_YOUNG_GENERATION_MB } from '../v8-flags';

export interface WorkerScript {
  /** The caller's directory (its __dirname). */
  dir: string;
  /** The source file's name, e.g. 'control-loops-worker.ts'. */
  source: string;
  /** The bundle's name in dist/, e.g. 'emulator-control-loops.js'. */
  bundle: string;
}

/** Whether this code runs from its TypeScript source (tsx) rather than from dist/. */
export function runningFromSource(filename: string): boolean {
  return filename.endsWith('.ts');
}

export function spawnWorker(script: WorkerScript, fromSource: boolean, workerData: unknown, resourceLimits: ResourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB }): Worker {
  if (fromSource) {
    const tsx = createRequire(join(script.dir, script.source)).resolve('tsx/cjs');
    const entry = join(script.dir, script.source);
    return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, { eval: true, workerData, resourceLimits });
  }
  return new Worker(join(script.dir, script.bundle), { workerData, resourceLimits });
}
