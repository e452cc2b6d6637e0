// One decision shape: every permission decision in access/ answers with it; errors.refuse turns a refusal into the error.

/**
 * Why a request is refused: the HTTP status it maps to (400 a change the directory cannot take, 401
 * unauthenticated, 403 forbidden), the reason, and the field and error code when one field is to blame.
 */
export interface Refused {
  ok: false;
  status: 400 | 401 | 403;
  message: string;
  field?: string;
  code?: RefusalCode;
}

/** The field codes decisions give (errors.ts checks each is one of its ErrorCode list). */
export type RefusalCode =
  | 'validation_cycle'
  | 'validation_not_owner'
  | 'validation_invalid_value'
  | 'validation_missing_rel_records'
  | 'validation_forbidden';

/** Allowed (with whatever the decision found, such as a record scope rule), or refused with a reason. */
export type Decision<T extends object = object> = ({ ok: true } & T) | Refused;

export const ALLOW: Decision = { ok: true };

export function deny(message: string, status: 401 | 403 = 403): Refused {
  return { ok: false, status, message };
}

/** A yes/no decision: `ALLOW`, or `deny(message)` when `allowed` is false. */
export function allowIf(allowed: boolean, message: string): Decision {
  return allowed ? ALLOW : deny(message);
}
