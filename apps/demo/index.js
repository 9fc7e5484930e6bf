// Run-time entry of this workspace package: the compiled output of the single root build
// (npm run build → dist/). Tests and the type-checker use src/ directly.
// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = require('../../dist/apps/demo/src/index.js');
