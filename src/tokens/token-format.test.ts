// The token checksum: zlib.crc32 accepts the tokens minted by the hand-written CRC32 loop before it.
import { describe, expect, it } from 'vitest';
import { isWellFormedToken, newTokenSecret } from './token-format.js';

// Minted by the hand-written loop (before zlib.crc32), so tokens handed out then still verify.
const MINTED_BEFORE = [
  'gth_mTBQ1XjEF6Xa1bnoUvpaYGzwdj5jtk0LnpqJL6Nym7m0hrCU8',
  'gth_AHx7XnQ30rP3hbYE24yuej9pNMqU7sngdsRXU4DvIoP2MQQWW',
  'gth_QB8EqNB1TgTjEQt7Ew0DKhThxG0oqMbq7dLMbduBnKE0SxgVQ',
];

/** `token` with the character at `i` swapped for another base62 one. */
function flip(token: string, i: number): string {
  const c = token.charAt(i);
  return token.slice(0, i) + (c === 'A' ? 'B' : 'A') + token.slice(i + 1);
}

describe('token checksum', () => {
  it.each(MINTED_BEFORE)('still verifies %s, minted before the change', (token) => {
    expect(isWellFormedToken(token)).toBe(true);
  });

  it.each(MINTED_BEFORE)(
    'refuses %s with any one character of its body or checksum changed',
    (token) => {
      for (let i = 'gth_'.length; i < token.length; i++) {
        expect(isWellFormedToken(flip(token, i))).toBe(false);
      }
    },
  );

  it('verifies what it mints', () => {
    for (let i = 0; i < 50; i++) expect(isWellFormedToken(newTokenSecret())).toBe(true);
  });
});
