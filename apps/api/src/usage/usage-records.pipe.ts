import type { ArgumentMetadata, PipeTransform, ValidationPipe } from '@nestjs/common';
import { MAX_AMOUNT_MINOR, MAX_USAGE_RECORDS } from '@skype-manager/domain';
import { isISO8601 } from 'class-validator';
import { UUID_PATTERN } from '../http/fields';
import { invalidInput } from '../http/problem';
import { createValidationPipe } from '../http/validation';
import { MAX_DURATION_SECONDS, MAX_USAGE_ID_LENGTH, RecordUsageDto } from './usage.dto';

const RECORD_FIELDS = ['usageId', 'memberId', 'kind', 'destination', 'startedAt', 'durationSeconds', 'costMinor'];
const DATE_AND_TIME = /^\d{4}-\d{2}-\d{2}T/;
const NOT_BLANK = /\S/;

const isText = (value: unknown, maxLength: number): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= maxLength && NOT_BLANK.test(value);

const isIntegerIn = (value: unknown, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;

function isValidRecord(record: unknown): boolean {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return false;
  const r = record as Record<string, unknown>;
  const keys = Object.keys(r);
  if (keys.length !== RECORD_FIELDS.length || !RECORD_FIELDS.every((field) => Object.hasOwn(r, field))) return false;
  return (
    isText(r.usageId, MAX_USAGE_ID_LENGTH) &&
    typeof r.memberId === 'string' &&
    UUID_PATTERN.test(r.memberId) &&
    (r.kind === 'call' || r.kind === 'sms') &&
    isText(r.destination, 32) &&
    typeof r.startedAt === 'string' &&
    DATE_AND_TIME.test(r.startedAt) &&
    isISO8601(r.startedAt, { strict: true }) &&
    isIntegerIn(r.durationSeconds, MAX_DURATION_SECONDS) &&
    isIntegerIn(r.costMinor, MAX_AMOUNT_MINOR)
  );
}

/**
 * Validates a usage batch (up to 1000 records) in well under a millisecond: class-validator takes tens of
 * milliseconds of event-loop time for that many nested objects. The fast check accepts only what
 * RecordUsageDto accepts (every field present, nothing else, same limits); anything it does not accept
 * is handed to the DTO's ValidationPipe, which names the wrong fields exactly as elsewhere.
 */
export class UsageRecordsPipe implements PipeTransform<unknown, Promise<RecordUsageDto>> {
  private readonly fallback: ValidationPipe = createValidationPipe(RecordUsageDto);

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<RecordUsageDto> {
    if (isValidBatch(value)) return value as RecordUsageDto;
    const records = (value as { records?: unknown } | null)?.records;
    if (Array.isArray(records) && records.length > MAX_USAGE_RECORDS) {
      // Refused before looking at each of the (possibly thousands of) records.
      throw invalidInput([{ field: 'records', message: `records must contain no more than ${MAX_USAGE_RECORDS} elements` }]);
    }
    return (await this.fallback.transform(value, { ...metadata, metatype: RecordUsageDto })) as RecordUsageDto;
  }
}

export function isValidBatch(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const body = value as Record<string, unknown>;
  if (Object.keys(body).length !== 1 || !Array.isArray(body.records)) return false;
  const { records } = body;
  return records.length >= 1 && records.length <= MAX_USAGE_RECORDS && records.every(isValidRecord);
}
