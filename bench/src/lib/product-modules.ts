/**
 * Product modules that parts 4–6 need and that may not exist yet (others are writing them). Each is
 * looked up at run time: through its package when the package exports it, else from the build of its
 * file (dist/…, the same module instance the package would load); undefined when neither exists, and
 * the part then reports "not available yet".
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './processes';

export interface Found<T> {
  module: T;
  /** Where it came from, for the notes. */
  from: string;
}

export function findExport<T>(exportName: string, packageName: string, distFiles: string[]): Found<T> | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require(packageName) as Record<string, unknown>;
    if (pkg[exportName] !== undefined) return { module: pkg[exportName] as T, from: `${packageName} (${exportName})` };
  } catch {
    // not built, or no index yet: try the files
  }
  for (const file of distFiles) {
    const path = join(REPO_ROOT, file);
    if (!existsSync(path)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path) as Record<string, unknown>;
    if (mod[exportName] !== undefined) return { module: mod[exportName] as T, from: `${file} (${exportName}; not exported by ${packageName} yet)` };
  }
  return undefined;
}
