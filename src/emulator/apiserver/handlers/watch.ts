// WATCH: newline-delimited WatchEvents from a store watch, filtered by selectors (an object
// leaving the selection is reported as DELETED, entering it as ADDED), with BOOKMARKs,
// timeoutSeconds, initial events, and 410 as an ERROR event as kube-apiserver sends it.
import type { Timer } from '../../../kube/clock.js';
import { storedJsonWithoutManagedFields } from '../../store/stored-object.js';
import { CompactedError, type StoreEvent, type StoredValue, type WatchHandle } from '../../store/types.js';
import { negotiate } from '../codec.js';
import type { ServerContext } from '../context.js';
import { selectionFromQuery } from '../field-selectors.js';
import { valueMatcher } from '../selection-match.js';
import { storageKey, storagePrefix, type ServedResource } from '../registry.js';
import { includeObjectOf, OMIT_MANAGED_FIELDS_PARAM, partialMetadata, rewritesStored, servedJson, servedObject, tableColumns, tableRow } from '../render.js';
import type { ApiRequest, ApiResponse, WatchEventType, WatchStream } from '../request.js';
import { ApiError } from '../status.js';
import { parseResourceVersion } from './read.js';

export const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000;
const DEFAULT_TIMEOUT_SECONDS = 1800;

export function handleWatch(ctx: ServerContext, r: ServedResource, req: ApiRequest, namespace: string | undefined, name: string | undefined, bookmarkIntervalMs: number): ApiResponse {
  const q = req.query;
  const { form } = negotiate(req.headers.accept);
  const include = includeObjectOf(q);
  const selection = selectionFromQuery(r, q);
  const rv = parseResourceVersion(q.get('resourceVersion'));
  const allowBookmarks = q.get('allowWatchBookmarks') === 'true';
  const sendInitial = q.get('sendInitialEvents') === 'true';
  if (q.has('sendInitialEvents')) {
    if (q.get('resourceVersionMatch') !== 'NotOlderThan') throw ApiError.badRequest('resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
    if (sendInitial && !allowBookmarks) throw ApiError.badRequest('allowWatchBookmarks: Required value: sendInitialEvents requires allowWatchBookmarks=true');
  } else if (q.get('resourceVersionMatch')) {
    throw ApiError.badRequest('resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
  }
  const timeoutText = q.get('timeoutSeconds');
  const timeoutSeconds = timeoutText && /^\d+$/.test(timeoutText) ? Number(timeoutText) : DEFAULT_TIMEOUT_SECONDS;
  const prefix = name !== undefined ? storageKey(r, namespace, name) : storagePrefix(r, namespace);
  const exactKey = name !== undefined ? prefix : undefined;
  const plain = selection.everything && form === 'object' && !rewritesStored(r);
  const inSelection = valueMatcher(r, namespace, storagePrefix(r, namespace), selection);

  let handle: WatchHandle | undefined;
  const timers: Timer[] = [];
  let stopped = false;
  let firstTable = true;
  let finishWatch: (() => void) | undefined;

  const objectFor = (json: string): string => {
    if (form === 'object') return servedJson(r, json);
    const obj = servedObject(r, json);
    if (form === 'metadata') return JSON.stringify(partialMetadata(obj));
    const table: Record<string, unknown> = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: obj.metadata.resourceVersion } };
    if (firstTable) table.columnDefinitions = tableColumns(ctx, r);
    else table.columnDefinitions = null;
    firstTable = false;
    table.rows = [tableRow(ctx, r, obj, include)];
    return JSON.stringify(table);
  };

  // In-process watchers (the shared informers) take each object's JSON as is (startEvents):
  // no frame string is built per event, nor split and re-parsed whole on their side.
  // Those that ask get it without managedFields (never HTTP clients: they get what is stored).
  const run = (frame: (type: WatchEventType, objectJson: string) => void, end: () => void, inProcess: boolean): void => {
    const jsonOf = inProcess && q.get(OMIT_MANAGED_FIELDS_PARAM) === 'true' ? storedJsonWithoutManagedFields : (v: StoredValue) => v.json;
    const finish = (): void => {
      if (stopped) return;
      stream.stop();
      end();
    };
    finishWatch = finish;
    ctx.activeWatches.add(finish);
    const bookmark = (revision: number, annotations?: Record<string, string>): void => {
      const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
      const metadata: Record<string, unknown> = { resourceVersion: String(revision) };
      if (annotations) metadata.annotations = annotations;
      frame('BOOKMARK', JSON.stringify({ kind: r.kind, apiVersion, metadata }));
    };
    const inScope = (key: string): boolean => exactKey === undefined || key === exactKey;
    const onEvent = (e: StoreEvent): void => {
      if (stopped || !inScope(e.value.key)) return;
      if (plain) {
        frame(e.type, jsonOf(e.value));
        return;
      }
      const now = inSelection(e.value);
      const before = e.prev ? inSelection(e.prev) : false;
      let type: WatchEventType | undefined;
      if (e.type === 'ADDED') type = now ? 'ADDED' : undefined;
      else if (e.type === 'DELETED') type = before || now ? 'DELETED' : undefined;
      else if (now) type = before ? 'MODIFIED' : 'ADDED';
      else if (before) type = 'DELETED';
      if (type) frame(type, objectFor(jsonOf(e.value)));
    };
    let from: number;
    try {
      if (rv === undefined || rv === 0 || sendInitial) {
        const initial = ctx.store.list(prefix);
        for (const v of initial.items) {
          if (!inScope(v.key)) continue;
          if (selection.everything || inSelection(v)) frame('ADDED', objectFor(jsonOf(v)));
        }
        from = initial.revision;
        if (sendInitial) bookmark(from, { 'k8s.io/initial-events-end': 'true' });
      } else from = rv;
      handle = ctx.store.watch(prefix, from, onEvent);
    } catch (e) {
      if (!(e instanceof CompactedError)) throw e;
      frame('ERROR', JSON.stringify(ApiError.gone(rv ?? 0, e.current).toStatus()));
      finish();
      return;
    }
    if (allowBookmarks) timers.push(ctx.clock.setInterval(() => !stopped && bookmark(ctx.store.revision), bookmarkIntervalMs));
    if (timeoutSeconds > 0) timers.push(ctx.clock.setTimeout(finish, timeoutSeconds * 1000));
  };

  const stream: WatchStream = {
    start(write, end) {
      run((type, objectJson) => write(`{"type":"${type}","object":${objectJson}}\n`), end, false);
    },
    startEvents: (event, end) => run(event, end, true),
    stop() {
      stopped = true;
      if (finishWatch) ctx.activeWatches.delete(finishWatch);
      handle?.cancel();
      for (const t of timers) t.cancel();
    },
  };
  return { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-cache, private' }, watch: stream };
}
