#!/usr/bin/env node
// npm keeps `bin` targets inside the package folder, so this shim loads the compiled CLI from the
// repository's build output (`npm run build` first).
require('../../../dist/apps/cli/src/main.js');
