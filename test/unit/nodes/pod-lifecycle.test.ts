import { test } from 'node:test';
import assert from 'node:assert/strict';
import { R } from '../../../src/emulator/client/paths';
import { boundPod, startNodes } from './support';

const pods = { ...R.pods, namespace: 'default' };

test('a bound nginx pod goes ContainerCreating -> Running with kubelet events, an IP from the podCIDR and Ready conditions', async () => {
  const h = await startNodes([{ name: 'whale2', podCIDR: '10.244.1.0/24' }]);
  try {
    await h.client.create(pods, boundPod('web', 'whale2'));
    const creating = await h.until(async () => {
      const p = await h.pod('web');
      return p.status?.containerStatuses ? p : undefined;
    });
    assert.equal(creating.status.phase, 'Pending');
    assert.equal(creating.status.containerStatuses[0].state.waiting.reason, 'ContainerCreating');
    const running = await h.until(async () => {
      const p = await h.pod('web');
      return p.status?.phase === 'Running' ? p : undefined;
    }, 10_000);
    const st = running.status;
    assert.match(st.podIP, /^10\.244\.1\.\d+$/);
    assert.equal(st.hostIP, '172.18.0.2');
    assert.ok(st.startTime);
    const cs = st.containerStatuses[0];
    assert.match(cs.containerID, /^containerd:\/\/[0-9a-f]{64}$/);
    assert.equal(cs.image, 'docker.io/library/nginx:latest');
    assert.match(cs.imageID, /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    assert.equal(cs.ready, true);
    assert.equal(cs.started, true);
    assert.equal(cs.restartCount, 0);
    assert.ok(cs.state.running.startedAt);
    const conditions = Object.fromEntries(st.conditions.map((c: any) => [c.type, c.status]));
    assert.deepEqual(conditions, { PodReadyToStartContainers: 'True', Initialized: 'True', Ready: 'True', ContainersReady: 'True', PodScheduled: 'True' });
    const events = await h.until(async () => {
      const e = await h.events('web');
      return e.length >= 4 ? e : undefined;
    });
    assert.deepEqual(events.map((e) => e.reason), ['Pulling', 'Pulled', 'Created', 'Started']);
    assert.equal(events[0].message, 'Pulling image "nginx"');
    assert.match(events[1].message, /^Successfully pulled image "nginx" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: \d+ bytes\.$/);
    assert.equal(events[2].message, 'Created container: web');
    assert.equal(events[3].message, 'Started container web');
    const node = await h.until(async () => {
      const n = await h.client.get({ ...R.nodes, name: 'whale2' });
      return n.status.images.some((i: any) => i.names.includes('docker.io/library/nginx:latest')) ? n : undefined;
    }, 15_000, 500);
    assert.ok(node, 'node.status.images lists the pulled image');
  } finally {
    await h.close();
  }
});

test('a second pull of a present image is quick, and IfNotPresent skips the pull', async () => {
  const h = await startNodes();
  try {
    await h.client.create(pods, boundPod('a', 'whale2', { image: 'redis:7' }));
    await h.until(async () => (await h.pod('a')).status?.phase === 'Running', 10_000);
    await h.client.create(pods, boundPod('b', 'whale2', { image: 'redis:7', imagePullPolicy: 'IfNotPresent' }));
    await h.until(async () => (await h.pod('b')).status?.phase === 'Running', 2_000);
    const events = await h.until(async () => {
      const e = await h.events('b');
      return e.length >= 3 ? e : undefined;
    });
    assert.equal(events[0].reason, 'Pulled');
    assert.equal(events[0].message, 'Container image "redis:7" already present on machine');
  } finally {
    await h.close();
  }
});

test('readiness waits for the readiness probe initialDelaySeconds', async () => {
  const h = await startNodes();
  try {
    await h.client.create(pods, boundPod('slow', 'whale2', { readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 20 } }));
    const running = await h.until(async () => {
      const p = await h.pod('slow');
      return p.status?.phase === 'Running' ? p : undefined;
    }, 10_000);
    assert.equal(running.status.containerStatuses[0].ready, false);
    const ready = running.status.conditions.find((c: any) => c.type === 'Ready');
    assert.equal(ready.status, 'False');
    assert.equal(ready.reason, 'ContainersNotReady');
    assert.equal(ready.message, 'containers with unready status: [slow]');
    const startedAt = Date.parse(running.status.containerStatuses[0].state.running.startedAt);
    await h.until(async () => (await h.pod('slow')).status.containerStatuses[0].ready === true, 30_000, 500);
    assert.ok(h.clock.now() >= startedAt + 20_000, 'not ready before the initial delay');
  } finally {
    await h.close();
  }
});

