import { describe, expect, it } from 'vitest';
import { ipAllowed, parseCidr, settingsSchema } from './settings.schema.js';

describe('settings', () => {
  it('fills defaults for every section', () => {
    expect(settingsSchema.parse({})).toEqual({
      auth: {
        passwordMinLength: 8,
        userTokenDuration: 604800,
        superuserTokenDuration: 86400,
        lockout: {
          accountThreshold: 5,
          ipThreshold: 20,
          windowSeconds: 900,
          baseSeconds: 60,
          maxSeconds: 86400,
        },
      },
      console: { allowedIps: [] },
      audit: { retentionDays: 365 },
      imports: {
        maxBytes: 32 * 1024 * 1024,
        maxRows: 100_000,
        pendingHours: 24,
        invitationHours: 168,
        maxGroupsPerRow: 50,
        maxNewGroups: 500,
      },
    });
  });

  it('parses IPs and CIDR blocks of both families', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseCidr('::1')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' });
    for (const bad of ['10.0.0.0/33', 'x', '10.0.0.1/', '1.2.3.4/8/9', '::1/129'])
      expect(parseCidr(bad)).toBeNull();
  });

  it('matches addresses against the allow-list (empty allows all)', () => {
    expect(ipAllowed('1.2.3.4', [])).toBe(true);
    expect(ipAllowed('10.1.2.3', ['10.0.0.0/8'])).toBe(true);
    expect(ipAllowed('::ffff:10.1.2.3', ['10.0.0.0/8'])).toBe(true);
    expect(ipAllowed('11.1.2.3', ['10.0.0.0/8'])).toBe(false);
    expect(ipAllowed('2001:db8::1', ['2001:db8::/32'])).toBe(true);
    expect(ipAllowed('2001:db9::1', ['2001:db8::/32'])).toBe(false);
    expect(ipAllowed('garbage', ['10.0.0.0/8'])).toBe(false);
  });
});
