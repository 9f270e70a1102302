// Waits on a condition with a deadline instead of sleeping a fixed time.

/** Polls `f` every 200 ms until it returns a value (not undefined); fails after `ms`. */
export async function eventually<T>(what: string, f: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await f();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} not seen within ${ms} ms${last ? `: ${String(last)}` : ''}`);
}
