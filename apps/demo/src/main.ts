import { runDemo } from './demo';

/**
 * `npm run demo [-- --exit] [-- --data-dir ./data-demo] [-- --port 3000]`: starts the API with a
 * sample company and keeps it running until Ctrl-C; `--exit` stops once the summary is printed.
 */
const USAGE = 'usage: demo [--exit] [--data-dir <dir>] [--port <port>]';

function parseArgs(argv: string[]): { exit: boolean; dataDir?: string; port?: number } {
  const args: { exit: boolean; dataDir?: string; port?: number } = { exit: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--exit') args.exit = true;
    else if (flag === '--data-dir') args.dataDir = value();
    else if (flag === '--port' && /^\d{1,5}$/.test(value() ?? '')) args.port = Number(inline ?? argv[i]);
    else throw new Error(`unknown or bad argument ${argv[i]}\n${USAGE}`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const demo = await runDemo({ dataDir: args.dataDir, port: args.port });
  if (args.exit) {
    await demo.stop();
    return;
  }
  process.stdout.write('\nRunning until Ctrl-C.\n');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    demo.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('The demo did not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('The demo failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
