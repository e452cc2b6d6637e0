// zod → PocketBase-shaped validation errors: `{field: {code, message}}`, one entry per field.
import type { z } from 'zod';
import { AppError, type FieldError, type FieldErrors } from '../errors.js';

function fieldErrorOf(issue: z.core.$ZodIssue): FieldError {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { code: 'validation_required', message: 'Missing required value.' }
        : { code: 'validation_invalid_type', message: `Must be of type ${issue.expected}.` };
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) {
        return { code: 'validation_required', message: 'Cannot be blank.' };
      }
      return { code: 'validation_out_of_range', message: issue.message };
    case 'too_big':
      return { code: 'validation_out_of_range', message: issue.message };
    case 'invalid_format':
      return issue.format === 'email'
        ? { code: 'validation_is_email', message: 'Must be a valid email address.' }
        : { code: 'validation_invalid_format', message: issue.message };
    case 'invalid_value':
      return { code: 'validation_invalid_value', message: issue.message };
    default:
      return { code: 'validation_invalid_value', message: issue.message };
  }
}

export function zodToAppError(
  error: z.ZodError,
  message = 'Failed to process the request.',
): AppError {
  const data: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.map(String).join('.');
      for (const key of issue.keys) {
        data[prefix ? `${prefix}.${key}` : key] = {
          code: 'validation_unknown_field',
          message: 'Unknown field.',
        };
      }
      continue;
    }
    const field = issue.path.map(String).join('.') || 'body';
    data[field] ??= fieldErrorOf(issue);
  }
  return new AppError(400, 'validation_failed', message, data);
}

/** Parses `input` with `schema` or throws a 400 naming every bad field. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  message?: string,
): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw zodToAppError(result.error, message);
  return result.data;
}
