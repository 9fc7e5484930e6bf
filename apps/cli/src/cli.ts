import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliError, EXIT, processIo, type CliIo } from './cli-io';
import { exportCommand } from './commands/export.command';
import { importCommand } from './commands/import.command';
import { replayCommand } from './commands/replay.command';
import { statsCommand } from './commands/stats.command';
import { verifyCommand } from './commands/verify.command';
import { READ_SIDE, type ReadSide } from './read-side';
import { locate, type StoreOptions } from './stores';

interface GlobalOptions extends StoreOptions {
  json?: boolean;
  quiet?: boolean;
}

/**
 * `skype-manager <command>`: audit and operations on the event log. Runs in-process for tests:
 * `run(argv, io)` resolves with the exit code instead of exiting.
 */
export async function run(argv: readonly string[], io: CliIo = processIo(), readSide: ReadSide = READ_SIDE): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, readSide, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.failure;
    if (error instanceof CliError) {
      io.err(`skype-manager: ${error.message}\n`);
      return error.exitCode;
    }
    io.err(`skype-manager: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failure;
  }
}

function buildProgram(io: CliIo, readSide: ReadSide, done: (code: number) => void): Command {
  const program = new Command('skype-manager')
    .description('Audit and operations on the Skype Manager event log')
    .exitOverride()
    .configureOutput({ writeOut: (text) => void io.out(text), writeErr: (text) => io.err(text) })
    .showHelpAfterError()
    .option('--data-dir <dir>', 'folder of the SQLite files (events.sqlite, read.sqlite); default $DATA_DIR or ./data')
    .addOption(new Option('--eventstore-url <url>', 'EventStoreDB/KurrentDB connection string (default $EVENTSTORE_URL)'))
    .addOption(new Option('--mongodb-url <url>', 'MongoDB read models connection string (default $MONGODB_URL)'))
    .option('--json', 'print the result as JSON')
    .option('--quiet', 'no progress on stderr');
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const where = () => locate(globals(), io);

  program
    .command('verify')
    .description('re-check the hash chain, stream revisions and ledger rules (and read models when available); exit 1 on any problem')
    .option('--manager <id>', 'only this Manager')
    .option('--max-problems <n>', 'problems listed at most', positiveInteger, 100)
    .option('--threads <n>', '1: all in one thread; 2: read-model replay in a worker; 3: hash chain in a worker too (SQLite); more only helps with idle cores', threadCount, 1)
    .option('--skip-read-models', 'only the log: do not rebuild and compare the read models')
    .option('--page-size <n>', 'events read per page (default 1000, or 5000 when the read models are compared; at most 10000)', pageSize)
    .action(async (options: { manager?: string; maxProblems: number; threads: number; skipReadModels?: boolean; pageSize?: number }) => {
      done(await verifyCommand(io, where(), readSide, { ...options, json: globals().json, quiet: globals().quiet }));
    });
  program
    .command('replay')
    .description('rebuild every read model from the log')
    .action(async () => done(await replayCommand(io, where(), readSide, { quiet: globals().quiet })));
  program
    .command('export')
    .description('write the whole log as NDJSON (header, events in log order, trailer)')
    .option('--out <file>', 'file to create (default: stdout)')
    .option('--manager <id>', "only this Manager's events")
    .action(async (options: { out?: string; manager?: string }) => done(await exportCommand(io, where(), { ...options, quiet: globals().quiet })));
  program
    .command('import')
    .description('restore an export into an EMPTY store, checking the chain before and after')
    .requiredOption('--in <file>', 'the export file')
    .action(async (options: { in: string }) => done(await importCommand(io, where(), { ...options, quiet: globals().quiet })));
  program
    .command('stats')
    .description('events, streams, Managers, events per type, head position, file sizes')
    .action(async () => done(await statsCommand(io, where(), { json: globals().json, quiet: globals().quiet })));
  return program;
}

function threadCount(value: string): number {
  if (!['1', '2', '3'].includes(value)) throw new InvalidArgumentError('expected 1, 2 or 3');
  return Number(value);
}

function pageSize(value: string): number {
  const parsed = positiveInteger(value);
  if (parsed > 10_000) throw new InvalidArgumentError('expected at most 10000');
  return parsed;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}
