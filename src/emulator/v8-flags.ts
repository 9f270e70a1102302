// V8's heap sizes for the emulator. Its threads allocate fast and keep much of it for seconds
// (pods in flight, watch events, informer updates): with Node's default 16 MB semi-spaces most
// of that was promoted, died in old space, and made full collections run every ~3 s on
// fragmented heaps. 64 MB semi-spaces, at 5,000 nodes / 150,000 pods (docs/bench/emulator-scale.md,
// session 6): 222 -> 142-157 s to Running, peak RSS 3.43 -> 3.17 GB; 128 MB: 155 s but 4.0 GB.

/** Semi-space size of every emulator thread's young generation, in MB. */
export const SEMI_SPACE_MB = 64;

/**
 * Flags to start the emulator's process with: the process's own heap can only be sized at
 * start (setting the flag later does not resize it). The extension's launcher, the
 * `kube-emulator` bin (its shebang, esbuild.mjs) and `npm run emulator` pass the same.
 */
export const EMULATOR_NODE_FLAGS: readonly string[] = [`--max-semi-space-size=${SEMI_SPACE_MB}`];

/**
 * The control loops' worker's young generation (two semi-spaces and the new large-object
 * space, as V8 sizes it) when the process was started without --max-semi-space-size (tests
 * from source, an executable that refused the flag): half the API server's. With the flag,
 * V8 takes the flag over this limit for every isolate, so the loops get 64 MB semi-spaces too
 * (--trace-gc-nvp at 5,000 nodes / 150,000 pods: 58 MB allocated per scavenge of the loops;
 * docs/bench/emulator-scale.md, session 13).
 */
export const WORKER_YOUNG_GENERATION_MB = 3 * (SEMI_SPACE_MB / 2);
