// Queries on the `_superusers` table.
import type { Db } from '../db/connect.js';
import { toNumber } from '../db/dialect.js';
import type { SuperuserRow, SuperusersTable } from '../db/types.js';
import { type Insertable, type RawBuilder, sql, type Updateable } from 'kysely';

export function findSuperuserById(db: Db, id: string): Promise<SuperuserRow | undefined> {
  return db.selectFrom('_superusers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every superuser sign-in starts here: a raw statement with fixed text, nothing built per call. */
export async function findSuperuserByEmail(
  db: Db,
  email: string,
): Promise<SuperuserRow | undefined> {
  const { rows } =
    await sql<SuperuserRow>`SELECT * FROM "_superusers" WHERE "email" = ${email}`.execute(db);
  return rows[0];
}

export async function insertSuperuser(db: Db, row: Insertable<SuperusersTable>): Promise<void> {
  await db.insertInto('_superusers').values(row).execute();
}

export async function updateSuperuserRow(
  db: Db,
  id: string,
  patch: Updateable<SuperusersTable>,
): Promise<void> {
  await db.updateTable('_superusers').set(patch).where('id', '=', id).execute();
}

/** A superuser's new password hash, as a statement to run with others (see `writeAudited`). */
export function superuserPasswordHashWrite(id: string, passwordHash: string): RawBuilder<unknown> {
  return sql`UPDATE "_superusers" SET "passwordHash" = ${passwordHash} WHERE "id" = ${id} RETURNING "id"`;
}

export async function deleteSuperuserRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('_superusers').where('id', '=', id).execute();
}

export async function countSuperusers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('_superusers')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}
