// The password length rule the server and the web UI's forms share.
import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX_LENGTH, newPasswordSchema } from './password.schema.js';

describe('newPasswordSchema', () => {
  it('holds a password to the minimum given and to the maximum, in characters', () => {
    const message = (value: string, min = 8) =>
      newPasswordSchema(min).safeParse(value).error?.issues[0]?.message ?? null;
    expect(message('seven c')).toBe('Must be at least 8 characters.');
    expect(message('eight ch')).toBeNull();
    expect(message('eight ch', 12)).toBe('Must be at least 12 characters.');
    expect(message('🔑'.repeat(8))).toBeNull();
    expect(message('x'.repeat(PASSWORD_MAX_LENGTH))).toBeNull();
    expect(message('x'.repeat(PASSWORD_MAX_LENGTH + 1))).toBe('Must be at most 256 characters.');
  });
});
