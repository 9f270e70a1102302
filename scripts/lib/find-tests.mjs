// Lists test files under a folder. Node 20's `--test` does not expand globs (21+ does), so the
// harness passes explicit file lists.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './paths.mjs';

export function findTestFiles(folder, suffix = '.test.ts') {
  const root = join(repoRoot, folder);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => relative(repoRoot, join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}
