/**
 * Runs the TypeScript sources in plain Node for benchmarks (`node -r ./libs/audit/bench/register-ts.js x.ts`).
 * Why not Jest: Jest runs code inside a vm context, where this workload runs several times slower, so
 * its timings say nothing about production. Compiles with SWC (as Jest does) and maps
 * `@skype-manager/<lib>` to the sources, as the tsconfig paths do.
 */
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../../..');
const libs = new Set(['domain', 'event-store', 'read-store', 'application', 'testing', 'audit']);
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = /^@skype-manager\/([a-z-]+)$/.exec(request);
  if (match) {
    const name = match[1];
    const folder = libs.has(name) ? `libs/${name}` : name === 'projections' ? 'projections' : `apps/${name}`;
    return path.join(root, folder, 'src/index.ts');
  }
  return resolve.call(this, request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
