// The one error type: its codes are a closed list, and the helpers build the shapes written inline today.
import { describe, expect, it } from 'vitest';
import {
  AppError,
  type ErrorCode,
  fieldError,
  frameworkCode,
  paramError,
  recordInvalid,
  refuse,
} from './errors.js';

// Never called: tsc checks that a code outside the list does not compile.
export function typeChecks(): ErrorCode[] {
  // @ts-expect-error -- not a Gatehouse error code
  const unknown: ErrorCode = 'something_else';
  // @ts-expect-error -- a field's code is a validation_* code
  fieldError('email', 'forbidden', 'x');
  return [unknown, 'FST_ERR_CTP_BODY_TOO_LARGE', 'validation_required'];
}

describe('errors', () => {
  it('refuse gives a refusal the code of its status, or its field code', () => {
    expect(refuse({ ok: false, status: 403, message: 'No.' })).toMatchObject({
      status: 403,
      code: 'forbidden',
      data: {},
    });
    expect(refuse({ ok: false, status: 401, message: 'Who?' }).code).toBe('unauthorized');
    const cycle = refuse({
      ok: false,
      status: 400,
      field: 'parent',
      code: 'validation_cycle',
      message: 'A cycle.',
    });
    expect(cycle).toMatchObject({
      status: 400,
      code: 'validation_cycle',
      data: { parent: { code: 'validation_cycle', message: 'A cycle.' } },
    });
  });

  it('keeps a framework 4xx code, else bad_request', () => {
    expect(frameworkCode('FST_ERR_CTP_BODY_TOO_LARGE')).toBe('FST_ERR_CTP_BODY_TOO_LARGE');
    expect(frameworkCode(undefined)).toBe('bad_request');
  });

  it('builds the record and parameter errors as they are written inline', () => {
    const data = {
      title: { code: 'validation_required' as const, message: 'Missing required value.' },
    };
    expect(recordInvalid('create', data)).toEqual(
      new AppError(400, 'validation_failed', 'Failed to create record.', data),
    );
    expect(recordInvalid('update', data).message).toBe('Failed to update record.');
    expect(paramError('sort', 'Bad sort.')).toMatchObject({
      status: 400,
      code: 'invalid_sort',
      data: { sort: { code: 'validation_invalid_sort', message: 'Bad sort.' } },
    });
  });
});
