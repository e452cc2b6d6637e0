// The one error type: services throw it, the HTTP layer and the CLI render it.
import type { Refused } from './access/decision.js';

export interface FieldError {
  code: string;
  message: string;
}

export type FieldErrors = Record<string, FieldError>;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly data: FieldErrors = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, data: FieldErrors = {}) =>
  new AppError(400, 'bad_request', message, data);

export const unauthorized = (message = 'The request requires valid record authorization token.') =>
  new AppError(401, 'unauthorized', message);

export const forbidden = (message = 'You are not allowed to perform this request.') =>
  new AppError(403, 'forbidden', message);

export const notFound = (message = "The requested resource wasn't found.") =>
  new AppError(404, 'not_found', message);

/** A 400 naming one field, in PocketBase's `data: {field: {code, message}}` shape. */
export const fieldError = (field: string, code: string, message: string, summary?: string) =>
  badRequest(summary ?? 'Failed to process the request.', { [field]: { code, message } });

/** 403 naming a field the caller may not change, with why (what they may change instead). */
export const fieldForbidden = (field: string, why: string) =>
  new AppError(403, 'forbidden', `You are not allowed to change "${field}". ${why}`.trim(), {
    [field]: { code: 'validation_forbidden', message: 'You are not allowed to change this field.' },
  });

/** Throws `error()` unless `condition` holds (Logto's assertThat). */
export function assertThat(condition: unknown, error: () => AppError): asserts condition {
  if (!condition) throw error();
}

/** The error for a refused access decision: its status and reason, naming its field when it has one. */
export function refuse(decision: Refused): AppError {
  const code = decision.code ?? 'forbidden';
  const data = decision.field ? { [decision.field]: { code, message: decision.message } } : {};
  return new AppError(decision.status, code, decision.message, data);
}
