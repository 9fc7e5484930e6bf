import type { PipeTransform } from '@nestjs/common';
import { UUID_PATTERN } from './fields';
import { notFound } from './problem';

/** A path id this API issued: anything but a UUID cannot name anything, so it is 404 like an unknown one. */
export class IdParam implements PipeTransform<string, string> {
  constructor(private readonly thing: string) {}

  transform(value: string): string {
    if (typeof value !== 'string' || !UUID_PATTERN.test(value)) {
      throw notFound(`${this.thing}-not-found`, `No ${this.thing} ${String(value).slice(0, 60)}`);
    }
    return value.toLowerCase();
  }
}
