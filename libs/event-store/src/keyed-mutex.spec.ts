import { KeyedMutex } from './keyed-mutex';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedMutex', () => {
  it('should run tasks of one key one at a time, in arrival order', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([mutex.runExclusive(['a'], task('1')), mutex.runExclusive(['a'], task('2'))]);
    expect(log).toEqual(['1 start', '1 end', '2 start', '2 end']);
  });

  it('should run tasks of different keys concurrently', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([mutex.runExclusive(['a'], task('1')), mutex.runExclusive(['b'], task('2'))]);
    expect(log.slice(0, 2)).toEqual(['1 start', '2 start']);
  });

  it('should not deadlock tasks taking overlapping keys in opposite order, and release on failure', async () => {
    const mutex = new KeyedMutex();
    const failing = mutex.runExclusive(['b', 'a'], async () => {
      await tick();
      throw new Error('boom');
    });
    const other = mutex.runExclusive(['a', 'b'], async () => 'ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(other).resolves.toBe('ran');
  });
});
