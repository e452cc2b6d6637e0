// The console IP allow-list decision: addresses of both families, CIDR blocks, and the refusals.
import { describe, expect, it } from 'vitest';
import { ipAllowed, mayUseConsole, parseCidr } from './console.js';

describe('parseCidr', () => {
  it('parses IPs and CIDR blocks of both families, and nothing else', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseCidr('::1')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' });
    for (const bad of ['10.0.0.0/33', 'x', '10.0.0.1/', '1.2.3.4/8/9', '::1/129'])
      expect(parseCidr(bad)).toBeNull();
  });
});

describe('mayUseConsole', () => {
  const cases: [ip: string, allowed: string[], ok: boolean][] = [
    ['1.2.3.4', [], true],
    ['garbage', [], true],
    ['10.1.2.3', ['10.0.0.0/8'], true],
    ['::ffff:10.1.2.3', ['10.0.0.0/8'], true],
    ['11.1.2.3', ['10.0.0.0/8'], false],
    ['10.0.0.7', ['10.0.0.7'], true],
    ['10.0.0.8', ['10.0.0.7'], false],
    ['2001:db8::1', ['2001:db8::/32'], true],
    ['2001:db9::1', ['2001:db8::/32'], false],
    ['127.0.0.1', ['2001:db8::/32', '127.0.0.0/8'], true],
    ['garbage', ['10.0.0.0/8'], false],
  ];
  it.each(cases)('%s against %j: allowed %s', (ip, allowed, ok) => {
    expect(ipAllowed(ip, allowed)).toBe(ok);
    expect(mayUseConsole({ ip }, allowed, 'sign-in').ok).toBe(ok);
  });

  it('refuses with 403, naming what was attempted', () => {
    expect(mayUseConsole({ ip: '11.1.2.3' }, ['10.0.0.0/8'], 'sign-in')).toEqual({
      ok: false,
      status: 403,
      message: 'Superuser sign-in is not allowed from your IP address.',
    });
    expect(mayUseConsole({ ip: '11.1.2.3' }, ['10.0.0.0/8'], 'access')).toEqual({
      ok: false,
      status: 403,
      message: 'Superuser access is not allowed from your IP address.',
    });
  });

  it('reads a changed list afresh (lists are memoised by identity)', () => {
    const list = ['10.0.0.0/8'];
    expect(ipAllowed('10.1.1.1', list)).toBe(true);
    expect(ipAllowed('10.1.1.1', ['11.0.0.0/8'])).toBe(false);
  });
});