test('Job-style containers exit: sleep N succeeds after N s, exit N and false fail with their codes', async () => {
  const h = await startNodes();
  try {
    await h.client.create(pods, boundPod('sleeper', 'whale2', { image: 'busybox', command: ['sleep', '5'] }, { restartPolicy: 'Never' }));
    await h.client.create(pods, boundPod('failer', 'whale2', { image: 'busybox', command: ['sh', '-c', 'echo working; sleep 2; exit 3'] }, { restartPolicy: 'Never' }));
    await h.client.create(pods, boundPod('falsy', 'whale2', { image: 'busybox', command: ['false'] }, { restartPolicy: 'Never' }));
    const running = await h.until(async () => {
      const p = await h.pod('sleeper');
      return p.status?.phase === 'Running' ? p : undefined;
    }, 10_000);
    const started = Date.parse(running.status.containerStatuses[0].state.running.startedAt);
    const done = await h.until(async () => {
      const p = await h.pod('sleeper');
      return p.status?.phase === 'Succeeded' ? p : undefined;
    }, 15_000);
    const term = done.status.containerStatuses[0].state.terminated;
    assert.equal(term.exitCode, 0);
    assert.equal(term.reason, 'Completed');
    assert.ok(Date.parse(term.finishedAt) - started >= 5000 - 1000);
    assert.equal(done.status.conditions.find((c: any) => c.type === 'Ready').reason, 'PodCompleted');
    const failed = await h.until(async () => {
      const p = await h.pod('failer');
      return p.status?.phase === 'Failed' ? p : undefined;
    }, 15_000);
    assert.equal(failed.status.containerStatuses[0].state.terminated.exitCode, 3);
    assert.equal(failed.status.containerStatuses[0].state.terminated.reason, 'Error');
    const f2 = await h.until(async () => {
      const p = await h.pod('falsy');
      return p.status?.phase === 'Failed' ? p : undefined;
    }, 15_000);
    assert.equal(f2.status.containerStatuses[0].state.terminated.exitCode, 1);
  } finally {
    await h.close();
  }
});

test('restartPolicy OnFailure restarts a failing container and a later success completes the pod', async () => {
  const h = await startNodes();
  try {
    await h.client.create(pods, boundPod('retry', 'whale2', { image: 'busybox', command: ['sh', '-c', 'exit 1'] }, { restartPolicy: 'OnFailure' }));
    const restarted = await h.until(async () => {
      const p = await h.pod('retry');
      return p.status?.containerStatuses?.[0]?.restartCount >= 1 ? p : undefined;
    }, 15_000);
    assert.equal(restarted.status.phase, 'Running');
    assert.equal(restarted.status.containerStatuses[0].lastState.terminated.exitCode, 1);
  } finally {
    await h.close();
  }
});

