// Where sign-in may send you back to: only this app's own paths (no open redirect).
import { describe, expect, it } from 'vitest';
import { safeRedirect } from './redirect';

describe('safeRedirect', () => {
  it('keeps a path of the hub, with its query', () => {
    expect(safeRedirect('/account')).toBe('/account');
    expect(safeRedirect('/account?tab=tokens')).toBe('/account?tab=tokens');
  });

  it('sends anything else home: other sites, scheme-relative URLs, the console, sign-in itself', () => {
    for (const target of [
      undefined,
      '',
      'https://evil.example',
      '//evil.example/account',
      '/\\evil.example',
      'javascript:alert(1)',
      'account',
      '/sign-in',
      '/sign-in?redirect=/account',
      '/_/',
    ]) {
      expect(safeRedirect(target), String(target)).toBe('/');
    }
  });
});
