/**
 * Lets the compiled CLI (`node dist/apps/cli/src/main.js`) load the workspace libraries from dist/.
 *
 * Why: each workspace package's `main` is `../../dist/<folder>/src/index.js`, relative to its own
 * folder, but Node resolves `main` against the path it found the package at — the workspace symlink
 * `node_modules/@skype-manager/<name>` — and so looks in `node_modules/dist/…`. When that fails, a
 * `@skype-manager/<name>` request is resolved to the compiled file under dist/ instead (the same fix
 * as apps/api/src/workspace-packages.ts). Imported first by main.ts, and preloaded into the chain
 * worker thread, which has a module loader of its own.
 */
import { existsSync } from 'node:fs';
import Module from 'node:module';
import { resolve } from 'node:path';

type Resolve = (request: string, parent: unknown, isMain: boolean, options: unknown) => string;

/** dist/ (this file is dist/apps/cli/src/workspace-packages.js). */
const DIST_ROOT = resolve(__dirname, '../../..');
const FOLDERS = ['libs', 'apps', '.'];

export function compiledWorkspacePackage(name: string, distRoot = DIST_ROOT): string | null {
  for (const folder of FOLDERS) {
    const candidate = resolve(distRoot, folder, name, 'src/index.js');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** This file, for `--require` in worker threads. */
export const WORKSPACE_PACKAGES_HOOK = __filename;

const moduleInternals = Module as unknown as { _resolveFilename: Resolve };
const original = moduleInternals._resolveFilename;

moduleInternals._resolveFilename = function resolveWorkspacePackage(request, parent, isMain, options) {
  try {
    return original.call(this, request, parent, isMain, options);
  } catch (error) {
    const match = /^@skype-manager\/([a-z0-9-]+)$/.exec(request);
    const compiled = match ? compiledWorkspacePackage(match[1]) : null;
    if (!compiled) throw error;
    return compiled;
  }
};
