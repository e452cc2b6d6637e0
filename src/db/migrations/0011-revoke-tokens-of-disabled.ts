// Disabling an account now revokes its API tokens for good (SPEC §7); before, a disabled account's
// tokens only stopped while it stayed disabled and came back with it. Revoke those still waiting,
// so that enabling an account disabled before the upgrade does not revive them either. Audited as
// the system, one entry per account, like the revocations the services write.
import type { Kysely, Migration } from 'kysely';
import { appendAudit } from '../../audit/audit.repo.js';
import type { Db } from '../connect.js';
import type { Tx } from '../types.js';
import { nowTimestamp } from '../../lib/time.js';

export function revokeTokensOfDisabled(): Migration {
  return {
    async up(raw: Kysely<unknown>) {
      const run = async (db: Tx) => {
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
          .set({ revokedAt: nowTimestamp() })
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
        await appendAudit(
          db,
          [...byUser].map(([userId, tokens]) => ({
            actor: { type: 'system' as const, id: '', email: '' },
            ip: '',
            userAgent: '',
            action: 'token.revoke_all',
            target: { type: 'users', id: userId },
            result: 'success' as const,
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
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- it is one
      if (db.isTransaction) await run(db as Tx);
      else await db.transaction().execute(run);
    },
  };
}
