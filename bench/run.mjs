// Launcher for `npm run bench [-- --smoke|--full] [-- --only=1,3]` and `npm run bench:ab -- --base=<dir>`.
// 1. builds the product (`npm run build`, i.e. tsc -p tsconfig.build.json): the bench imports the
//    libraries through npm workspaces, which resolve to dist/. Type errors elsewhere in the product
//    are reported but do not stop the bench (tsc still emits), errors in bench/ do.
// 2. compiles bench/ (tsc -p bench/tsconfig.json → dist/bench), 3. runs dist/bench/bench/src/main.js.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

// Incremental (build info kept in bench/.tmp, git-ignored): an unchanged tree compiles in seconds.
function compile(project, fatal) {
  const buildInfo = join(root, 'bench/.tmp', `${project.replace(/[^a-z]+/gi, '-')}.tsbuildinfo`);
  const args = [tsc, '-p', project, '--incremental', '--tsBuildInfoFile', buildInfo];
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const errors = (result.stdout + result.stderr).split('\n').filter((line) => /error TS\d+/.test(line));
  const ours = errors.filter(fatal);
  if (errors.length > ours.length) {
    console.warn(`[bench] ${project}: ${errors.length - ours.length} type error(s) outside bench/ (emitted anyway), first: ${errors.find((e) => !fatal(e))}`);
  }
  if (ours.length > 0) {
    console.error(ours.join('\n'));
    process.exit(1);
  }
  if (result.status !== 0 && errors.length === 0) {
    console.error(result.stdout + result.stderr);
    process.exit(1);
  }
}

compile('tsconfig.build.json', () => false);
compile('bench/tsconfig.json', (line) => line.startsWith('bench/'));
// `--ab`: the before/after comparison (bench/src/ab.ts) instead of the benchmark run.
const ab = process.argv.includes('--ab');
const entry = join(root, 'dist/bench/bench/src', ab ? 'ab.js' : 'main.js');
const run = spawnSync(process.execPath, [entry, ...process.argv.slice(2).filter((arg) => arg !== '--ab')], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
