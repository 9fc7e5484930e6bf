import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_FLAGS } from './node-flags';

const ROOT = join(__dirname, '../../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('the V8 flags every product process runs with (NODE_FLAGS)', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  it.each(['start', 'projector', 'cli', 'demo'])('should be on the node command of the npm script %s', (name) => {
    const launch = /\bnode ((?:--\S+ )*)dist\/apps\/\S+\/main\.js/.exec(scripts[name]);
    expect(launch).not.toBeNull();
    expect(launch![1].trim().split(' ')).toEqual([...NODE_FLAGS]);
  });

  it('should be in the Docker image NODE_OPTIONS (the API and the projector containers)', () => {
    const options = /NODE_OPTIONS=(?:"([^"]*)"|(\S+))/.exec(read('docker/Dockerfile'));
    expect(options).not.toBeNull();
    expect((options![1] ?? options![2]).split(' ')).toEqual([...NODE_FLAGS]);
  });

  it('should be given to the bench processes, which measure the product as it runs', () => {
    expect(read('bench/src/lib/processes.ts')).toMatch(/execArgv: \[\s*\.\.\.NODE_FLAGS,/);
  });
});
