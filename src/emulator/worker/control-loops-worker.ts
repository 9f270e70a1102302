// Entry point of the control loops' worker thread: kube-scheduler, kube-controller-manager,
// the kubelets and kube-proxy run here, on their own core, and reach the API server in the
// main thread only through messages (requests, responses, watch events).
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { RealClock } from '../../kube/clock';
import { clusterTopology } from '../control-plane/topology';
import { ControlLoopHooks, startControlPlane, type RunningControlPlane } from '../control-loops';
import { BatchedChannel, type ToMain, type ToWorker, type WorkerStart } from './messages';
import { RemoteApiHandler } from './remote-api';
import { WorkerAnswers } from './worker-answers';

/** How often the kubelets' and controller-manager's presence is reported to the API server. */
const REPORT_MS = 100;
/** Every this many reports, the heap's size too (the process limits heap growth on the sum). */
const HEAP_EVERY = 10;

function run(): void {
  const start = workerData as WorkerStart;
  const clock = new RealClock(start.clock.scale, start.clock.start);
  const hooks = new ControlLoopHooks();
  let running: RunningControlPlane | undefined;
  let stopping = false;
  const channel = new BatchedChannel<ToMain, ToWorker>(parentPort!, (m) => {
    switch (m.k) {
      case 'response':
        return api.response(m.id, m.status, m.headers, m.body, m.watch);
      case 'event':
        return api.event(m.id, m.type, m.json);
      case 'frame':
        return api.frame(m.id, m.frame);
      case 'end':
        return api.end(m.id);
      case 'call':
        return void answers.answer(m.id, m.call);
      case 'virtual-watch':
        return answers.watch(m.sub, m.plural, m.initial);
      case 'virtual-unwatch':
        return answers.unwatch(m.sub);
      case 'stop':
        stopping = true;
        // While starting, the stop waits for the start to finish.
        if (running) void stop();
        return;
    }
  });
  const send = (m: ToMain): void => channel.send(m);
  // Messages arrive asynchronously, after these exist.
  const api = new RemoteApiHandler(send);
  const answers = new WorkerAnswers(send, hooks);
  const log = (message: string): void => send({ k: 'log', message });

  const nodeNames = clusterTopology(start.options).nodes.map((n) => n.name);
  const reported = new Set<string>();
  let reportedCm = false;
  let reports = 0;
  const report = (): void => {
    if (reports++ % HEAP_EVERY === 0) send({ k: 'heap', usedBytes: getHeapStatistics().used_heap_size });
    const up: string[] = [];
    const down: string[] = [];
    for (const n of nodeNames) {
      const has = hooks.hasKubelet(n);
      if (has === reported.has(n)) continue;
      if (has) reported.add(n);
      else reported.delete(n);
      (has ? up : down).push(n);
    }
    if (up.length > 0 || down.length > 0) send({ k: 'kubelets', running: up, stopped: down });
    if (hooks.controllerManager !== reportedCm) {
      reportedCm = hooks.controllerManager;
      send({ k: 'controller-manager', running: reportedCm });
    }
  };
  const reporter = setInterval(report, REPORT_MS);

  async function stop(): Promise<void> {
    clearInterval(reporter);
    try {
      await running?.stop();
    } finally {
      send({ k: 'controller-manager', running: false });
      send({ k: 'stopped' });
      channel.flush();
    }
  }

  const host = {
    api,
    serveVirtual: (r: Parameters<WorkerAnswers['serve']>[0]) => answers.serve(r),
    setStoreAvailable: (available: boolean, message: string) => send({ k: 'store-available', available, message }),
  };
  startControlPlane(host, hooks, clock, start.options, log).then(
    (cp) => {
      running = cp;
      report();
      send({ k: 'ready' });
      if (stopping) void stop();
    },
    (e: unknown) => {
      send({ k: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      if (stopping) void stop();
    },
  );
}

run();
