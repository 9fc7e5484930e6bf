import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A scratch folder for one bench's database files, on the same disk as the product's ./data
 * (so fsync costs what it costs in production), removed afterwards.
 */
export function scratchDir(name: string): { dir: string; file: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `skype-bench-${name}-`));
  return {
    dir,
    file: (fileName: string) => join(dir, fileName),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
