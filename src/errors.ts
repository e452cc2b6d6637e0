// The one error type: services throw it, the HTTP layer and the CLI render it.
import type { Refused } from './access/decision.js';

/** The codes of a whole request's error (`AppError.code`), the first word of what went wrong. */
export const REQUEST_ERROR_CODES = [
  // Generic, by status.
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'locked',
  'request_timeout',
  'body_too_large',
  'internal',
  // Input a service could not read.
  'invalid_config',
  'invalid_fields',
  'invalid_filter',
  'invalid_form',
  'invalid_query',
  'invalid_sort',
  'invalid_text',
  // Accounts and sign-in.
  'auth_failed',
  'confirmation_required',
  'last_superuser',
  'otp_disabled',
  'setup_closed',
  'superuser_exists',
  'token_not_refreshable',
  'unknown_superuser',
  // Roles and imports.
  'role_in_use',
  'import_applied',
  'import_expired',
  'import_too_large',
] as const;

/** The codes of one field's error (`data: {field: {code, message}}`), PocketBase's `validation_*`. */
export const FIELD_ERROR_CODES = [
  // Presence, type and format.
  'validation_required',
  'validation_invalid_type',
  'validation_invalid_value',
  'validation_invalid_format',
  'validation_invalid_bool',
  'validation_invalid_date',
  'validation_invalid_number',
  'validation_invalid_json',
  'validation_invalid_id',
  'validation_is_email',
  'validation_is_url',
  'validation_unknown_field',
  'validation_out_of_range',
  'validation_in_past',
  'validation_max_number_constraint',
  'validation_min_number_constraint',
  'validation_max_text_constraint',
  'validation_json_depth_limit',
  'validation_json_size_limit',
  'validation_too_many_values',
  'validation_values_mismatch',
  // Records, relations and queries.
  'validation_not_unique',
  'validation_conflict',
  'validation_invalid_record',
  'validation_invalid_relation',
  'validation_missing_rel_records',
  'validation_not_a_file_field',
  'validation_file_size_limit',
  'validation_invalid_filter',
  'validation_invalid_sort',
  'validation_invalid_fields',
  'validation_invalid_modifier',
  // Accounts, tokens and permissions.
  'validation_confirmation',
  'validation_disabled',
  'validation_forbidden',
  'validation_invalid_old_password',
  'validation_invalid_password',
  'validation_own_password',
  'validation_invalid_token',
  'validation_not_owner',
  'validation_owner_only',
  'validation_service_account',
  'validation_scope_not_held',
  'validation_unknown_user',
  // The directory: roles, levels, groups.
  'validation_cycle',
  'validation_invalid_level',
  'validation_invalid_permissions',
  'validation_system_needs_level_0',
  'validation_unknown_action',
  'validation_unknown_module',
  'validation_unknown_role',
  // CSV imports.
  'validation_not_csv',
  'validation_csv_delimiter',
  'validation_csv_header',
  'validation_csv_syntax',
  'validation_import_row',
  'validation_too_many_rows',
] as const;

export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

/**
 * Every code Gatehouse answers with. A refused decision's field code is a field code, and a 4xx
 * raised by Fastify or one of its plugins keeps the framework's own code (`FST_ERR_…`).
 */
export type ErrorCode = (typeof REQUEST_ERROR_CODES)[number] | FieldErrorCode | `FST_${string}`;

export interface FieldError {
  code: FieldErrorCode;
  message: string;
}

export type FieldErrors = Record<string, FieldError>;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
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
export const fieldError = (
  field: string,
  code: FieldErrorCode,
  message: string,
  summary?: string,
) => badRequest(summary ?? 'Failed to process the request.', { [field]: { code, message } });

/** 403 naming a field the caller may not change, with why (what they may change instead). */
export const fieldForbidden = (field: string, why: string) =>
  new AppError(403, 'forbidden', `You are not allowed to change "${field}". ${why}`.trim(), {
    [field]: { code: 'validation_forbidden', message: 'You are not allowed to change this field.' },
  });

/** 400 for a record write with bad fields: PocketBase's "Failed to create/update record." */
export const recordInvalid = (mode: 'create' | 'update', data: FieldErrors) =>
  new AppError(
    400,
    'validation_failed',
    mode === 'create' ? 'Failed to create record.' : 'Failed to update record.',
    data,
  );

/** 400 for a filter, sort or fields parameter that does not parse, naming the parameter. */
export const paramError = (
  param: 'filter' | 'sort' | 'fields',
  message: string,
  summary = message,
) =>
  new AppError(400, `invalid_${param}`, summary, {
    [param]: { code: `validation_invalid_${param}`, message },
  });

/** 400 for a query parameter of the wrong kind (`?skipTotal=maybe`), naming it. */
export const queryError = (param: string, code: FieldErrorCode, message: string, summary: string) =>
  new AppError(400, 'invalid_query', summary, { [param]: { code, message } });

/** 400 for a multipart body that cannot be read (the form as a whole, no one field). */
export const formError = (message: string) => new AppError(400, 'invalid_form', message);

/** 408: an upload went silent for `idleMs` (the body deadline's watchdog and the import's). */
export const uploadStalled = (idleMs: number) =>
  new AppError(
    408,
    'request_timeout',
    `The upload stalled: nothing arrived for ${idleMs / 1000} seconds.`,
  );

/** A flag, an environment variable or a setting that cannot be used (the CLI exits on it). */
export const configError = (message: string) => new AppError(400, 'invalid_config', message);

/** 500: a state the code rules out happened (the error handler logs it). */
export const internalError = (message = 'Something went wrong while processing your request.') =>
  new AppError(500, 'internal', message);

/** Throws `error()` unless `condition` holds (Logto's assertThat). */
export function assertThat(condition: unknown, error: () => AppError): asserts condition {
  if (!condition) throw error();
}

/** The code of a 4xx that Fastify or a plugin raised: its own `FST_ERR_…`, else `bad_request`. */
export function frameworkCode(code: string | undefined): ErrorCode {
  return code?.startsWith('FST_') ? (code as `FST_${string}`) : 'bad_request';
}

/** The code of a refusal that names none, by its status. */
const REFUSAL_CODES = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden' } as const;

/** The error for a refused access decision: its status and reason, naming its field when it has one. */
export function refuse(decision: Refused): AppError {
  const code: ErrorCode = decision.code ?? REFUSAL_CODES[decision.status];
  // A refusal naming a field names its code too (none that does not exists today).
  const field: FieldError = {
    code: decision.code ?? 'validation_forbidden',
    message: decision.message,
  };
  const data: FieldErrors = decision.field ? { [decision.field]: field } : {};
  return new AppError(decision.status, code, decision.message, data);
}
