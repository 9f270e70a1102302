// A temporary folder for the manifest files a conformance file hands to `kubectl -f`, made before
// its tests and removed after them. Call inside a `describe` (its hooks run in series there).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

/** Returns `manifest(name, text)`: writes the file and gives its path. */
export function useManifestDir(prefix: string): (name: string, text: string) => string {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return (name, text) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
}
