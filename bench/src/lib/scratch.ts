import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './processes';

/**
 * A scratch folder for one bench's database files, in bench/.tmp (git-ignored): on the same disk as
 * the product's ./data, so fsync costs what it costs there, and out of the shared /tmp, which other
 * people's test runs clean. Removed afterwards.
 */
export function scratchDir(name: string): { dir: string; file: (name: string) => string; remove: () => void } {
  const base = join(REPO_ROOT, 'bench/.tmp');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `${name}-`));
  return {
    dir,
    file: (fileName: string) => join(dir, fileName),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
