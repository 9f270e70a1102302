import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from '../../../src/emulator/apiserver/admission/index';
import { cronScheduleError } from '../../../src/kube/cron';
import type { KubeObject } from '../../../src/kube/object';
import { create, resource, update } from './helpers';

function job(spec: Record<string, unknown> = {}, restartPolicy = 'Never'): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'c0ffee' },
    spec: { template: { metadata: { labels: { app: 'pi' } }, spec: { restartPolicy, containers: [{ name: 'pi', image: 'perl:5' }] } }, ...spec },
  };
}

function cronJob(schedule: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default' },
    spec: { schedule, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } }, ...spec },
  };
}

test('job defaults: counts, policies and the generated selector', () => {
  const j = job();
  applyDefaults(resource('Job', 'batch'), j, { operation: 'CREATE' });
  const { template, ...spec } = j.spec;
  assert.deepEqual(spec, {
    completions: 1,
    parallelism: 1,
    backoffLimit: 6,
    completionMode: 'NonIndexed',
    suspend: false,
    podReplacementPolicy: 'TerminatingOrFailed',
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'c0ffee' } },
  });
  assert.deepEqual(template.metadata.labels, {
    app: 'pi',
    'job-name': 'pi',
    'batch.kubernetes.io/job-name': 'pi',
    'controller-uid': 'c0ffee',
    'batch.kubernetes.io/controller-uid': 'c0ffee',
  });
  assert.deepEqual(j.metadata.labels, { app: 'pi' }, 'a Job without labels takes its template labels');
});

test('job defaults: parallel jobs keep their completions unset', () => {
  const j = job({ parallelism: 3 });
  applyDefaults(resource('Job', 'batch'), j);
  assert.equal(j.spec.completions, undefined);
  assert.equal(j.spec.parallelism, 3);
});

test('job validation: a valid job passes', () => assert.deepEqual(create('Job', job(), 'batch'), []));

test('job validation: restartPolicy must be OnFailure or Never', () => {
  assert.deepEqual(create('Job', job({}, 'Always'), 'batch'), [
    'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
  ]);
});

test('job validation: a hand-written selector needs manualSelector', () => {
  const causes = create('Job', job({ selector: { matchLabels: { app: 'pi' } } }), 'batch');
  assert.deepEqual(causes, [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"pi", "batch.kubernetes.io/controller-uid":"c0ffee"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
  ]);
  assert.deepEqual(create('Job', job({ manualSelector: true, selector: { matchLabels: { app: 'pi' } } }), 'batch'), []);
});

test('job validation: negative backoffLimit', () => {
  assert.deepEqual(create('Job', job({ backoffLimit: -1 }), 'batch'), ['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0']);
});

test('job update: the pod template is immutable', () => {
  const old = job();
  applyDefaults(resource('Job', 'batch'), old, { operation: 'CREATE' });
  const next = structuredClone(old);
  next.spec.template.spec.containers[0].image = 'perl:6';
  const causes = update('Job', next, old, 'batch');
  assert.equal(causes.length, 1);
  assert.match(causes[0], /^spec\.template: Invalid value: \{.*"image":"perl:6".*\}: field is immutable$/);
  const suspended = structuredClone(old);
  suspended.spec.suspend = true;
  assert.deepEqual(update('Job', suspended, old, 'batch'), []);
});

test('cronjob defaults', () => {
  const cj = cronJob('*/5 * * * *');
  applyDefaults(resource('CronJob', 'batch'), cj);
  assert.equal(cj.spec.concurrencyPolicy, 'Allow');
  assert.equal(cj.spec.suspend, false);
  assert.equal(cj.spec.successfulJobsHistoryLimit, 3);
  assert.equal(cj.spec.failedJobsHistoryLimit, 1);
  assert.equal(cj.spec.jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst');
});

const scheduleCases: [string, string | undefined][] = [
  ['*/5 * * * *', undefined],
  ['0 9-17 * JAN-MAR mon-fri', undefined],
  ['@hourly', undefined],
  ['@every 1h30m', undefined],
  ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
  ['61 * * * *', 'end of range (61) above maximum (59): 61'],
  ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
  ['* * * * 7', 'end of range (7) above maximum (6): 7'],
  ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
  ['*/0 * * * *', 'step of range should be a positive number: */0'],
  ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
  ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
];
for (const [schedule, expected] of scheduleCases) {
  test(`cron schedule ${JSON.stringify(schedule)}`, () => assert.equal(cronScheduleError(schedule), expected));
}

test('cronjob validation: schedule, time zone, policy and name length', () => {
  assert.deepEqual(create('CronJob', cronJob('*/5 * * * *'), 'batch'), []);
  assert.deepEqual(create('CronJob', cronJob('every minute'), 'batch'), ['spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]']);
  assert.deepEqual(create('CronJob', cronJob('TZ=UTC * * * * *'), 'batch'), [
    'spec.schedule: Invalid value: "TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
  ]);
  assert.deepEqual(create('CronJob', cronJob('* * * * *', { timeZone: 'Mars/Olympus' }), 'batch'), ['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']);
  assert.deepEqual(create('CronJob', cronJob('* * * * *', { timeZone: 'Europe/Paris' }), 'batch'), []);
  assert.deepEqual(create('CronJob', cronJob('* * * * *', { concurrencyPolicy: 'Queue' }), 'batch'), [
    'spec.concurrencyPolicy: Unsupported value: "Queue": supported values: "Allow", "Forbid", "Replace"',
  ]);
  const long = cronJob('* * * * *');
  long.metadata.name = 'a'.repeat(53);
  assert.deepEqual(create('CronJob', long, 'batch'), [`metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`]);
  assert.deepEqual(create('CronJob', cronJob('* * * * *', { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }] } } } } }), 'batch'), [
    'spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
  ]);
});
