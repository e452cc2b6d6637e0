// Settings rows: one JSON value per key.
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { nowTimestamp } from '../lib/time.js';

/** The stored JSON text of `keys` (absent keys are missing from the map). */
export async function readSettingTexts(
  db: Db,
  keys: readonly string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  // Read on every sign-in: a raw statement with fixed text, nothing built per call.
  const { rows } = await sql<{
    key: string;
    value: string;
  }>`SELECT "key", "value" FROM "settings" WHERE "key" IN (${sql.join(keys)})`.execute(db);
  return new Map(rows.map((row) => [row.key, row.value]));
}

export async function readSettingRows(
  db: Db,
  keys: readonly string[],
): Promise<Map<string, unknown>> {
  return parseSettingTexts(await readSettingTexts(db, keys));
}

/** Stored JSON texts → values. */
export function parseSettingTexts(texts: ReadonlyMap<string, string>): Map<string, unknown> {
  return new Map([...texts].map(([key, text]) => [key, JSON.parse(text) as unknown]));
}

export async function writeSettingRow(db: Db, key: string, value: unknown): Promise<void> {
  const row = { key, value: JSON.stringify(value), updated: nowTimestamp() };
  await db
    .insertInto('settings')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated: row.updated }))
    .execute();
}

/** Inserts `key` only if it is absent; false when it already existed (a cross-instance latch). */
export async function claimSettingRow(db: Db, key: string, value: unknown): Promise<boolean> {
  const result = await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value), updated: nowTimestamp() })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
