// Entry point of the control loops' worker thread: kube-scheduler, kube-controller-manager,
// the kubelets and kube-proxy run here, on their own core, and reach the API server in the
// main thread only through messages (requests, responses, watch events).
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { RealClock } from '../../kube/clock';
import { ControlLoopHooks, startControlPlane, type ControlPlaneHost, type RunningControlPlane } from '../control-loops';
import { BatchedChannel, describeError, WHOLE_BATCHES, type ToMain, type ToWorker, type WorkerStart } from './messages';
import { RemoteApiHandler } from './remote-api';
import { WorkerAnswers } from './worker-answers';
import type { Log } from '../log';

/** How often the heap's size is reported (the process limits heap growth on both heaps' sum). */
const HEAP_REPORT_MS = 1000;

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
  }, (e, m) => log(`the control loops could not handle a ${m.k} message from the API server: ${describeError(e)}`, 'E'), WHOLE_BATCHES);
  const send = (m: ToMain): void => channel.send(m);
  // Messages arrive asynchronously, after these exist.
  const api = new RemoteApiHandler(send);
  const answers = new WorkerAnswers(send, hooks);
  const log: Log = (message, severity) => send({ k: 'log', message, severity });

  // What the API server's hooks answer, mirrored there at each change.
  hooks.onChange = {
    kubelet: (node, running) => send({ k: 'kubelet', node, running }),
    controllerManager: (running) => send({ k: 'controller-manager', running }),
  };
  const reportHeap = (): void => send({ k: 'heap', usedBytes: getHeapStatistics().used_heap_size });
  const heapReports = setInterval(reportHeap, HEAP_REPORT_MS);

  async function stop(): Promise<void> {
    clearInterval(heapReports);
    try {
      await running?.stop();
    } finally {
      hooks.controllerManager = false;
      send({ k: 'stopped' });
      channel.flush();
    }
  }

  const host: ControlPlaneHost = {
    api,
    serveVirtual: (r) => answers.serve(r),
    setStoreAvailable: (available, message) => send({ k: 'store-available', available, message }),
  };
  startControlPlane(host, hooks, clock, start.options, log).then(
    (cp) => {
      running = cp;
      reportHeap();
      send({ k: 'ready' });
      if (stopping) void stop();
    },
    (e: unknown) => {
      send({ k: 'failed', message: describeError(e) });
      if (stopping) void stop();
    },
  );
}

run();
