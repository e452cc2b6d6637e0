// The instance settings a superuser can change, with their defaults. Stored one row per section.
import { z } from 'zod';
import { parseCidr } from '../access/index.js';
import { MIN_PASSWORD_LENGTH, PASSWORD_MAX_LENGTH } from '../accounts/password.schema.js';

const lockoutSchema = z.object({
  /** Failed sign-ins for one identity before it is locked. */
  accountThreshold: z.int().min(1).max(1000).default(5),
  /** Failed sign-ins from one IP address before it is locked. */
  ipThreshold: z.int().min(1).max(100000).default(20),
  /** Failures older than this are forgotten. */
  windowSeconds: z.int().min(10).max(86400).default(900),
  /** The first lockout; each further one doubles, up to maxSeconds. */
  baseSeconds: z.int().min(1).max(86400).default(60),
  maxSeconds: z.int().min(1).max(604800).default(86400),
});

export const authSettingsSchema = z.object({
  passwordMinLength: z
    .int()
    .min(MIN_PASSWORD_LENGTH)
    .max(PASSWORD_MAX_LENGTH)
    .default(MIN_PASSWORD_LENGTH),
  userTokenDuration: z.int().min(60).max(31536000).default(604800),
  superuserTokenDuration: z.int().min(60).max(31536000).default(86400),
  lockout: lockoutSchema.prefault({}),
});

/** An IPv4/IPv6 address or CIDR block. */
export const cidrSchema = z.string().refine((value) => parseCidr(value) !== null, {
  message: 'Must be an IP address or CIDR block (e.g. 10.0.0.0/8).',
});

export const consoleSettingsSchema = z.object({
  /** Addresses allowed to use superuser accounts; empty allows all. */
  allowedIps: z.array(cidrSchema).max(256).default([]),
});

export const auditSettingsSchema = z.object({
  /** Entries older than this are purged (daily); the purge is itself audited. */
  retentionDays: z.int().min(1).max(36500).default(365),
});

export const importsSettingsSchema = z.object({
  /** The largest CSV file `POST /api/users/import` and `gatehouse users import` accept. */
  maxBytes: z
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(32 * 1024 * 1024),
  /** The most rows one import may hold. */
  maxRows: z.int().min(1).max(1_000_000).default(100_000),
  /** How long an unconfirmed import stays valid. */
  pendingHours: z.int().min(1).max(720).default(24),
  /** How long a set-password invitation link stays valid. */
  invitationHours: z.int().min(1).max(2160).default(168),
  /** Group paths one row may name, and groups one row may create. */
  maxGroupsPerRow: z.int().min(1).max(1000).default(50),
  /** Groups one import may create in all. */
  maxNewGroups: z.int().min(0).max(100_000).default(500),
});

export const settingsSchema = z.object({
  auth: authSettingsSchema.prefault({}),
  console: consoleSettingsSchema.prefault({}),
  audit: auditSettingsSchema.prefault({}),
  imports: importsSettingsSchema.prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsSection = keyof Settings;
export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  'auth',
  'console',
  'audit',
  'imports',
];

/** A PATCH: any subset of any section. */
export const settingsPatchSchema = z.strictObject({
  auth: z
    .strictObject({
      ...authSettingsSchema.shape,
      lockout: lockoutSchema.partial().strict(),
    })
    .partial()
    .optional(),
  console: consoleSettingsSchema.partial().strict().optional(),
  audit: auditSettingsSchema.partial().strict().optional(),
  imports: importsSettingsSchema.partial().strict().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
