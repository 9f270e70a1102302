// `kubectl logs -f`: the log so far, then each new line as the container writes it, until the
// container stops running or the client goes away. The kubelet renders a container's log from
// what it knows rather than storing lines, so following is asking it, once a second, for the
// lines since the last one sent (by their timestamps, which the kubelet always has).
import type { ContainerLogOptions, ContainerLogResult, ServerContext } from '../context.js';
import type { ServedResource } from '../registry.js';
import { storageKey } from '../registry.js';
import type { WatchStream } from '../request.js';
import { containerRunning } from '../pod-containers.js';

/** How often a follower asks for new lines (the kubelet's own follow polls its file about as often). */
export const FOLLOW_POLL_MS = 1000;

type LogSource = (options: ContainerLogOptions) => ContainerLogResult | undefined | Promise<ContainerLogResult | undefined>;

/** A timestamped line: `2026-11-29T22:00:00.123000000Z text`. */
function lineTime(line: string): number {
  return Date.parse(line.slice(0, line.indexOf(' ')));
}

export function followLog(ctx: ServerContext, pods: ServedResource, namespace: string, name: string, container: string, first: string, options: ContainerLogOptions, source: LogSource): WatchStream {
  let stopped = false;
  let timer: { cancel(): void } | undefined;
  // The last line sent: its time, and how many lines with that very time were sent.
  let lastMs = Number.NEGATIVE_INFINITY;
  let atLast = 0;
  let bytes = 0;
  const stop = (): void => {
    stopped = true;
    timer?.cancel();
    ctx.activeWatches.delete(finish);
  };
  let finish = (): void => stop();
  return {
    start(write, end) {
      finish = () => {
        if (stopped) return;
        stop();
        end();
      };
      ctx.activeWatches.add(finish);
      const send = (text: string): boolean => {
        const lines = text.split('\n').filter((l) => l.length > 0);
        let out = '';
        // Lines of the last instant already sent come back with sinceTime: skip that many.
        let skip = atLast;
        for (const line of lines) {
          const t = lineTime(line);
          if (t < lastMs) continue;
          if (t === lastMs && skip > 0) {
            skip--;
            continue;
          }
          out += `${options.timestamps ? line : line.slice(line.indexOf(' ') + 1)}\n`;
        }
        // Every line of the newest instant is in this batch (sinceTime includes the instant itself).
        if (lines.length > 0) {
          const newest = lineTime(lines[lines.length - 1]);
          if (newest >= lastMs) {
            atLast = lines.filter((l) => lineTime(l) === newest).length;
            lastMs = newest;
          }
        }
        if (out.length === 0) return true;
        if (options.limitBytes !== undefined && bytes + out.length >= options.limitBytes) {
          write(out.slice(0, options.limitBytes - bytes));
          return false;
        }
        bytes += out.length;
        write(out);
        return true;
      };
      if (!send(first)) return finish();
      const poll = async (): Promise<void> => {
        if (stopped) return;
        // Read before the poll, so a container's final lines are sent before the stream ends.
        const value = ctx.store.get(storageKey(pods, namespace, name));
        const runs = value !== undefined && containerRunning(JSON.parse(value.json), container);
        const r = await source({ previous: false, timestamps: true, sinceTime: Number.isFinite(lastMs) ? new Date(lastMs).toISOString() : undefined });
        if (stopped) return;
        // A failed read (the container restarted, the pod went) ends the stream as the kubelet's does.
        if (!r?.ok || !send(r.text) || !runs) return finish();
        timer = ctx.clock.setTimeout(() => void poll(), FOLLOW_POLL_MS);
      };
      timer = ctx.clock.setTimeout(() => void poll(), FOLLOW_POLL_MS);
    },
    stop,
  };
}
