// `npm run package`: a production build, then `vsce package`, then a check of what the vsix
// really contains: everything is bundled, so no sources, tests or node_modules may ship.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension } from './lib/build.mjs';
import { repoRoot } from './lib/paths.mjs';
import { zipEntries } from './lib/zip-entries.mjs';

const forbiddenPrefixes = ['src/', 'test/', 'node_modules/', 'out/', '.cache/', 'scripts/'];

function formatSize(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function main() {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const vsix = join(repoRoot, `${manifest.name}-${manifest.version}.vsix`);
  buildExtension({ production: true });
  // A development build leaves source maps behind; they must not ship (and .vscodeignore
  // already keeps them out; this keeps `vsce ls` honest too).
  for (const entry of readdirSync(join(repoRoot, 'dist'), { recursive: true })) {
    if (String(entry).endsWith('.map')) rmSync(join(repoRoot, 'dist', String(entry)));
  }
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const args = [vsce, 'package', '--no-dependencies', '--out', vsix];
  // Without a repository field vsce cannot make README links absolute (and would ask about it):
  // leave them relative until package.json names the repository.
  if (!manifest.repository) args.push('--allow-missing-repository', '--no-rewrite-relative-links');
  const result = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`vsce package exited with ${result.status}`);

  // vsce stores the package's own files under extension/.
  const entries = zipEntries(vsix);
  console.log(`\n${vsix}:`);
  for (const entry of entries) console.log(`  ${entry.name.padEnd(48)} ${formatSize(entry.size).padStart(10)}`);
  const shipped = entries.map((e) => e.name.replace(/^extension\//, ''));
  const forbidden = shipped.filter((name) => forbiddenPrefixes.some((prefix) => name.startsWith(prefix)) || name.endsWith('.map'));
  if (forbidden.length > 0) throw new Error(`the vsix contains files that must not ship:\n  ${forbidden.join('\n  ')}\nFix .vscodeignore.`);
  if (!shipped.includes('dist/extension.js')) throw new Error('the vsix lacks dist/extension.js');
  console.log(`\nvsix size: ${formatSize(statSync(vsix).size)} (${entries.length} entries)`);
}

try {
  main();
} catch (error) {
  console.error(`npm run package FAILED: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