test('a crashing container with restartPolicy Always enters CrashLoopBackOff with doubling back-off', async () => {
  const h = await startNodes();
  try {
    await h.client.create(pods, boundPod('crash', 'whale2', { image: 'busybox', command: ['sh', '-c', 'sleep 1; exit 2'] }));
    const restartTimes: number[] = [];
    let last = -1;
    const waiting = await h.until(async () => {
      const p = await h.pod('crash');
      const cs = p.status?.containerStatuses?.[0];
      if (cs && cs.restartCount !== last && cs.state?.running) {
        last = cs.restartCount;
        restartTimes.push(Date.parse(cs.state.running.startedAt));
      }
      return cs?.state?.waiting?.reason === 'CrashLoopBackOff' && cs.restartCount === 3 ? p : undefined;
    }, 120_000, 250);
    const cs = waiting.status.containerStatuses[0];
    assert.match(cs.state.waiting.message, /^back-off 40s restarting failed container=crash pod=crash_default\(.+\)$/);
    assert.equal(cs.lastState.terminated.exitCode, 2);
    assert.equal(waiting.status.phase, 'Running');
    // Starts: first run, immediate restart, then 10 s and 20 s of back-off after each 1 s run
    // (plus the image check of pull policy Always).
    const gaps = restartTimes.slice(1).map((t, i) => (t - restartTimes[i]) / 1000);
    const [a, b] = gaps.slice(-2);
    assert.ok(a >= 11 && a < 13, `second restart ${a}s after the first`);
    assert.ok(b >= 21 && b < 23, `third restart ${b}s after the second`);
    const events = await h.events('crash');
    assert.ok(events.some((e) => e.type === 'Warning' && e.reason === 'BackOff' && /^Back-off restarting failed container crash in pod crash_default\(/.test(e.message)));
  } finally {
    await h.close();
  }
});

test('graceful deletion: Killing, containers stop within the grace period, then the kubelet removes the pod', async () => {
  const h = await startNodes();
  try {
    await h.client.create(pods, boundPod('web', 'whale2'));
    await h.until(async () => (await h.pod('web')).status?.phase === 'Running', 10_000);
    await h.client.delete({ ...pods, name: 'web' });
    const terminating = await h.pod('web');
    assert.ok(terminating.metadata.deletionTimestamp, 'the API server waits for the kubelet');
    assert.equal(terminating.metadata.deletionGracePeriodSeconds, 30);
    await h.until(async () => {
      try {
        await h.pod('web');
        return false;
      } catch {
        return true;
      }
    }, 31_000);
    assert.ok(h.clock.now() - Date.parse(terminating.metadata.deletionTimestamp) < 30_000);
    const events = await h.events('web');
    assert.ok(events.some((e) => e.reason === 'Killing' && e.message === 'Stopping container web'));
  } finally {
    await h.close();
  }
});

test('the kubelet rejects a pod that does not fit its allocatable with OutOfcpu', async () => {
  const h = await startNodes();
  try {
    await h.client.create(pods, boundPod('big', 'whale2', { resources: { requests: { cpu: '3' } } }));
    const rejected = await h.until(async () => {
      const p = await h.pod('big');
      return p.status?.phase === 'Failed' ? p : undefined;
    });
    assert.equal(rejected.status.reason, 'OutOfcpu');
    assert.equal(rejected.status.message, "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000");
  } finally {
    await h.close();
  }
});

test('init containers run first, in order; the app container starts after they succeed', async () => {
  const h = await startNodes();
  try {
    await h.client.create(
      pods,
      boundPod('app', 'whale2', {}, { initContainers: [{ name: 'wait-db', image: 'busybox', command: ['sh', '-c', 'sleep 3'] }, { name: 'migrate', image: 'busybox', command: ['sh', '-c', 'echo migrated'] }] }),
    );
    const initializing = await h.until(async () => {
      const p = await h.pod('app');
      return p.status?.initContainerStatuses?.[0]?.state?.running ? p : undefined;
    }, 10_000);
    assert.equal(initializing.status.phase, 'Pending');
    const init = initializing.status.conditions.find((c: any) => c.type === 'Initialized');
    assert.equal(init.status, 'False');
    assert.equal(init.message, 'containers with incomplete status: [wait-db migrate]');
    assert.equal(initializing.status.containerStatuses[0].state.waiting.reason, 'PodInitializing');
    const running = await h.until(async () => {
      const p = await h.pod('app');
      return p.status?.phase === 'Running' ? p : undefined;
    }, 15_000);
    assert.deepEqual(running.status.initContainerStatuses.map((s: any) => s.state.terminated?.reason), ['Completed', 'Completed']);
    const appStarted = Date.parse(running.status.containerStatuses[0].state.running.startedAt);
    const initDone = Date.parse(running.status.initContainerStatuses[1].state.terminated.finishedAt);
    assert.ok(appStarted >= initDone, 'the app container starts after the last init container');
  } finally {
    await h.close();
  }
});
