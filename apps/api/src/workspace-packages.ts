/**
 * Lets the compiled API (`node dist/apps/api/src/main.js`) load the workspace libraries from dist/.
 *
 * Why: each workspace package's `main` is `../../dist/<folder>/src/index.js`, relative to its own folder.
 * Node resolves `main` against the path it found the package at — the workspace symlink
 * `node_modules/@skype-manager/<name>` — not against the symlink's target, so it looks in
 * `node_modules/dist/…` and fails. When that happens, a `@skype-manager/<name>` request is resolved to
 * the compiled file next to this one instead. Imported first by main.ts; nothing else is changed.
 */
import { existsSync } from 'node:fs';
import Module from 'node:module';
import { resolve } from 'node:path';

type Resolve = (request: string, parent: unknown, isMain: boolean, options: unknown) => string;

/** dist/ (this file is dist/apps/api/src/workspace-packages.js). */
const DIST_ROOT = resolve(__dirname, '../../..');
const FOLDERS = ['libs', 'apps', '.'];

export function compiledWorkspacePackage(name: string, distRoot = DIST_ROOT): string | null {
  for (const folder of FOLDERS) {
    const candidate = resolve(distRoot, folder, name, 'src/index.js');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

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
