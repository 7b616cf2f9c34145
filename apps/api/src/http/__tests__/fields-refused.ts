/** Runs the API's real validation pipe on a DTO class: the fields a body would be refused on (400), or []. */
import type { Type } from '@nestjs/common';
import { InvalidInput, validationPipe } from '../validation';

const pipe = validationPipe();

export async function fieldsRefused(dto: Type, body: unknown): Promise<string[]> {
  try {
    await pipe.transform(body, { type: 'body', metatype: dto });
  } catch (error) {
    if (error instanceof InvalidInput) return [...new Set(error.fieldErrors.map((e) => e.field))];
    throw error;
  }
  return [];
}
