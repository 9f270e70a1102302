import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../src/kube/clock';
import { R } from '../../../src/emulator/client/paths';
import { CronJobController } from '../../../src/emulator/controllers/cronjob/cronjob-controller';
import { mostRecentScheduleTime, nextScheduleTime, parseCronSchedule } from '../../../src/kube/cron';
import { eventually, startHarness } from './harness';

const at = (iso: string) => Date.parse(iso);

test('cron schedules: steps, ranges, names, macros and the day-of-month/day-of-week OR rule', () => {
  const every5 = parseCronSchedule('*/5 * * * *');
  assert.equal(new Date(nextScheduleTime(every5, at('2026-01-01T10:02:30Z'))).toISOString(), '2026-01-01T10:05:00.000Z');
  const weekdays = parseCronSchedule('30 9 * * mon-fri');
  assert.equal(new Date(nextScheduleTime(weekdays, at('2026-01-02T10:00:00Z'))).toISOString(), '2026-01-05T09:30:00.000Z', 'Friday after 9:30 -> Monday');
  const hourly = parseCronSchedule('@hourly');
  assert.equal(new Date(nextScheduleTime(hourly, at('2026-01-01T10:00:00Z'))).toISOString(), '2026-01-01T11:00:00.000Z');
  const either = parseCronSchedule('0 0 13 * 5');
  assert.equal(new Date(nextScheduleTime(either, at('2026-01-01T00:00:00Z'))).toISOString(), '2026-01-02T00:00:00.000Z', 'a Friday matches even though it is not the 13th');
  assert.throws(() => parseCronSchedule('* * *'), /5 fields/);
  assert.throws(() => parseCronSchedule('61 * * * *'), /end of range \(61\) above maximum \(59\): 61/);
  const every90s = parseCronSchedule('@every 1m30s');
  assert.equal(new Date(nextScheduleTime(every90s, at('2026-01-01T10:00:00.400Z'))).toISOString(), '2026-01-01T10:01:30.000Z', '@every is a constant delay');
  assert.equal(mostRecentScheduleTime(every90s, at('2026-01-01T10:00:00Z'), at('2026-01-01T10:05:00Z')).missed, 3);
  const recent = mostRecentScheduleTime(every5, at('2026-01-01T10:00:00Z'), at('2026-01-01T10:17:00Z'));
  assert.equal(new Date(recent.time!).toISOString(), '2026-01-01T10:15:00.000Z');
  assert.equal(recent.missed, 3);
});

test('a CronJob creates a Job at each scheduled minute and Forbid skips while one is active', async () => {
  const clock = new FakeClock(at('2026-01-01T10:00:30Z'));
  const h = await startHarness((ctx) => [new CronJobController(ctx)], { clock });
  try {
    const ref = { ...R.cronJobs, namespace: 'default' };
    await h.client.create(ref, {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick' },
      spec: { schedule: '* * * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } },
    });
    clock.advance(60_000);
    const jobs = await eventually(async () => {
      const j = (await h.client.list({ ...R.jobs, namespace: 'default' })).items;
      return j.length === 1 ? j : undefined;
    }, 'first job');
    assert.equal(jobs[0]!.metadata.name, `tick-${Math.floor(at('2026-01-01T10:01:00Z') / 60_000)}`);
    assert.equal(jobs[0]!.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2026-01-01T10:01:00Z');
    const cj = await eventually(async () => {
      const c = await h.client.get({ ...ref, name: 'tick' });
      return c.status?.active?.length === 1 ? c : undefined;
    }, 'active job in status');
    assert.equal(cj.status.lastScheduleTime, '2026-01-01T10:01:00Z');
    clock.advance(60_000);
    await eventually(async () => (await h.client.list({ ...R.events, namespace: 'default' })).items.some((e) => e.reason === 'JobAlreadyActive'), 'Forbid skips');
    assert.equal((await h.client.list({ ...R.jobs, namespace: 'default' })).items.length, 1);
  } finally {
    await h.stop();
  }
});
