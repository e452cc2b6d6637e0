// One-time console sign-in codes (made by `gatehouse superuser otp`), stored as SHA-256 only.
import type { Db } from '../db/connect.js';

export function findOtp(db: Db, id: string) {
  return db.selectFrom('superuser_otps').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertOtp(
  db: Db,
  row: { id: string; superuserId: string; codeHash: string; expires: string; created: string },
): Promise<void> {
  await db.insertInto('superuser_otps').values(row).execute();
}

export async function deleteOtp(db: Db, id: string): Promise<number> {
  const result = await db.deleteFrom('superuser_otps').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredOtps(db: Db, now: string): Promise<void> {
  await db.deleteFrom('superuser_otps').where('expires', '<=', now).execute();
}
