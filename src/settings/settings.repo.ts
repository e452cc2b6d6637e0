// Settings rows: one JSON value per key.
import type { Db } from '../db/connect.js';
import { nowTimestamp } from '../lib/time.js';

export async function readSettingRows(
  db: Db,
  keys: readonly string[],
): Promise<Map<string, unknown>> {
  const rows = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'in', keys)
    .execute();
  return new Map(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
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
