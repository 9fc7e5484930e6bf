/**
 * Preloaded (`node -r`) into every bench process that imports the product.
 *
 * Why: each workspace package's `main` is `../../dist/libs/<lib>/src/index.js`, relative to the
 * package folder. Node resolves `main` against the path it found the package at —
 * `node_modules/@skype-manager/<lib>`, the workspace symlink — not against the symlink's target, so it
 * looks in `node_modules/dist/…` and fails. Here a `@skype-manager/<name>` request is resolved from
 * the package's real folder instead, which is what `main` means. Nothing else is changed.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import Module from 'node:module';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './processes';

type Resolve = (request: string, parent: unknown, isMain: boolean, options: unknown) => string;
const moduleInternals = Module as unknown as { _resolveFilename: Resolve };
const original = moduleInternals._resolveFilename;
const cache = new Map<string, string>();

moduleInternals._resolveFilename = function resolveProductPackage(request, parent, isMain, options) {
  const match = /^@skype-manager\/([a-z0-9-]+)$/.exec(request);
  if (match) {
    const known = cache.get(request);
    if (known) return known;
    const link = join(REPO_ROOT, 'node_modules', '@skype-manager', match[1]);
    if (existsSync(link)) {
      const folder = realpathSync(link);
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { main?: string };
      const target = resolve(folder, manifest.main ?? 'index.js');
      if (existsSync(target)) {
        cache.set(request, target);
        return target;
      }
    }
  }
  return original.call(this, request, parent, isMain, options);
};
