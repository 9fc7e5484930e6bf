import { ValidationPipe, type ArgumentMetadata, type PipeTransform, type Type, type ValidationError } from '@nestjs/common';
import { invalidInput, type FieldError } from './problem';

/**
 * Bodies are checked against their DTO before anything runs: unknown fields are refused, nothing is
 * coerced (a string "100" is not an amount), and every error names its field (`records[3].costMinor`).
 */
export function createValidationPipe(expectedType?: Type<unknown>): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    expectedType,
    exceptionFactory: (errors) => invalidInput(fieldErrors(errors)),
  });
}

export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const found: FieldError[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    for (const message of Object.values(error.constraints ?? {})) found.push({ field: field || 'body', message });
    if (error.children && error.children.length > 0) found.push(...fieldErrors(error.children, field));
  }
  return found;
}

/**
 * For a body that may be JSON `null` (e.g. "no automatic top-up"): null passes through, anything else is
 * validated as `type`. The parameter must be typed `unknown` so the global pipe leaves it alone.
 */
export class NullableBody<T> implements PipeTransform<unknown, Promise<T | null>> {
  private readonly pipe: ValidationPipe;
  constructor(private readonly type: Type<T>) {
    this.pipe = createValidationPipe(type);
  }
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<T | null> {
    if (value === null) return null;
    return this.pipe.transform(value, { ...metadata, metatype: this.type }) as Promise<T>;
  }
}

/** For a command without a body: nothing, or an empty JSON object. Any field sent is refused. */
export class EmptyBody implements PipeTransform<unknown, Record<string, never>> {
  transform(value: unknown): Record<string, never> {
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw invalidInput([{ field: 'body', message: 'this command takes no body (send nothing or {})' }]);
    }
    const fields = Object.keys(value);
    if (fields.length > 0) {
      throw invalidInput(fields.map((field) => ({ field, message: `property ${field} should not exist` })));
    }
    return {};
  }
}
