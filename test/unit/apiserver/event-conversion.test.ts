// events.k8s.io/v1 <-> core/v1 Event conversion, field by field, and its round trips.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventCoreToV1, eventV1ToCore, EVENTS_V1_FIELD_LABELS } from '../../../src/emulator/apiserver/event-conversion';

const metadata = { name: 'web.1', namespace: 'default', uid: 'u', resourceVersion: '7', managedFields: [{ manager: 'm', operation: 'Update' as const, apiVersion: 'events.k8s.io/v1' }] };
const ref = (name: string) => ({ kind: 'Pod', namespace: 'default', name, uid: `${name}-uid`, apiVersion: 'v1', resourceVersion: '3', fieldPath: 'spec.containers{c}' });
const series = { count: 2, lastObservedTime: '2026-01-01T00:00:05.000000Z' };

const v1 = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata,
  eventTime: '2026-01-01T00:00:00.000000Z',
  series,
  reportingController: 'kubelet',
  reportingInstance: 'node-1',
  action: 'Pull',
  reason: 'Pulled',
  regarding: ref('web'),
  related: ref('other'),
  note: 'pulled',
  type: 'Normal',
  deprecatedSource: { component: 'kubelet', host: 'node-1' },
  deprecatedFirstTimestamp: '2026-01-01T00:00:00Z',
  deprecatedLastTimestamp: '2026-01-01T00:00:05Z',
  deprecatedCount: 2,
};

const core = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata,
  eventTime: '2026-01-01T00:00:00.000000Z',
  series,
  reportingComponent: 'kubelet',
  reportingInstance: 'node-1',
  action: 'Pull',
  reason: 'Pulled',
  involvedObject: ref('web'),
  related: ref('other'),
  message: 'pulled',
  type: 'Normal',
  source: { component: 'kubelet', host: 'node-1' },
  firstTimestamp: '2026-01-01T00:00:00Z',
  lastTimestamp: '2026-01-01T00:00:05Z',
  count: 2,
};

describe('Event conversion between events.k8s.io/v1 and core/v1', () => {
  it('maps every events.k8s.io/v1 field onto its core/v1 field, metadata as is', () => {
    const out = eventV1ToCore(structuredClone(v1));
    assert.deepEqual(out, core);
    assert.deepEqual(out.metadata.managedFields, metadata.managedFields, 'managedFields keep the apiVersion they were written in');
  });

  it('maps every core/v1 field back', () => assert.deepEqual(eventCoreToV1(structuredClone(core)), v1));

  it('fills what core/v1 always writes, and leaves out what events.k8s.io/v1 omits when empty', () => {
    const minimal = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'a' }, eventTime: '2026-01-01T00:00:00.000000Z', reason: 'R', note: 'n', type: 'Normal' };
    const stored = eventV1ToCore(structuredClone(minimal));
    const { note: _note, ...rest } = minimal;
    assert.deepEqual(stored, { ...rest, apiVersion: 'v1', message: 'n', involvedObject: {}, source: {}, firstTimestamp: null, lastTimestamp: null, reportingComponent: '', reportingInstance: '' }, 'as stored');
    const back = eventCoreToV1(stored);
    assert.ok(!('reportingController' in back) && !('reportingInstance' in back));
    assert.deepEqual(back.regarding, {});
    assert.deepEqual(back.deprecatedSource, {});
    assert.equal(back.note, 'n');
  });

  it('round-trips a kubelet Event stored through core/v1 unchanged', () => {
    const kubelet = { ...core, eventTime: null, series: undefined, reportingComponent: '', reportingInstance: '' };
    delete kubelet.series;
    assert.deepEqual(eventV1ToCore(eventCoreToV1(structuredClone(kubelet))), kubelet);
  });

  it('converts events.k8s.io/v1 field selector labels to the core ones they select by', () => {
    assert.equal(EVENTS_V1_FIELD_LABELS['regarding.name'], 'involvedObject.name');
    assert.equal(EVENTS_V1_FIELD_LABELS['regarding.kind'], 'involvedObject.kind');
    assert.equal(EVENTS_V1_FIELD_LABELS.reportingController, 'reportingComponent');
    assert.equal(EVENTS_V1_FIELD_LABELS['involvedObject.name'], undefined, 'core/v1 labels are not events.k8s.io/v1 ones');
  });
});
