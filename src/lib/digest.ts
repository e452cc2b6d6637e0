// SHA-256 as hex: how secrets shown once (API tokens, invitation links, one-time codes) are kept.
import { hash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}
