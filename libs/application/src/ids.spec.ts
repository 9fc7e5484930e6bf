import { validate, version } from 'uuid';
import { newId } from './ids';

describe('Ids minted by this process (events, and the API\'s ids)', () => {
  it('are UUID v7 stamped with the time they were made', () => {
    const nowMs = Date.UTC(2025, 2, 15, 10, 0, 0);
    const id = newId(nowMs);
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(nowMs);
  });

  it('never repeat and keep increasing, within one millisecond too, across many blocks of randomness', () => {
    const nowMs = Date.UTC(2030, 0, 1);
    const ids = Array.from({ length: 5000 }, (_, i) => newId(nowMs + Math.floor(i / 1000)));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('stay unique and ordered for 10,000 ids in one millisecond', () => {
    const nowMs = Date.UTC(2032, 0, 1);
    const ids = Array.from({ length: 10_000 }, () => newId(nowMs));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('do not go backwards when the clock does', () => {
    const first = newId(Date.UTC(2031, 0, 1));
    const second = newId(Date.UTC(2029, 0, 1));
    expect(second > first).toBe(true);
  });
});
