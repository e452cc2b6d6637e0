import { describe, expect, it } from 'vitest';
import { OWASP_PARAMS, PasswordHasher, passwordProblem } from './passwords.js';

describe('passwords', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id at OWASP parameters and verifies', async () => {
    const hash = await hasher.hash('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(hash, 'correct horse')).toBe(true);
    expect(await hasher.verify(hash, 'wrong horse')).toBe(false);
    expect(await hasher.verify(null, 'anything')).toBe(false);
    expect(await hasher.verify('not-a-hash', 'anything')).toBe(false);
  });

  it('detects hashes made with other parameters or algorithms', async () => {
    expect(hasher.needsRehash(await hasher.hash('x'))).toBe(false);
    const weaker = new PasswordHasher({ ...OWASP_PARAMS, timeCost: 1 });
    expect(hasher.needsRehash(await weaker.hash('x'))).toBe(true);
    expect(hasher.needsRehash('$2b$10$abcdefghijklmnopqrstuv')).toBe(true);
  });

  it('enforces length and refuses common passwords', () => {
    expect(passwordProblem('short', 8)).toBe('Must be at least 8 characters.');
    expect(passwordProblem('long enough', 8)).toBeNull();
    expect(passwordProblem('long enough', 12)).toBe('Must be at least 12 characters.');
    expect(passwordProblem('Password123', 8)).toBe('This password is too common; choose another.');
    expect(passwordProblem('x'.repeat(257), 8)).toBe('Must be at most 256 characters.');
    // Length counts characters, not bytes.
    expect(passwordProblem('🔑🔑🔑🔑🔑🔑🔑🔑', 8)).toBeNull();
  });
});
