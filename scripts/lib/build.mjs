// Builds the extension (through the project's esbuild.mjs) and compiles the in-host suite.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { integrationOut, repoRoot } from './paths.mjs';

export function buildExtension({ production = false } = {}) {
  const args = ['esbuild.mjs', ...(production ? ['--production'] : [])];
  const result = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the build failed (node ${args.join(' ')})`);
}

/** Bundles test/integration/ into out/test/integration/: one CJS file per test file plus the
 * index VS Code loads. `vscode` comes from the host; mocha is resolved from the repo's
 * node_modules at run time (bundling it breaks its dynamic requires). */
export async function compileIntegrationSuite() {
  const sourceDir = join(repoRoot, 'test', 'integration');
  const entryPoints = readdirSync(sourceDir)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => join(sourceDir, f));
  rmSync(integrationOut, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: integrationOut,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return integrationOut;
}
