import { newEventId } from './event-ids';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Event ids', () => {
  it('should be UUID version 7 with the RFC 9562 variant', () => {
    for (let i = 0; i < 1000; i++) expect(newEventId()).toMatch(UUID_V7);
  });

  it('should carry the creation time in milliseconds', () => {
    const ms = Date.UTC(2031, 4, 6, 7, 8, 9, 123);
    const id = newEventId(ms);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(ms);
  });

  it('should be unique and sort in creation order, even many in one millisecond', () => {
    const ms = Date.UTC(2032, 0, 1);
    const ids = Array.from({ length: 10_000 }, () => newEventId(ms));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('should keep creation order when the clock goes back', () => {
    const ms = Date.UTC(2033, 0, 1);
    const first = newEventId(ms);
    const second = newEventId(ms - 5000);
    expect(second > first).toBe(true);
  });
});
