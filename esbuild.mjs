// Bundles every entry point: the extension (node/cjs, `vscode` external), the emulator
// process (node/cjs) and the webview apps (browser/iife). Everything ships bundled, so
// the vsix carries no node_modules.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'info',
  legalComments: 'none',
};

/** @type {esbuild.BuildOptions[]} */
const targets = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    // The control loops run in a worker thread of the emulator process, from their own bundle.
    entryPoints: { emulator: 'src/emulator/main.ts', 'emulator-control-loops': 'src/emulator/worker/control-loops-worker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The kube-emulator bin starts with the emulator's heap flags (src/emulator/v8-flags.ts).
    banner: { js: '#!/usr/bin/env -S node --max-semi-space-size=64' },
  },
  {
    // The cluster layer (client-node, ~80 ms to require) is a second bundle, loaded when a
    // cluster is first needed, so activation stays fast.
    ...common,
    entryPoints: { cluster: 'src/cluster/index.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
];

// Optional entry points appear as their issues land; a missing one is skipped, not an error.
const webviewApps = ['diagram', 'trace'].filter((app) => existsSync(`webview/${app}/main.ts`));
if (webviewApps.length > 0) {
  targets.push({
    ...common,
    entryPoints: Object.fromEntries(webviewApps.map((app) => [`webview-${app}`, `webview/${app}/main.ts`])),
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  });
}

const buildable = targets.filter((t) => Object.values(t.entryPoints).every((p) => existsSync(p)));

if (watch) {
  const contexts = await Promise.all(buildable.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(buildable.map((t) => esbuild.build(t)));
}
