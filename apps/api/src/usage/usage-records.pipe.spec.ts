import 'reflect-metadata';
import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { isValidBatch } from './usage-records.pipe';
import { RecordUsageDto } from './usage.dto';

const dtoAccepts = (body: unknown): boolean => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const errors = validateSync(plainToInstance(RecordUsageDto, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  return errors.length === 0;
};

const validRecord = {
  usageId: 'call-1',
  memberId: '01900000-0000-7000-8000-000000000000',
  kind: 'call',
  destination: '+33612345678',
  startedAt: '2025-03-15T09:00:00.000Z',
  durationSeconds: 60,
  costMinor: 25,
};

/** Values a field may be replaced with: right and wrong types, edges of every limit. */
const fieldValue = fc.oneof(
  fc.constantFrom(
    'call', 'sms', 'fax', '', '   ', 'x'.repeat(100), 'x'.repeat(101), '+33612345678', '2025-03-15T09:00:00Z',
    '2025-02-30T09:00:00Z', '2025-03-15', '01900000-0000-7000-8000-000000000000', 'not-a-uuid',
    0, -1, 1.5, 2_678_400, 2_678_401, 1_000_000_000_000, 1_000_000_000_001, '100', null, true, [], {},
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
);

describe('The fast usage validation', () => {
  it('accepts a well-formed batch, as the DTO does', () => {
    const body = { records: [validRecord, { ...validRecord, usageId: 'sms-1', kind: 'sms' }] };
    expect(isValidBatch(body)).toBe(true);
    expect(dtoAccepts(body)).toBe(true);
  });

  it('never accepts what RecordUsageDto refuses (one field changed, added or removed)', () => {
    const fields = [...Object.keys(validRecord), 'extra'];
    fc.assert(
      fc.property(fc.constantFrom(...fields), fieldValue, fc.boolean(), (field, value, remove) => {
        const record: Record<string, unknown> = { ...validRecord };
        if (remove) delete record[field];
        else record[field] = value;
        const body = { records: [validRecord, record] };
        if (isValidBatch(body)) expect(dtoAccepts(body)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses batches the DTO refuses: none, too many, not an array, extra top-level fields', () => {
    for (const body of [
      { records: [] },
      { records: Array.from({ length: 1001 }, () => validRecord) },
      { records: validRecord },
      { records: [validRecord], extra: 1 },
      [validRecord],
      null,
    ]) {
      expect(isValidBatch(body)).toBe(false);
    }
  });
});
