import pino from 'pino';
import { BatchedLogStream } from './log-stream';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function captured() {
  const writes: string[] = [];
  return { writes, stream: new BatchedLogStream((text) => void writes.push(text)) };
}

describe('The batched log stream', () => {
  it('writes the lines of one turn of the event loop together, in order, at the next turn', async () => {
    const { writes, stream } = captured();
    stream.write('one\n');
    stream.write('two\n');
    stream.write('three\n');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['one\ntwo\nthree\n']);
    stream.write('four\n');
    await nextTurn();
    expect(writes).toEqual(['one\ntwo\nthree\n', 'four\n']);
  });

  it('writes at once on flush, and when many lines wait', async () => {
    const { writes, stream } = captured();
    stream.write('closing\n');
    stream.flush();
    expect(writes).toEqual(['closing\n']);
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 64; i++) stream.write(line);
    expect(writes).toHaveLength(2);
    expect(writes[1]).toBe(line.repeat(64));
    await nextTurn();
    expect(writes).toHaveLength(2);
  });

  it("carries pino's lines whole", async () => {
    const { writes, stream } = captured();
    const log = pino({ level: 'info', base: null, timestamp: false }, stream);
    log.info({ route: '/v1/managers/:managerId/usage', status: 200 }, 'request');
    log.debug('not at this level');
    await nextTurn();
    expect(writes.join('').trim().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      { level: 30, route: '/v1/managers/:managerId/usage', status: 200, msg: 'request' },
    ]);
  });
});
