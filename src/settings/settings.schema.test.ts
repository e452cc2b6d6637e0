import { describe, expect, it } from 'vitest';
import { settingsSchema } from './settings.schema.js';

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
});
