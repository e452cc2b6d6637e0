// The password length rule, one schema for the server and the web UI's forms (imports only zod, so
// the UI shares it). The minimum is a setting (auth.passwordMinLength); the UI reads it from
// GET /api/setup. The server's full policy (passwords.ts) adds the common-password list.
import { z } from 'zod';

/** The least auth.passwordMinLength may ask, and its default. */
export const MIN_PASSWORD_LENGTH = 8;

/** The longest password, in code points (argon2 hashes any length; this bounds the work). */
export const PASSWORD_MAX_LENGTH = 256;

/** Length in code points, so that every character counts once. */
const codePoints = (value: string) => Array.from(value).length;

/** A new password: at least `minLength` and at most 256 characters. */
export function newPasswordSchema(minLength: number) {
  return z.string().check((ctx) => {
    const length = codePoints(ctx.value);
    if (length < minLength) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `Must be at least ${minLength} characters.`,
      });
    } else if (length > PASSWORD_MAX_LENGTH) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `Must be at most ${PASSWORD_MAX_LENGTH} characters.`,
      });
    }
  });
}
