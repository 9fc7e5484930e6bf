import { startProjectorProcess } from './projector-process';

// The projector as its own process (`node dist/apps/projector/src/main.js`); see projector-process.ts.
startProjectorProcess().then(
  (running) => running.exited.then((code) => process.exit(code)),
  (error: unknown) => {
    process.stderr.write(
      `projector could not start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
