import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256 } from './hmac.js';

const reference = (key: string, message: string) =>
  createHmac('sha256', key).update(message).digest('hex');

describe('hmacSha256', () => {
  it('matches RFC 4231 test case 2 (the one with a text key and message)', () => {
    expect(hmacSha256('Jefe', 'what do ya want for nothing?').toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('equals createHmac for keys shorter than, equal to and longer than the block', () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 110, 200]) {
      for (const messageLength of [0, 1, 55, 64, 300]) {
        const key = randomBytes(keyLength).toString('base64').slice(0, keyLength);
        const message = randomBytes(messageLength).toString('base64url').slice(0, messageLength);
        expect(hmacSha256(key, message).toString('hex')).toBe(reference(key, message));
      }
    }
  });

  it('equals createHmac for multi-byte UTF-8 keys and messages', () => {
    for (const [key, message] of [
      ['clé-секрет-鍵', 'mensagem-сообщение-メッセージ'],
      ['🔑'.repeat(20), '✉️'.repeat(40)],
    ] as const) {
      expect(hmacSha256(key, message).toString('hex')).toBe(reference(key, message));
    }
  });
});
