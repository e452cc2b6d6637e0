// Reads and changes instance settings; every change is audited in its transaction.
import { appendAudit, type Changes, fromActor } from '../audit/audit.repo.js';
import { type Actor, canAdministerInstance } from '../access/index.js';
import type { Db } from '../db/connect.js';
import { fieldError, forbidden } from '../errors.js';
import {
  parseSettingTexts,
  readSettingRows,
  readSettingTexts,
  writeSettingRow,
} from './settings.repo.js';
import {
  SETTINGS_SECTIONS,
  type Settings,
  type SettingsPatch,
  settingsSchema,
} from './settings.schema.js';
import { zodToAppError } from '../lib/validation.js';

export class SettingsService {
  private secret: string | null = null;
  private parsed: { texts: (string | undefined)[]; settings: Settings } | null = null;

  constructor(private readonly db: Db) {}

  /**
   * The current settings, read from the database on every call (so a change made by any instance
   * holds at once). Parsing is skipped while the stored text is what was parsed last: the result is
   * then the same frozen object.
   */
  async get(db: Db = this.db): Promise<Settings> {
    const texts = await readSettingTexts(db, SETTINGS_SECTIONS);
    const current = SETTINGS_SECTIONS.map((key) => texts.get(key));
    const last = this.parsed;
    if (last && current.every((text, i) => text === last.texts[i])) return last.settings;
    const settings = deepFreeze(settingsSchema.parse(Object.fromEntries(parseSettingTexts(texts))));
    this.parsed = { texts: current, settings };
    return settings;
  }

  /** The instance secret that, with each account's tokenKey, signs auth tokens. Never changes. */
  async tokenSecret(): Promise<string> {
    if (this.secret === null) {
      const rows = await readSettingRows(this.db, ['secret']);
      const secret = rows.get('secret');
      if (typeof secret !== 'string') throw new Error('settings.secret is missing; run migrations');
      this.secret = secret;
    }
    return this.secret;
  }

  async update(actor: Actor, patch: SettingsPatch): Promise<Settings> {
    if (!canAdministerInstance(actor.principal)) throw forbidden();
    return this.db.transaction().execute(async (tx) => {
      const before = await this.get(tx);
      const merged = mergePatch(before, patch);
      const checked = settingsSchema.safeParse(merged);
      if (!checked.success) throw zodToAppError(checked.error, 'Invalid settings.');
      const after = checked.data;
      const { lockout } = after.auth;
      if (lockout.baseSeconds > lockout.maxSeconds) {
        throw fieldError(
          'auth.lockout.baseSeconds',
          'validation_out_of_range',
          'Must not exceed maxSeconds.',
        );
      }
      const changes: Changes = {};
      for (const section of SETTINGS_SECTIONS) {
        if (JSON.stringify(before[section]) === JSON.stringify(after[section])) continue;
        await writeSettingRow(tx, section, after[section]);
        collectChanges(section, before[section], after[section], changes);
      }
      if (Object.keys(changes).length > 0) {
        await appendAudit(tx, {
          ...fromActor(actor),
          action: 'settings.update',
          target: { type: 'settings', id: Object.keys(changes).join(',') },
          result: 'success',
          changes,
        });
      }
      return after;
    });
  }
}

function mergePatch(base: Settings, patch: SettingsPatch): Settings {
  return {
    auth: {
      ...base.auth,
      ...patch.auth,
      lockout: { ...base.auth.lockout, ...patch.auth?.lockout },
    },
    console: { ...base.console, ...patch.console },
    audit: { ...base.audit, ...patch.audit },
    imports: { ...base.imports, ...patch.imports },
  };
}

function collectChanges(prefix: string, before: unknown, after: unknown, out: Changes): void {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      collectChanges(`${prefix}.${key}`, before[key], after[key], out);
    }
  } else if (JSON.stringify(before) !== JSON.stringify(after)) {
    out[prefix] = [before, after];
  }
}

/** Freezes `value` and everything inside it (settings are shared between callers). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
