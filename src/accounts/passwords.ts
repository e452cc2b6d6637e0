// Password hashing (argon2id off the event loop), rehash detection and the password policy.
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { newPasswordSchema } from './password.schema.js';

/** `Algorithm.Argon2id` (a const enum, which isolated modules cannot import). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
const ARGON2ID = 2 as Algorithm.Argon2id;

export interface HashParams {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's argon2id recommendation: m=19 MiB, t=2, p=1. */
export const OWASP_PARAMS: HashParams = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export class PasswordHasher {
  /** Verified instead of a real hash when the account is unknown, so both cost the same. */
  private dummyHash: Promise<string>;

  constructor(readonly params: HashParams = OWASP_PARAMS) {
    this.dummyHash = this.hash('gatehouse-dummy-password');
  }

  hash(password: string): Promise<string> {
    return hash(password, { ...this.params, algorithm: ARGON2ID });
  }

  /** Verifies `password` against `stored`, or against the dummy hash when there is none. */
  async verify(stored: string | null | undefined, password: string): Promise<boolean> {
    if (!stored) {
      await verify(await this.dummyHash, password).catch(() => false);
      return false;
    }
    return verify(stored, password).catch(() => false);
  }

  /** True when `stored` was made with other parameters (or another algorithm) than ours. */
  needsRehash(stored: string): boolean {
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
    if (!match) return true;
    return (
      Number(match[1]) !== this.params.memoryCost ||
      Number(match[2]) !== this.params.timeCost ||
      Number(match[3]) !== this.params.parallelism
    );
  }
}

/** Policy problems with `password`, or null when it is acceptable. Length over composition. */
export function passwordProblem(password: string, minLength: number): string | null {
  const length = newPasswordSchema(minLength).safeParse(password);
  if (!length.success) return length.error.issues[0]?.message ?? 'Invalid password.';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    return 'This password is too common; choose another.';
  }
  return null;
}

// The most common passwords of at least 8 characters in public breach corpora (a short list; the
// length rule already excludes the shorter ones).
// prettier-ignore
const COMMON_PASSWORDS = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd',
  'p@ssword', '12345678', '123456789', '1234567890', '12345678910', '87654321', '11111111',
  '00000000', '88888888', '99999999', '12341234', '11223344', '123123123', '1q2w3e4r',
  '1q2w3e4r5t', '1qaz2wsx', 'qwertyuiop', 'qwerty123', 'qwerty12', 'qwertyui', 'qwerty1234',
  'asdfghjkl', 'asdfasdf', 'zxcvbnm1', 'iloveyou', 'iloveyou1', 'sunshine', 'princess',
  'football', 'baseball', 'welcome1', 'welcome123', 'superman', 'starwars', 'trustno1',
  'letmein1', 'changeme', 'computer', 'michelle', 'jennifer', 'whatever', 'basketball',
  'abcd1234', 'abc12345', 'abcdefgh', 'admin123', 'administrator', 'qazwsxedc', 'aa123456',
  'dragon12', 'master12', 'monkey12', 'shadow12', 'football1', 'charlie1', 'access14',
  'mustang1', 'liverpool', 'chelsea1', 'blink182', 'pokemon1', 'samsung1', 'internet',
  'maverick', 'hello123', 'secret12', 'q1w2e3r4', 'q1w2e3r4t5', 'zaq12wsx', 'passwort',
  'motdepasse', 'gatehouse', 'gatehouse1', 'gatehouse123',
]);
