import { hash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createSiblingApp,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';
import { SYSTEM } from '../access/index.js';
import { runCli } from '../cli/index.js';
import type { Db } from '../db/connect.js';
import { dialectOf, toNumber } from '../db/dialect.js';
import { toTimestamp } from '../lib/time.js';
import { appendAudit, recordEvent, writeAudited } from './audit.repo.js';
import { entryHash, GENESIS_HASH } from './chain.js';

type Row = Record<string, unknown> & { seq: number; hash: string; prevHash: string };

async function rows(db: Db): Promise<Row[]> {
  const all = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  return all.map((r) => ({ ...r, seq: toNumber(r.seq) }));
}

/** Rewrites the oldest `count` entries to `at` and re-chains everything (a legitimate old log). */
async function backdate(db: Db, count: number, at: string): Promise<void> {
  let prev = GENESIS_HASH;
  const all = await rows(db);
  for (const [i, row] of all.entries()) {
    const fields = { ...row, at: i < count ? at : (row.at as string) } as never;
    const hash = entryHash(prev, fields);
    await db
      .updateTable('audit_log')
      .set({ at: i < count ? at : (row.at as string), prevHash: prev, hash })
      .where('seq', '=', row.seq)
      .execute();
    prev = hash;
  }
  await db.updateTable('audit_head').set({ lastHash: prev }).where('id', '=', 1).execute();
}

const entry = (action: string, targetId = 'x') => ({
  actor: { type: 'system' as const, id: '', email: '' },
  ip: '',
  userAgent: 'test',
  action,
  target: { type: 'test', id: targetId },
  result: 'success' as const,
});

for (const dialect of DIALECTS) {
  describe(`audit log hash chain (${dialect})`, () => {
    let t: TestApp;
    const verify = () => t.services.audit.verify(SYSTEM);
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
    });
    afterAll(async () => {
      await t.close();
    });

    it('links every entry to the one before, from the genesis hash', async () => {
      await recordEvent(t.services.db, [entry('test.a'), entry('test.b'), entry('test.c')]);
      const all = await rows(t.services.db);
      expect(all.length).toBeGreaterThanOrEqual(4);
      expect(all[0]?.prevHash).toBe(GENESIS_HASH);
      for (let i = 1; i < all.length; i++) expect(all[i]?.prevHash).toBe(all[i - 1]?.hash);
      for (const row of all) expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      const head = await t.services.db
        .selectFrom('audit_head')
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(head.lastHash).toBe(all.at(-1)?.hash);
      expect(await verify()).toMatchObject({ ok: true, checked: all.length, broken: null });
    });

    it('names the entry that was edited, and passes again once it is restored', async () => {
      const target = (await rows(t.services.db))[1];
      if (!target) throw new Error('no row');
      await t.services.db
        .updateTable('audit_log')
        .set({ actorEmail: 'someone-else@example.com' })
        .where('seq', '=', target.seq)
        .execute();
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.broken).toMatchObject({
        seq: target.seq,
        reason: expect.stringMatching(/modified/) as unknown,
      });
      await t.services.db
        .updateTable('audit_log')
        .set({ actorEmail: target.actorEmail as string })
        .where('seq', '=', target.seq)
        .execute();
      expect((await verify()).ok).toBe(true);
    });

    it('detects a deleted entry in the middle, a reordering, and a removed tail', async () => {
      await recordEvent(t.services.db, [entry('test.d'), entry('test.e'), entry('test.f')]);
      const all = await rows(t.services.db);
      const [a, b] = all.slice(-3);
      if (!a || !b) throw new Error('no rows');

      // Reorder: each row takes the other's contents (and keeps its seq); then put them back.
      const place = async (contents: Row[], seqs: number[]) => {
        for (const seq of seqs) {
          await t.services.db
            .updateTable('audit_log')
            .set({ id: `tmp-${seq}` })
            .where('seq', '=', seq)
            .execute();
        }
        for (const [i, seq] of seqs.entries()) {
          const fields: Partial<Row> = { ...contents[i] };
          delete fields.seq;
          await t.services.db
            .updateTable('audit_log')
            .set(fields as never)
            .where('seq', '=', seq)
            .execute();
        }
      };
      await place([b, a], [a.seq, b.seq]);
      expect((await verify()).broken).toMatchObject({
        seq: a.seq,
        reason: expect.stringMatching(/prevHash/) as unknown,
      });
      await place([a, b], [a.seq, b.seq]);
      expect((await verify()).ok).toBe(true);

      // Delete one in the middle: the next one no longer links.
      await t.services.db.deleteFrom('audit_log').where('seq', '=', a.seq).execute();
      expect((await verify()).broken).toMatchObject({
        seq: b.seq,
        reason: expect.stringMatching(/removed/) as unknown,
      });
      await t.services.db
        .insertInto('audit_log')
        .values(a as never)
        .execute();
      expect((await verify()).ok).toBe(true);

      // Delete the newest: the head still records it.
      const last = all.at(-1);
      if (!last) throw new Error('no row');
      await t.services.db.deleteFrom('audit_log').where('seq', '=', last.seq).execute();
      const tail = await verify();
      expect(tail.ok).toBe(false);
      expect(tail.broken?.reason).toMatch(/after this one were removed/);
      await t.services.db
        .insertInto('audit_log')
        .values(last as never)
        .execute();
      expect((await verify()).ok).toBe(true);
    });

    it('keeps one chain under concurrent writers on two instances', async () => {
      // Two SQLite instances in one process would block each other's thread (busy_timeout):
      // there, concurrent transactions share the one connection; PostgreSQL gets a real sibling.
      const sibling = dialect === 'postgres' ? await createSiblingApp(t) : t;
      try {
        const before = (await rows(t.services.db)).length;
        const write = (db: Db, i: number) =>
          db.transaction().execute(async (tx) => {
            await appendAudit(tx, entry('test.concurrent', String(i)));
            await appendAudit(tx, entry('test.concurrent', `${i}b`));
          });
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            write(i % 2 ? sibling.services.db : t.services.db, i),
          ),
        );
        const report = await verify();
        expect(report).toMatchObject({ ok: true, checked: before + 80 });
        const all = await rows(t.services.db);
        expect(new Set(all.map((r) => r.prevHash)).size).toBe(all.length);
      } finally {
        if (sibling !== t) await sibling.close();
      }
    });

    it('hashes in SQL as node:crypto does (the folded append computes its hash there)', async () => {
      const text = 'a\nb – ü 😀 "q"';
      const { rows: hashed } = await sql<{ hash: string }>`SELECT ${dialectOf(
        t.services.db,
      ).sha256Hex(sql`${text}`)} AS "hash"`.execute(t.services.db);
      expect(hashed[0]?.hash).toBe(hash('sha256', text, 'hex'));
    });

    it('keeps one chain when folded writes race transactions over the same rows', async () => {
      const sibling = dialect === 'postgres' ? await createSiblingApp(t) : t;
      // Both kinds take the same two lockouts rows, then the chain head: in one order, or they
      // would deadlock.
      const row = (key: string) => sql`INSERT INTO "lockouts" ("key", "failures", "lockLevel",
          "lockedUntil", "lastFailure", "pending", "pendingPrev", "pendingSlot")
        VALUES (${key}, 0, 0, NULL, '', 0, 0, 0)
        ON CONFLICT ("key") DO UPDATE SET "failures" = "lockouts"."failures" + 1
        RETURNING "key"`;
      const writes = [row('test:race-1'), row('test:race-2')];
      try {
        const before = (await rows(t.services.db)).length;
        const folded = (db: Db, i: number) =>
          writeAudited(db, writes, entry('test.folded', String(i)));
        const transaction = (db: Db, i: number) =>
          db.transaction().execute(async (tx) => {
            for (const write of writes) await write.execute(tx);
            await appendAudit(tx, entry('test.transaction', String(i)));
          });
        await Promise.all(
          Array.from({ length: 60 }, (_, i) => {
            const db = i % 2 ? sibling.services.db : t.services.db;
            return i % 3 ? folded(db, i) : transaction(db, i);
          }),
        );
        const report = await verify();
        expect(report, JSON.stringify(report).slice(0, 1500)).toMatchObject({
          ok: true,
          checked: before + 60,
        });
        const all = await rows(t.services.db);
        expect(new Set(all.map((r) => r.prevHash)).size).toBe(all.length);
        const { rows: counted } = await sql<{ failures: number }>`SELECT "failures"
          FROM "lockouts" WHERE "key" LIKE 'test:race-%'`.execute(t.services.db);
        // Every write ran once per writer (the first made the row).
        expect(counted.map((r) => toNumber(r.failures))).toEqual([59, 59]);
      } finally {
        if (sibling !== t) await sibling.close();
      }
    });

    it('purges past the retention setting, records the purge, and still verifies', async () => {
      await backdate(t.services.db, 3, toTimestamp(new Date(Date.now() - 400 * 86400_000)));
      expect((await verify()).ok).toBe(true);
      const before = (await rows(t.services.db)).length;
      const result = await t.services.audit.purge();
      expect(result.deleted).toBe(3);
      const after = await rows(t.services.db);
      expect(after.length).toBe(before - 3 + 1);
      expect(after.at(-1)).toMatchObject({ action: 'audit.purge', actorType: 'system' });
      expect(JSON.parse(after.at(-1)?.data as string)).toMatchObject({
        deleted: 3,
        retentionDays: 365,
      });
      expect((await verify()).ok).toBe(true);
      // The daily job records only purges that removed something.
      await t.services.audit.purge(undefined, false);
      expect((await rows(t.services.db)).length).toBe(after.length);
      // Removing the oldest remaining entry by hand is still caught, at the anchor.
      const first = after[0];
      if (!first) throw new Error('no row');
      await t.services.db.deleteFrom('audit_log').where('seq', '=', first.seq).execute();
      expect((await verify()).broken?.reason).toMatch(/anchor/);
      await t.services.db
        .insertInto('audit_log')
        .values(first as never)
        .execute();
      expect((await verify()).ok).toBe(true);
    });

    it('gatehouse audit verify / export / purge', async () => {
      const db = [
        '--db',
        t.config.db,
        ...(t.config.dbSchema ? ['--db-schema', t.config.dbSchema] : []),
      ];
      const run = async (...args: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        let raw = '';
        const code = await runCli([...db, ...args], {
          out: (l) => out.push(l),
          err: (l) => err.push(l),
          write: (chunk) => {
            raw += chunk;
            return Promise.resolve();
          },
        });
        return { code, out: out.join('\n'), err: err.join('\n'), raw };
      };
      const ok = await run('audit', 'verify');
      expect(ok).toMatchObject({
        code: 0,
        out: expect.stringMatching(/^Audit chain intact: \d+ entries verified\.$/) as unknown,
      });

      const csv = await run('audit', 'export', '--format', 'csv', '--action', 'test.*');
      expect(csv.code).toBe(0);
      const lines = csv.raw.trim().split('\r\n');
      expect(lines[0]).toBe(
        'seq,id,at,actorType,actorId,actorEmail,ip,userAgent,action,targetType,targetId,result,changes,data,prevHash,hash',
      );
      expect(lines.slice(1).every((l) => l.includes(',test.'))).toBe(true);
      await recordEvent(t.services.db, entry('test.cli-export'));
      const json = await run('audit', 'export', '--action', 'test.cli-export');
      expect(json.err).toBe('');
      expect(JSON.parse(json.raw)).toEqual([
        expect.objectContaining({ action: 'test.cli-export' }) as unknown,
      ]);
      expect((await run('audit', 'export', '--result', 'maybe')).err).toMatch(/result/);

      const all = await rows(t.services.db);
      const victim = all[2];
      const later = all.at(-2);
      if (!victim || !later) throw new Error('no row');
      for (const seq of [victim.seq, later.seq]) {
        await t.services.db
          .updateTable('audit_log')
          .set({ result: 'tampered' })
          .where('seq', '=', seq)
          .execute();
      }
      const broken = await run('audit', 'verify');
      expect(broken.code).toBe(1);
      // The first one on the first line, as before; then every broken entry, one per line.
      expect(broken.err.split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(`^Error: Audit chain broken at entry #${victim.seq} \\(.*modified`),
        ) as unknown,
        `Broken entries: 2 of ${String(all.length)} checked.`,
        `  #${String(victim.seq)} (${String(victim.id)}): hash does not match its contents (the entry was modified after it was written)`,
        `  #${String(later.seq)} (${String(later.id)}): hash does not match its contents (the entry was modified after it was written)`,
      ]);
      for (const row of [victim, later]) {
        await t.services.db
          .updateTable('audit_log')
          .set({ result: row.result as string })
          .where('seq', '=', row.seq)
          .execute();
      }

      const purge = await run('audit', 'purge');
      expect(purge).toMatchObject({
        code: 0,
        out: expect.stringMatching(/^Purged 0 audit entries older than /) as unknown,
      });
      const last = (await rows(t.services.db)).at(-1);
      expect(last).toMatchObject({ action: 'audit.purge', actorType: 'cli' });
    });
  });

  describe(`GET /api/audit (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let admin: string;
    let plain: string;
    let plainId: string;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      admin = (await signIn(t, 'users', ADMIN.email, ADMIN.password)).token;
      plainId = await createUser(t, su, {
        email: 'plain@example.com',
        password: 'plain-password-1',
        role: 'user',
      });
      plain = (await signIn(t, 'users', 'plain@example.com', 'plain-password-1')).token;
      await createUser(t, su, {
        email: 'formula@example.com',
        name: '=HYPERLINK("http://x")',
        password: 'formula-pass-1',
        role: 'user',
      });
      await t.request({
        method: 'POST',
        url: '/api/collections/users/auth-with-password',
        payload: { identity: 'plain@example.com', password: 'wrong-password' },
        headers: { 'user-agent': '=HYPERLINK("http://evil.example")' },
      });
    });
    afterAll(async () => {
      await t.close();
    });

    const get = (url: string, token = admin) => t.request({ method: 'GET', url, token });

    it('is refused without admin.audit.view', async () => {
      expect((await get('/api/audit', plain)).statusCode).toBe(403);
      expect((await t.request({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
      expect((await get('/api/audit/export', plain)).statusCode).toBe(403);
      expect((await get('/api/audit', su)).statusCode).toBe(200);
    });

    it('returns entries newest first in the SPEC §9 shape', async () => {
      const body = (await get('/api/audit')).json<{ items: Record<string, unknown>[] }>();
      const seqs = body.items.map((i) => i.seq as number);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      const failed = body.items.find((i) => i.result === 'failure');
      expect(failed).toMatchObject({
        action: 'auth.signin',
        actor: { type: expect.any(String) as unknown },
        target: { type: 'users' },
        ip: expect.any(String) as unknown,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
        prevHash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
      });
      const created = body.items.find((i) => i.action === 'user.create');
      expect(created).toMatchObject({
        actor: { type: 'superuser', email: ADMIN.email },
        target: { type: 'users' },
      });
    });

    it('filters by actor, action (exact and prefix), target, result and time', async () => {
      const items = async (query: string) =>
        (await get(`/api/audit?${query}`)).json<{ items: Record<string, unknown>[] }>().items;
      const bySu = await items(`actor=${encodeURIComponent(ADMIN.email)}&actorType=superuser`);
      expect(bySu.length).toBeGreaterThan(0);
      expect(bySu.every((i) => (i.actor as { email: string }).email === ADMIN.email)).toBe(true);
      const failures = await items('result=failure');
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.every((i) => i.result === 'failure')).toBe(true);
      const users = await items('action=user.*');
      expect(users.length).toBeGreaterThanOrEqual(2);
      expect(users.every((i) => String(i.action).startsWith('user.'))).toBe(true);
      expect(await items('action=user.')).toEqual([]);
      const target = await items(`targetType=users&targetId=${plainId}`);
      expect(target.length).toBeGreaterThan(0);
      expect(target.every((i) => (i.target as { id: string }).id === plainId)).toBe(true);
      expect(await items('from=2999-01-01')).toEqual([]);
      expect((await items('to=2999-01-01T00:00:00Z')).length).toBeGreaterThan(0);
    });

    it('pages with a cursor, without gaps or repeats', async () => {
      const all = (await get('/api/audit?limit=500')).json<{ items: { seq: number }[] }>().items;
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(`/api/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        const page = res.json<{ items: { seq: number }[]; nextCursor: string | null }>();
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((i) => i.seq));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.map((i) => i.seq));
    });

    it('answers bad queries with 400 naming the field', async () => {
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=many', 'limit'],
        ['from=yesterday-ish', 'from'],
        ['result=maybe', 'result'],
        ['cursor=abc', 'cursor'],
        ['colour=blue', 'colour'],
      ] as const) {
        const res = await get(`/api/audit?${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(res.json<{ data: Record<string, unknown> }>().data, query).toHaveProperty(field);
      }
      expect((await get('/api/audit/export?format=xml')).statusCode).toBe(400);
    });

    it('exports CSV (formula-safe) and JSON, streamed, and audits the export', async () => {
      const csv = await get('/api/audit/export?format=csv&action=auth.signin&result=failure');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toMatch(
        /attachment; filename="gatehouse-audit-.*\.csv"/,
      );
      expect(csv.body).toContain(`'=HYPERLINK`);
      expect(csv.body).not.toMatch(/(^|,|")=HYPERLINK/m);
      const json = await get('/api/audit/export?format=json&action=user.create');
      const list = json.json<{ action: string }[]>();
      expect(list.length).toBe(2);
      expect(list.every((i) => i.action === 'user.create')).toBe(true);
      const empty = await get('/api/audit/export?action=nothing.matches');
      expect(empty.json()).toEqual([]);
      const exports = (await get('/api/audit?action=audit.export')).json<{
        items: { data: unknown }[];
      }>();
      expect(exports.items.length).toBe(3);
      expect(exports.items[0]?.data).toMatchObject({
        format: 'json',
        filters: { action: 'nothing.matches' },
      });
      expect((await get('/api/audit/verify')).json()).toMatchObject({ ok: true });
    });
  });
  describe(`verify names every broken entry, with its reason (${dialect})`, () => {
    let t: TestApp;
    let chain: Row[];
    let lastHash: string;
    const verify = () => t.services.audit.verify(SYSTEM);
    /** Each reported entry as `seq: problems`, the report's shape checked on the way. */
    const reported = async () => {
      const report = await verify();
      expect(report.ok).toBe(report.brokenCount === 0);
      expect(report.broken).toEqual(report.brokenEntries[0] ?? null);
      expect(report.brokenCount).toBe(report.brokenEntries.length);
      for (const entry of report.brokenEntries) expect(entry.reason).not.toBe('');
      return report.brokenEntries.map((b) => `${String(b.seq)}: ${b.problems.join(',')}`);
    };
    const at = (i: number) => {
      const row = chain.at(i);
      if (!row) throw new Error(`no entry ${String(i)}`);
      return row;
    };
    const update = (seq: number, set: Record<string, unknown>) =>
      t.services.db
        .updateTable('audit_log')
        .set(set as never)
        .where('seq', '=', seq)
        .execute();
    const remove = (seq: number) =>
      t.services.db.deleteFrom('audit_log').where('seq', '=', seq).execute();

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await recordEvent(
        t.services.db,
        Array.from({ length: 12 }, (_, i) => entry('test.walk', String(i))),
      );
      chain = await rows(t.services.db);
      lastHash = (
        await t.services.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow()
      ).lastHash;
      expect(chain).toHaveLength(12);
    });
    afterEach(async () => {
      // Back to the untouched chain, row for row.
      await t.services.db.deleteFrom('audit_log').execute();
      await t.services.db
        .insertInto('audit_log')
        .values(chain as never)
        .execute();
      await t.services.db.updateTable('audit_head').set({ lastHash }).where('id', '=', 1).execute();
      expect(await reported()).toEqual([]);
    });
    afterAll(async () => {
      await t.close();
    });

    it('an edited entry: only its own hash fails (the next one links to its stored hash)', async () => {
      await update(at(5).seq, { actorEmail: 'someone-else@example.com' });
      expect(await reported()).toEqual([`${String(at(5).seq)}: hash`]);
      const report = await verify();
      expect(report.broken?.reason).toMatch(/hash does not match its contents/);
      expect(report.checked).toBe(12);
    });

    it('two edits far apart are both reported', async () => {
      await update(at(2).seq, { result: 'failure' });
      await update(at(9).seq, { targetId: 'forged' });
      expect(await reported()).toEqual([
        `${String(at(2).seq)}: hash`,
        `${String(at(9).seq)}: hash`,
      ]);
    });

    it('an edit that recomputes the hash: the next entry no longer follows it', async () => {
      const edited = { ...at(5), result: 'failure' };
      await update(at(5).seq, {
        result: 'failure',
        hash: entryHash(at(5).prevHash, edited as never),
      });
      expect(await reported()).toEqual([`${String(at(6).seq)}: link`]);
    });

    it('an entry deleted in the middle: the one after it does not follow', async () => {
      await remove(at(5).seq);
      expect(await reported()).toEqual([`${String(at(6).seq)}: link`]);
      expect((await verify()).broken?.reason).toMatch(
        /prevHash does not follow the previous entry.*removed/,
      );
    });

    it('the first entry deleted: the new first one does not continue from the anchor', async () => {
      await remove(at(0).seq);
      expect(await reported()).toEqual([`${String(at(1).seq)}: anchor`]);
      expect((await verify()).broken?.reason).toMatch(/anchor/);
    });

    it('the last entry deleted: the head does not match the newest entry', async () => {
      await remove(at(-1).seq);
      expect(await reported()).toEqual([`${String(at(-2).seq)}: head`]);
      expect((await verify()).broken).toMatchObject({
        id: at(-2).id,
        reason: expect.stringMatching(
          /head does not match.*after this one were removed/,
        ) as unknown,
      });
    });

    it('every entry deleted: the head records entries the log no longer has', async () => {
      await t.services.db.deleteFrom('audit_log').execute();
      expect(await reported()).toEqual(['0: head']);
      expect((await verify()).broken?.reason).toMatch(/all entries were removed/);
    });

    it('two entries swapped: both are named, the entries around them are not', async () => {
      const [a, b] = [at(4), at(5)];
      await update(a.seq, { id: 'swap-a' });
      await update(b.seq, { id: 'swap-b' });
      const contents = (row: Row) => {
        const fields: Partial<Row> = { ...row };
        delete fields.seq;
        return fields;
      };
      await update(a.seq, contents(b));
      await update(b.seq, contents(a));
      expect(await reported()).toEqual([`${String(a.seq)}: link,moved`, `${String(b.seq)}: moved`]);
    });

    it('a forged entry inserted in the middle is named, well linked or not', async () => {
      const before = at(5);
      await t.services.db
        .updateTable('audit_log')
        .set((eb) => ({ seq: eb('seq', '+', 1000) }))
        .where('seq', '>', before.seq)
        .execute();
      const forged = { ...before, id: 'forged-entry', seq: before.seq + 1, prevHash: before.hash };
      forged.hash = entryHash(before.hash, forged as never);
      await t.services.db
        .insertInto('audit_log')
        .values(forged as never)
        .execute();
      expect(await reported()).toEqual([`${String(forged.seq)}: moved`]);
      // Not even linked: its own checks fail too, and it is still the one entry named.
      await update(forged.seq, { prevHash: '1'.repeat(64), result: 'failure' });
      expect(await reported()).toEqual([`${String(forged.seq)}: link,hash,moved`]);
    });

    it('a forged entry appended without moving the head is named by the head', async () => {
      const last = at(-1);
      const forged = { ...last, id: 'forged-tail', seq: last.seq + 1, prevHash: last.hash };
      forged.hash = entryHash(last.hash, forged as never);
      await t.services.db
        .insertInto('audit_log')
        .values(forged as never)
        .execute();
      expect(await reported()).toEqual([`${String(forged.seq)}: head`]);
    });
  });

  describe(`lone UTF-16 surrogates in audited text (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
    });
    afterAll(async () => {
      await t.close();
    });

    it('a sign-in with a lone surrogate in its identity leaves the chain verifiable', async () => {
      // JSON text with a lone surrogate escape, as an attacker sends it.
      const attempt = await t.request({
        method: 'POST',
        url: '/api/collections/users/auth-with-password',
        headers: { 'content-type': 'application/json' },
        payload: '{"identity":"\\ud800@example.com","password":"not-the-password"}',
      });
      expect(attempt.statusCode).toBe(400);
      const su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      const userId = await createUser(t, su, {
        email: 'after@example.com',
        password: 'after-password-1',
        role: 'user',
      });
      await t.request({
        method: 'POST',
        url: '/api/collections/users/auth-with-password',
        payload: { identity: 'after@example.com', password: 'wrong-password' },
      });
      await signIn(t, 'users', 'after@example.com', 'after-password-1');

      const verify = async () => {
        const res = await t.request({ method: 'GET', url: '/api/audit/verify', token: su });
        expect(res.statusCode).toBe(200);
        return res.json<{ ok: boolean; brokenCount: number; brokenEntries: { seq: number }[] }>();
      };
      expect(await verify()).toMatchObject({ ok: true, brokenCount: 0, brokenEntries: [] });
      const all = await rows(t.services.db);
      const failed = all.find((r) => r.action === 'auth.signin' && r.result === 'failure');
      expect(failed?.actorEmail).toSatisfy((email: string) => email.isWellFormed());

      // Real tampering after that entry is still named, and nothing else is.
      const created = all.find((r) => r.action === 'user.create' && r.targetId === userId);
      if (!failed || !created || created.seq <= failed.seq) throw new Error('entries missing');
      await t.services.db
        .updateTable('audit_log')
        .set({ actorEmail: 'not-the-admin@example.com' })
        .where('seq', '=', created.seq)
        .execute();
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.brokenEntries.map((b) => b.seq)).toEqual([created.seq]);
      await t.services.db
        .updateTable('audit_log')
        .set({ actorEmail: created.actorEmail as string })
        .where('seq', '=', created.seq)
        .execute();
      expect((await verify()).ok).toBe(true);
    });

    it('every text of an entry, and every string and key inside its JSON, is stored as hashed', async () => {
      const lone = '\ud800';
      const cut = `${'x'.repeat(511)}\u{1F600}`; // the 512-character cut splits the pair
      await recordEvent(t.services.db, {
        actor: { type: 'guest', id: `id${lone}`, email: `${lone}@example.com` },
        ip: `ip${lone}`,
        userAgent: cut,
        action: `test.lone${lone}`,
        target: { type: `type\udc00`, id: `target${lone}x` },
        result: 'failure',
        changes: { [`key${lone}`]: [`old\udfff`, { [`nested${lone}`]: [`deep${lone}`] }] },
        data: { list: [`a${lone}`, 1, null, true, { k: `\udc00${lone}` }], fine: '\u{1F600}' },
      });
      const row = (await rows(t.services.db)).find((r) => String(r.action).startsWith('test.lone'));
      if (!row) throw new Error('entry missing');
      expect(row).toMatchObject({
        actorId: 'id\ufffd',
        actorEmail: '\ufffd@example.com',
        ip: 'ip\ufffd',
        userAgent: `${'x'.repeat(511)}\ufffd`,
        action: 'test.lone\ufffd',
        targetType: 'type\ufffd',
        targetId: 'target\ufffdx',
      });
      expect(JSON.parse(row.changes as string)).toEqual({
        'key\ufffd': ['old\ufffd', { 'nested\ufffd': ['deep\ufffd'] }],
      });
      expect(JSON.parse(row.data as string)).toEqual({
        list: ['a\ufffd', 1, null, true, { k: '\ufffd\ufffd' }],
        fine: '\u{1F600}',
      });
      expect(row.hash).toBe(entryHash(row.prevHash, row as never));
      expect((await t.services.audit.verify(SYSTEM)).ok).toBe(true);
    });

    it('well-formed text is stored exactly as before (existing chains keep verifying)', async () => {
      const changes: Record<string, [string, string]> = {
        name: ['Zoë "quoted" \\ back', 'emoji \u{1F600} and U+FFFD \ufffd'],
        literal: ['\\ud800 is text here', 'tab\tnew\nline'],
      };
      const data = { nested: { 'ключ \u{1F600}': ['\\udc00', 0, false] } };
      await recordEvent(t.services.db, {
        ...entry('test.well-formed'),
        actor: { type: 'user', id: 'u1', email: 'zoë@example.com' },
        changes,
        data,
      });
      const row = (await rows(t.services.db)).at(-1);
      expect(row).toMatchObject({
        action: 'test.well-formed',
        actorEmail: 'zoë@example.com',
        // The very text the code before this change wrote (and hashed).
        changes: JSON.stringify(changes),
        data: JSON.stringify(data),
      });
      expect(row?.hash).toBe(entryHash(row?.prevHash ?? '', row as never));
    });
  });
}
