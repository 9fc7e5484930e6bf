#!/usr/bin/env node
import { run } from './cli';

// The exit code is set, not forced with process.exit, so stdout (an export may be piped) is flushed first.
void run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
