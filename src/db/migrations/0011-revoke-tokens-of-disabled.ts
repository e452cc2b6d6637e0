// Disabling an account now revokes its API tokens for good (SPEC §7); before, a disabled account's
// tokens only stopped while it stayed disabled and came back with it. Revoke those still waiting,
// so that enabling an account disabled before the upgrade does not revive them either. Audited as
// the system, one entry per account, like the revocations the services write.
import type { Kysely, Migration } from 'kysely';
import { appendSystemAuditV1 } from './frozen/audit-v1.js';
import type { MigrationDialect } from './frozen/dialect.js';
import { timestamp } from './frozen/values.js';

/** The tables this migration reads and writes, as they were then. */
interface Tables {
  api_tokens: { id: string; prefix: string; userId: string; revokedAt: string };
  users: { id: string; status: string };
}
type Db = Kysely<Tables>;

export function revokeTokensOfDisabled(dialect: MigrationDialect): Migration {
  return {
    async up(raw: Kysely<unknown>) {
      const run = async (db: Db) => {
        const rows = await db
          .selectFrom('api_tokens')
          .innerJoin('users', 'users.id', 'api_tokens.userId')
          .select(['api_tokens.id as id', 'api_tokens.prefix as prefix', 'users.id as userId'])
          .where('users.status', '=', 'disabled')
          .where('api_tokens.revokedAt', '=', '')
          .orderBy('users.id')
          .orderBy('api_tokens.id')
          .execute();
        if (rows.length === 0) return;
        const byUser = new Map<string, { id: string; prefix: string }[]>();
        for (const row of rows) {
          const list = byUser.get(row.userId) ?? [];
          list.push({ id: row.id, prefix: row.prefix });
          byUser.set(row.userId, list);
        }
        await db
          .updateTable('api_tokens')
          .set({ revokedAt: timestamp() })
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
        await appendSystemAuditV1(
          db as unknown as Kysely<unknown>,
          dialect,
          [...byUser].map(([userId, tokens]) => ({
            action: 'token.revoke_all',
            target: { type: 'users', id: userId },
            data: {
              reason: 'account_disabled',
              count: tokens.length,
              tokens: tokens.map((t) => t.id),
              prefixes: tokens.map((t) => t.prefix),
            },
          })),
        );
      };
      const db = raw as unknown as Db;
      // PostgreSQL migrates in a transaction; SQLite does not, so open one for update + audit.
      if (db.isTransaction) await run(db);
      else await db.transaction().execute(run);
    },
  };
}
