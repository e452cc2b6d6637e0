// Reads and changes instance settings; every change is audited in its transaction.
import { appendAudit, type Changes, fromActor } from '../audit/audit.repo.js';
import { type Actor, canAdministerInstance } from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { SqlDialect } from '../db/dialect.js';
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

/** How other instances are told of a settings change (PostgreSQL LISTEN/NOTIFY). */
export interface SettingsFollow {
  dialect: SqlDialect;
  connection: { url: string; schema: string };
}

/**
 * However the notifications fare, settings held in memory are read again (in the background) after
 * this long: a listening connection that dropped and came back may have missed a change meanwhile.
 */
const MAX_HOLD_MS = 5000;

export class SettingsService {
  private secret: string | null = null;
  private parsed: { texts: (string | undefined)[]; settings: Settings } | null = null;
  /** The settings held between changes (PostgreSQL, once listening), and when they were read. */
  private held: { settings: Settings; at: number } | null = null;
  /** Bumped by every change heard of: a read that began before it is not held. */
  private generation = 0;
  private listening: Promise<void> | null = null;
  private live = false;
  private refreshing: Promise<null> | null = null;
  private stopListening: (() => Promise<void>) | null = null;

  /**
   * With `follow` on PostgreSQL, settings are read once and held until a change is announced
   * (every sign-in reads them); on SQLite, or without `follow`, they are read on every call.
   */
  constructor(
    private readonly db: Db,
    private readonly follow: SettingsFollow | null = null,
  ) {}

  /**
   * The current settings. On PostgreSQL (with `follow`) they are held in memory, and every change
   * (by any instance, through `update`) is announced by NOTIFY in its transaction and drops them
   * here; otherwise they are read from the database on every call, so a change made by any
   * instance or process holds at once. Parsing is skipped while the stored text is what was parsed
   * last: the result is then the same frozen object.
   */
  async get(db: Db = this.db): Promise<Settings> {
    const own = db === this.db;
    if (own) {
      this.startFollowing();
      const held = this.held;
      if (this.live && held) {
        // Past MAX_HOLD_MS they are read again in the background: every call still answers at
        // once, so that calls keep their order (a burst of sign-ins reserves first come, first).
        if (Date.now() - held.at >= MAX_HOLD_MS && !this.refreshing) {
          this.refreshing = this.read(db).then(
            () => (this.refreshing = null),
            () => (this.refreshing = null),
          );
        }
        return held.settings;
      }
    }
    return this.read(db);
  }

  /** Reads and parses the stored settings; with `db` its own, held when nothing changed meanwhile. */
  private async read(db: Db): Promise<Settings> {
    const own = db === this.db;
    const generation = this.generation;
    const at = Date.now();
    const texts = await readSettingTexts(db, SETTINGS_SECTIONS);
    const current = SETTINGS_SECTIONS.map((key) => texts.get(key));
    const last = this.parsed;
    let settings: Settings;
    if (last && current.every((text, i) => text === last.texts[i])) settings = last.settings;
    else {
      settings = deepFreeze(settingsSchema.parse(Object.fromEntries(parseSettingTexts(texts))));
      this.parsed = { texts: current, settings };
    }
    if (own && this.live && generation === this.generation) this.held = { settings, at };
    return settings;
  }

  /** Stops listening for other instances' changes. */
  async stop(): Promise<void> {
    const listening = this.listening;
    this.live = false;
    this.held = null;
    await listening?.catch(() => undefined);
    await this.refreshing;
    await this.stopListening?.();
    this.stopListening = null;
  }

  /** Starts listening (once) for changes announced by any instance; until then, reads every time. */
  private startFollowing(): void {
    if (this.listening || !this.follow?.dialect.announcesChanges) return;
    const { dialect, connection } = this.follow;
    this.listening = dialect
      .listen(connection, this.channel(), () => {
        this.forget();
      })
      .then(
        (stop) => {
          this.stopListening = stop;
          this.live = true;
        },
        // Not following: keep reading every time.
        () => undefined,
      );
  }

  /** A change was announced: what is held is dropped, and reads already under way are not kept. */
  private forget(): void {
    this.generation++;
    this.held = null;
  }

  private channel(): string {
    return `gatehouse_settings_${this.follow?.connection.schema || 'default'}`;
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
    const result = await this.db.transaction().execute(async (tx) => {
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
        // Other instances drop what they hold once this commits.
        const notify = this.follow?.dialect.notify(this.channel(), '');
        if (notify) await notify.execute(tx);
      }
      return after;
    });
    this.forget();
    return result;
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
