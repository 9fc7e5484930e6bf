import { randomFillSync } from 'node:crypto';

/**
 * Event ids: UUID version 7 (RFC 9562), as the `uuid` package makes them, at a fraction of the cost.
 *
 * Why not `uuid`'s v7: it asks the system for 16 random bytes per id (`crypto.getRandomValues`), which
 * cost ~6 µs — 7 ms of every 1,000-record usage request, about a tenth of its main-thread time. Here
 * the randomness is drawn from a pool refilled 4 KiB at a time, and the text is built from a byte →
 * hex table.
 *
 * Layout: 48-bit Unix milliseconds, version 7, a 12-bit counter (rand_a: RFC 9562 §6.2 method 1),
 * variant 10, 62 random bits. The counter starts at a random value below 2048 each new millisecond
 * and counts up, so the ids of one process sort in creation order; when it runs out within a
 * millisecond, the timestamp moves on by one (as the RFC allows), so order and uniqueness still hold.
 */
const POOL_BYTES = 4096;
const RANDOM_BYTES_PER_ID = 10;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;
let lastMs = -1;
let counter = 0;

function randomBytes(): number {
  if (poolOffset + RANDOM_BYTES_PER_ID > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const offset = poolOffset;
  poolOffset += RANDOM_BYTES_PER_ID;
  return offset;
}

/** A new UUID v7, e.g. '019ad0c4-5f1e-7a3b-8c2d-4e5f60718293'. */
export function newEventId(nowMs: number = Date.now()): string {
  const r = randomBytes();
  if (nowMs > lastMs) {
    lastMs = nowMs;
    counter = ((pool[r] << 8) | pool[r + 1]) & 0x7ff;
  } else if (++counter > 0xfff) {
    lastMs += 1;
    counter = 0;
  }
  const ms = lastMs;
  // 48-bit milliseconds as two exact parts (JavaScript bit operators are 32-bit).
  const high = Math.floor(ms / 0x1000000); // top 24 bits
  const low = ms % 0x1000000; // bottom 24 bits
  return (
    HEX[(high >>> 16) & 0xff] +
    HEX[(high >>> 8) & 0xff] +
    HEX[high & 0xff] +
    HEX[(low >>> 16) & 0xff] +
    '-' +
    HEX[(low >>> 8) & 0xff] +
    HEX[low & 0xff] +
    '-' +
    HEX[0x70 | (counter >>> 8)] +
    HEX[counter & 0xff] +
    '-' +
    HEX[0x80 | (pool[r + 2] & 0x3f)] +
    HEX[pool[r + 3]] +
    '-' +
    HEX[pool[r + 4]] +
    HEX[pool[r + 5]] +
    HEX[pool[r + 6]] +
    HEX[pool[r + 7]] +
    HEX[pool[r + 8]] +
    HEX[pool[r + 9]]
  );
}
