// The password rule the server holds new passwords to (auth.passwordMinLength, from GET /api/setup),
// as a form rule and a hint, with the server's own schema (src/accounts/password.schema.ts).
import { useQuery } from '@tanstack/react-query';
import { MIN_PASSWORD_LENGTH, newPasswordSchema } from '../../../src/accounts/password.schema';
import { fieldRule } from '../shared/validate';
import { setupQuery } from './pb';

export function usePasswordRule(): { rule: (value: unknown) => string | null; hint: string } {
  // Every route loads the setup query before it renders; the default covers only a failed load.
  const minLength = useQuery(setupQuery).data?.passwordMinLength ?? MIN_PASSWORD_LENGTH;
  return {
    rule: fieldRule(newPasswordSchema(minLength)),
    hint: `At least ${minLength} characters; a long phrase is best.`,
  };
}
