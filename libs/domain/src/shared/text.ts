import { invalid } from './errors';

export const MAX_NAME_LENGTH = 200;

/** Names, accounts and references: non-empty after trimming, at most MAX_NAME_LENGTH characters. */
export function checkName(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim().length === 0) invalid(field, `${field} must be a non-empty string`);
  if (value.length > MAX_NAME_LENGTH) invalid(field, `${field} must be at most ${MAX_NAME_LENGTH} characters`);
}
