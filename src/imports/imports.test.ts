import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';
import { parseCsv } from './csv-parse.js';
import { makeInvitations } from '../accounts/invitations.service.js';

interface DryRunBody {
  id: string;
  summary: Record<string, number>;
  columns: string[];
  ignoredColumns: string[];
  rows: { line: number; email: string; action: string; reasons: string[] }[];
}

for (const dialect of DIALECTS) {
  describe(`CSV user import (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let team: string;
    let senior: string;
    beforeEach(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      team = await record('groups', { name: 'Security Team' });
      senior = await record('groups', { name: 'Senior Consultants', parent: team });
    });
    afterEach(async () => {
      await t.close();
    });

    async function record(collection: string, payload: object): Promise<string> {
      const res = await t.request({
        method: 'POST',
        url: `/api/collections/${collection}/records`,
        token: su,
        payload,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ id: string }>().id;
    }
    const upload = (csv: string | Buffer, query = '', token = su, type = 'text/csv') =>
      t.request({
        method: 'POST',
        url: `/api/users/import${query}`,
        token,
        headers: { 'content-type': type },
        payload: csv,
      });
    const confirm = (id: string, payload: object = {}, token = su) =>
      t.request({ method: 'POST', url: `/api/users/import/${id}/confirm`, token, payload });
    const counts = async () => ({
      users: (await t.services.db.selectFrom('users').select('id').execute()).length,
      groups: (await t.services.db.selectFrom('groups').select('id').execute()).length,
      audit: (await t.services.db.selectFrom('audit_log').select('id').execute()).length,
    });
    const memberships = async (email: string) => {
      const user = await t.services.db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      const rows = await t.services.db
        .selectFrom('record_relations')
        .select('targetId')
        .where('collection', '=', 'users')
        .where('field', '=', 'groups')
        .where('recordId', '=', user.id)
        .execute();
      return { user, groups: rows.map((r) => r.targetId).sort() };
    };

    it('hands out the template: the seed columns, role and password, one example row', async () => {
      const res = await t.request({ method: 'GET', url: '/api/users/import/template' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const rows = parseCsv(res.body);
      expect(rows.map((r) => r.fields)).toEqual([
        ['name', 'email', 'groups', 'role', 'password'],
        [
          'John Smith',
          'john.smith@example.com',
          'Security Team/Senior Consultants,Managers',
          'user',
          '',
        ],
      ]);
    });

    it('dry-runs a messy real-world file: BOM, CRLF, quotes, newlines, extra and reordered columns, blank lines', async () => {
      const before = await counts();
      const csv =
        '\uFEFFEmail,Department,Name,Groups\r\n' +
        'ann@example.com,Ops,"Smith, Ann","Security Team/Senior Consultants,Security Team"\r\n' +
        '\r\n' +
        'bob@example.com,,"Bob ""The Builder""\r\nJones",\r\n' +
        '   \r\n' +
        'ANN@example.com,,Ann again,\r\n' +
        'not-an-email,,Nobody,\r\n' +
        'cy@example.com,,Cy,Nowhere Team\r\n' +
        `${ADMIN.email},,Ada,\r\n` +
        'dee@example.com,,Dee,Security Team,extra\r\n';
      const res = await upload(csv);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<DryRunBody>();
      expect(body.columns).toEqual(['name', 'email', 'groups']);
      expect(body.ignoredColumns).toEqual(['Department']);
      expect(body.summary).toEqual({ rows: 7, create: 2, update: 0, skip: 1, error: 4 });
      const byLine = Object.fromEntries(body.rows.map((r) => [r.line, r]));
      expect(byLine[2]).toMatchObject({ email: 'ann@example.com', action: 'create' });
      expect(byLine[4]).toMatchObject({ email: 'bob@example.com', action: 'create' });
      expect(byLine[7]).toMatchObject({
        action: 'error',
        reasons: ['email: Duplicate of line 2.'],
      });
      expect(byLine[8]?.reasons).toEqual(['email: Must be a valid email address.']);
      expect(byLine[9]?.reasons[0]).toMatch(/Unknown group "Nowhere Team"/);
      expect(byLine[10]).toMatchObject({ action: 'skip', reasons: ['exists'] });
      expect(byLine[11]?.reasons[0]).toMatch(/5 fields, but the header names 4 columns/);
      // Nothing but the pending import was written.
      expect(await counts()).toEqual(before);
      const page = await t.request({
        method: 'GET',
        url: `/api/users/import/${body.id}?action=error&perPage=2`,
        token: su,
      });
      expect(page.json()).toMatchObject({
        totalItems: 4,
        totalPages: 2,
        items: [{ line: 7 }, { line: 8 }],
      });
    });

    it('applies the same validation as creating one user: role above the actor, weak password', async () => {
      await record('roles', {
        name: 'Importer',
        level: 2,
        permissions: { admin: { actions: ['users.view', 'users.manage', 'import'], scope: 'all' } },
      });
      await createUser(t, su, {
        email: 'imp@example.com',
        password: 'importer-pass-1',
        role: 'Importer',
      });
      const imp = (await signIn(t, 'users', 'imp@example.com', 'importer-pass-1')).token;
      const res = await upload(
        'name,email,role,password\n' +
          'A,a@example.com,admin,\n' +
          'B,b@example.com,readonly,password123\n' +
          'C,c@example.com,emperor,\n' +
          'D,d@example.com,readonly,a-long-enough-pass\n',
        '',
        imp,
      );
      expect(res.statusCode, res.body).toBe(200);
      const rows = res.json<DryRunBody>().rows;
      expect(rows[0]?.reasons[0]).toMatch(/cannot assign role "admin" \(level 1\)/);
      expect(rows[1]?.reasons).toEqual(['password: This password is too common; choose another.']);
      expect(rows[2]?.reasons).toEqual(['role: Unknown role "emperor".']);
      expect(rows[3]?.action).toBe('create');
      // Unknown groups may be created only by holders of admin.groups.manage.
      const groups = await upload(
        'email,groups\ne@example.com,New Team\n',
        '?onUnknownGroup=create',
        imp,
      );
      expect(groups.json<DryRunBody>().rows[0]?.reasons).toEqual([
        'groups: Creating groups needs admin.groups.manage.',
      ]);
      // The pending import is its author's.
      const id = res.json<DryRunBody>().id;
      expect((await confirm(id, {}, su)).statusCode).toBe(400); // rows with errors
      const other = await createUser(t, su, {
        email: 'o@example.com',
        password: 'other-pass-12',
        role: 'Importer',
      });
      expect(other).toBeTruthy();
      const o = (await signIn(t, 'users', 'o@example.com', 'other-pass-12')).token;
      expect((await confirm(id, {}, o)).statusCode).toBe(404);
    });

    it('refuses users without admin.users.manage + admin.import', async () => {
      await createUser(t, su, { email: 'u@example.com', password: 'plain-user-pass' });
      const u = (await signIn(t, 'users', 'u@example.com', 'plain-user-pass')).token;
      expect((await upload('email\nx@example.com\n', '', u)).statusCode).toBe(403);
      expect(
        (await t.request({ method: 'GET', url: '/api/users/export', token: u })).statusCode,
      ).toBe(403);
      expect((await upload('email\nx@example.com\n', '', '')).statusCode).toBe(401);
    });

    it.each([
      [
        'semicolons',
        'name;email;groups\nA;a@example.com;X\n',
        400,
        /separates columns with semicolons/,
      ],
      ['tabs', 'name\temail\nA\ta@example.com\n', 400, /separates columns with tabs/],
      ['no header', 'Ann,ann@example.com,Team\n', 400, /no header: its first line looks like data/],
      ['no email column', 'name,mail address\nAnn,x\n', 400, /no "email" column/],
      ['JSON', '[{"email":"a@example.com"}]', 400, /looks like JSON/],
      ['an empty file', '', 400, /No file|empty/],
      ['only a header', 'name,email\r\n\r\n', 400, /header but no rows/],
      [
        'an unclosed quote',
        'name,email\n"Ann,ann@example.com\n',
        400,
        /Line 2: a quoted field is never closed/,
      ],
      [
        'text after a quote',
        'name,email\n"Ann"x,ann@example.com\n',
        400,
        /Line 2: unexpected text after a closing quote/,
      ],
    ])('refuses %s with a clear 4xx', async (_what, csv, status, message) => {
      const before = await counts();
      const res = await upload(csv);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json<{ message: string }>().message).toMatch(message);
      expect(await counts()).toEqual(before);
      expect(await t.services.db.selectFrom('user_imports').selectAll().execute()).toHaveLength(0);
    });

    it('refuses binary files, spreadsheets, non-UTF-8 text and JSON bodies', async () => {
      const cases: [Buffer | string, string, RegExp][] = [
        [Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'text/csv', /ZIP archive/],
        [
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
          'application/octet-stream',
          /NUL bytes/,
        ],
        [Buffer.from('name,email\nJos\xe9,j@example.com\n', 'latin1'), 'text/csv', /not UTF-8/],
        [JSON.stringify({ email: 'a@example.com' }), 'application/json', /JSON, not CSV/],
      ];
      for (const [payload, type, message] of cases) {
        const res = await upload(payload, '', su, type);
        expect(res.statusCode, type).toBe(400);
        expect(res.json<{ message: string }>().message).toMatch(message);
      }
    });

    it('refuses a file past the size limit (setting imports.maxBytes)', async () => {
      const patch = await t.request({
        method: 'PATCH',
        url: '/api/settings',
        token: su,
        payload: { imports: { maxBytes: 2048 } },
      });
      expect(patch.statusCode, patch.body).toBe(200);
      const csv =
        'name,email\n' +
        Array.from({ length: 200 }, (_, i) => `U${i},u${i}@example.com\n`).join('');
      const res = await upload(csv);
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({
        message: expect.stringMatching(/larger than the import limit of 2048 bytes/) as unknown,
        data: { file: { code: 'validation_file_size_limit' } },
      });
      expect(await t.services.db.selectFrom('user_imports').selectAll().execute()).toHaveLength(0);
    });

    it('accepts a multipart upload', async () => {
      const boundary = '----gatehouse1234';
      const body =
        `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="users.csv"\r\nContent-Type: text/csv\r\n\r\n` +
        'name,email\r\nAnn,ann@example.com\r\nBob,bob@example.com\r\n' +
        `\r\n--${boundary}--\r\n`;
      const res = await upload(body, '', su, `multipart/form-data; boundary=${boundary}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<DryRunBody>().summary).toMatchObject({ rows: 2, create: 2 });
    });

    it('refuses a multipart upload without a file, a boundary or its end, in plain words', async () => {
      const b = '----gatehouse5678';
      const type = `multipart/form-data; boundary=${b}`;
      const note = `--${b}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n`;
      const filePart = `--${b}\r\nContent-Disposition: form-data; name="file"; filename="u.csv"\r\n\r\n`;
      const cases: [string, string, RegExp, string?][] = [
        [`${note}--${b}--\r\n`, type, /has no file; send the CSV in a part named "file"/, 'file'],
        [`${note}--${b}--\r\n`, 'multipart/form-data', /no boundary/],
        [
          `${filePart}name,email\r\nAnn,ann@example.com\r\n`,
          type,
          /ends in the middle of the file/,
        ],
      ];
      for (const [payload, contentType, message, field] of cases) {
        const res = await upload(payload, '', su, contentType);
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json<{ message: string }>().message).toMatch(message);
        if (field) expect(res.json<{ data: object }>().data).toHaveProperty(field);
      }
      // A text part named "file" is the file too.
      const text =
        `--${b}\r\nContent-Disposition: form-data; name="file"\r\n\r\n` +
        `name,email\r\nCy,cy@example.com\r\n--${b}--\r\n`;
      const res = await upload(text, '', su, type);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<DryRunBody>().summary).toMatchObject({ rows: 1, create: 1 });
    });

    it('confirms in one transaction: users, groups, invitations, one audit entry per user plus the import', async () => {
      await createUser(t, su, {
        email: 'old@example.com',
        password: 'old-user-pass-1',
        name: 'Old',
      });
      const before = await counts();
      const csv =
        'name,email,groups,role,password\n' +
        'Ann,ann@example.com,"Security Team/Senior Consultants,Red Team/Web",user,\n' +
        'Bob,bob@example.com,,readonly,bob-strong-pass-1\n' +
        'Old Renamed,old@example.com,Security Team,readonly,\n';
      const dry = await upload(csv, '?onUnknownGroup=create&onExisting=update');
      expect(dry.statusCode, dry.body).toBe(200);
      expect(dry.json<DryRunBody>().summary).toMatchObject({ create: 2, update: 1, error: 0 });
      const res = await confirm(dry.json<DryRunBody>().id);
      expect(res.statusCode, res.body).toBe(200);
      const result = res.json<{
        created: number;
        updated: number;
        groupsCreated: string[];
        invitations: { email: string; link: string }[];
      }>();
      expect(result).toMatchObject({ created: 2, updated: 1, groupsCreated: ['Red Team/Web'] });
      expect(result.invitations.map((i) => i.email)).toEqual(['ann@example.com']);
      const after = await counts();
      expect(after.users).toBe(before.users + 2);
      expect(after.groups).toBe(before.groups + 2);
      // 2 creates + 1 update + 1 import + 2 groups.
      expect(after.audit).toBe(before.audit + 6);
      const audit = await t.services.db
        .selectFrom('audit_log')
        .select(['action', 'changes'])
        .where('seq', '>', 0)
        .execute();
      expect(audit.filter((a) => a.action === 'user.import')).toHaveLength(1);
      expect(audit.some((a) => (a.changes ?? '').includes('bob-strong-pass-1'))).toBe(false);

      const ann = await memberships('ann@example.com');
      expect(ann.groups).toContain(senior);
      expect(ann.groups).toHaveLength(2);
      const old = await memberships('old@example.com');
      expect(old.user).toMatchObject({ name: 'Old Renamed', role: 'readonly' });
      expect(old.groups).toEqual([team]);
      await signIn(t, 'users', 'bob@example.com', 'bob-strong-pass-1');
      // The index follows at once: Ann reaches the Security Team through Senior Consultants.
      const reach = (await t.services.directory.snapshot()).index.effective(ann.user.id)?.reach;
      expect(reach?.has(team) && reach.has(senior)).toBe(true);
      expect(reach?.size).toBe(4);

      // Confirming twice is refused.
      expect((await confirm(dry.json<DryRunBody>().id)).statusCode).toBe(409);
      // The applied import's rows page says what it did (its answer schema names every key).
      const applied = await t.request({
        method: 'GET',
        url: `/api/users/import/${dry.json<DryRunBody>().id}`,
        token: su,
      });
      expect(applied.statusCode, applied.body).toBe(200);
      expect(Object.keys(applied.json<object>()).sort()).toEqual(
        ['id', 'status', 'options', 'summary', 'result', 'page', 'perPage', 'totalItems']
          .concat(['totalPages', 'items'])
          .sort(),
      );
      expect(applied.json()).toMatchObject({
        status: 'applied',
        options: { onExisting: 'update', onUnknownGroup: 'create', invite: true },
        result: { created: 2, updated: 1, skipped: 0, groupsCreated: ['Red Team/Web'] },
      });

      // The link opens the hub's invitation page (not the /#/ of earlier versions).
      const link = result.invitations[0]?.link ?? '';
      expect(link).toMatch(/^https?:\/\/[^/]+\/invitation\/[a-z0-9]{15}\.[\w-]{43}$/);
      const token = link.split('/').pop() ?? '';
      // Looking it up says whom it invites and spends nothing.
      const lookup = (payload: object) =>
        t.request({ method: 'POST', url: '/api/users/invitations/lookup', payload });
      for (let i = 0; i < 2; i++) {
        const found = await lookup({ token });
        expect(found.statusCode, found.body).toBe(200);
        expect(found.json()).toEqual({
          email: 'ann@example.com',
          name: 'Ann',
          expires: expect.stringMatching(/^\d{4}-/) as unknown,
        });
      }
      const accept = (payload: object) =>
        t.request({ method: 'POST', url: '/api/users/invitations/accept', payload });
      expect((await accept({ token, password: 'short' })).statusCode).toBe(400);
      expect((await accept({ token: 'nope', password: 'ann-new-password-1' })).statusCode).toBe(
        400,
      );
      expect((await accept({ token, password: 'ann-new-password-1' })).statusCode).toBe(204);
      await signIn(t, 'users', 'ann@example.com', 'ann-new-password-1');
      expect((await accept({ token, password: 'ann-other-password' })).json()).toMatchObject({
        data: { token: { code: 'validation_invalid_token' } },
      });
      // A used link looks up as refused too (the page says so), as do a missing or odd token.
      const used = await lookup({ token });
      expect(used.statusCode).toBe(400);
      expect(used.json()).toMatchObject({ data: { token: { code: 'validation_invalid_token' } } });
      expect((await lookup({})).json()).toMatchObject({ data: { token: {} } });
      expect((await lookup({ token: 'nope' })).statusCode).toBe(400);
      expect((await lookup({ token, extra: 1 })).statusCode).toBe(400);
      const accepted = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.invitation.accept')
        .executeTakeFirstOrThrow();
      expect(accepted).toMatchObject({ actorType: 'user', actorId: ann.user.id });
    });

    it('spends an invitation when the password is set otherwise; refuses expired, forged and other tokens', async () => {
      const dry = await upload('name,email,groups\nAnn,ann@example.com,\nBob,bob@example.com,\n');
      const res = await confirm(dry.json<DryRunBody>().id);
      const links = res.json<{ invitations: { email: string; userId: string; link: string }[] }>()
        .invitations;
      const tokenOf = (email: string) =>
        links
          .find((i) => i.email === email)
          ?.link.split('/')
          .pop() ?? '';
      const accept = (token: string) =>
        t.request({
          method: 'POST',
          url: '/api/users/invitations/accept',
          payload: { token, password: 'a-new-password-1' },
        });
      const refusedToken = { data: { token: { code: 'validation_invalid_token' } } };
      // A superuser sets Ann's password: the link is spent.
      const ann = links.find((i) => i.email === 'ann@example.com')?.userId ?? '';
      const set = await t.request({
        method: 'PATCH',
        url: `/api/collections/users/records/${ann}`,
        token: su,
        payload: { password: 'set-by-admin-1', passwordConfirm: 'set-by-admin-1' },
      });
      expect(set.statusCode, set.body).toBe(200);
      expect((await accept(tokenOf('ann@example.com'))).json()).toMatchObject(refusedToken);
      const bob = await t.services.db
        .selectFrom('users')
        .select(['id', 'invitationHash', 'invitationExpires'])
        .where('email', '=', 'bob@example.com')
        .executeTakeFirstOrThrow();
      // Only the hash is stored, never the token.
      expect(bob.invitationHash).toMatch(/^[0-9a-f]{64}$/);
      expect(bob.invitationHash).not.toBe(tokenOf('bob@example.com'));
      // Forged: Bob's id with a guessed secret, or with Ann's (spent) secret.
      const [forged] = makeInvitations([bob.id], 1);
      expect((await accept(forged?.token ?? '')).json()).toMatchObject(refusedToken);
      const annSecret = tokenOf('ann@example.com').split('.')[1] ?? '';
      expect((await accept(`${bob.id}.${annSecret}`)).json()).toMatchObject(refusedToken);
      // Expired.
      const expire = (when: string) =>
        t.services.db
          .updateTable('users')
          .set({ invitationExpires: when })
          .where('id', '=', bob.id)
          .execute();
      await expire('2020-01-01 00:00:00.000Z');
      expect((await accept(tokenOf('bob@example.com'))).json()).toMatchObject(refusedToken);
      const lookup = (token: string) =>
        t.request({ method: 'POST', url: '/api/users/invitations/lookup', payload: { token } });
      expect((await lookup(tokenOf('bob@example.com'))).json()).toMatchObject(refusedToken);
      expect((await lookup(forged?.token ?? '')).json()).toMatchObject(refusedToken);
      await expire(bob.invitationExpires);
      // A session token is not an invitation.
      const session = await signIn(t, 'users', 'ann@example.com', 'set-by-admin-1');
      const asInvitation = await accept(session.token);
      expect(asInvitation.statusCode).toBe(400);
      expect(asInvitation.json()).toMatchObject({ data: { token: {} } });
      // A disabled user's link does nothing; enabled again, it works.
      const disable = (status: string) =>
        t.request({
          method: 'PATCH',
          url: `/api/collections/users/records/${bob.id}`,
          token: su,
          payload: { status },
        });
      expect((await disable('disabled')).statusCode).toBe(200);
      expect((await accept(tokenOf('bob@example.com'))).json()).toMatchObject(refusedToken);
      expect((await lookup(tokenOf('bob@example.com'))).json()).toMatchObject(refusedToken);
      expect((await disable('active')).statusCode).toBe(200);
      expect((await accept(tokenOf('bob@example.com'))).statusCode).toBe(204);
      expect(
        await t.services.db
          .selectFrom('users')
          .select(['invitationHash', 'invitationExpires'])
          .where('id', '=', bob.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ invitationHash: '', invitationExpires: '' });
      await signIn(t, 'users', 'bob@example.com', 'a-new-password-1');
    });

    it('writes nothing when a row fails inside the transaction (all or nothing)', async () => {
      if (dialect === 'sqlite') {
        await sql`CREATE TRIGGER boom BEFORE INSERT ON users WHEN NEW.email = 'boom@example.com' BEGIN SELECT RAISE(ABORT, 'boom'); END`.execute(
          t.services.db,
        );
      } else {
        await sql`CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.email = 'boom@example.com' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`.execute(
          t.services.db,
        );
        await sql`CREATE TRIGGER boom BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION boom()`.execute(
          t.services.db,
        );
      }
      const rows = Array.from({ length: 600 }, (_, i) => `U${i},u${i}@example.com,New Group/Sub\n`);
      rows.push('Boom,boom@example.com,\n');
      const dry = await upload(`name,email,groups\n${rows.join('')}`, '?onUnknownGroup=create');
      expect(dry.json<DryRunBody>().summary).toMatchObject({ create: 601, error: 0 });
      const before = await counts();
      const res = await confirm(dry.json<DryRunBody>().id);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(await counts()).toEqual(before);
      expect([...(await t.services.directory.snapshot()).index.groupIds()]).toHaveLength(2);
      const stored = await t.services.db
        .selectFrom('user_imports')
        .select('status')
        .executeTakeFirstOrThrow();
      expect(stored.status).toBe('pending');
    });

    it('re-plans at confirm: options may change, and new conflicts refuse the whole import', async () => {
      const dry = await upload(
        'name,email,groups\nAnn,ann@example.com,New Team\nBob,bob@example.com,\n',
      );
      const id = dry.json<DryRunBody>().id;
      const refused = await confirm(id);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({
        data: {
          'line 2': { message: expect.stringMatching(/Unknown group "New Team"/) as unknown },
        },
      });
      expect((await confirm(id, { onUnknownGroup: 'create', invite: false })).json()).toMatchObject(
        {
          created: 2,
          groupsCreated: ['New Team'],
          invitations: [],
        },
      );
    });

    it('refuses, naming the line, when a user with a planned email appears just before the write', async () => {
      const dry = await upload('name,email,groups\nAnn,ann@example.com,\nBob,bob@example.com,\n');
      const before = await counts();
      // Another instance creates bob between the confirm's plan and its transaction.
      const transaction = t.services.directory.transaction.bind(t.services.directory);
      const spy = vi
        .spyOn(t.services.directory, 'transaction')
        .mockImplementationOnce(async (actor, body) => {
          await createUser(t, su, { email: 'bob@example.com', password: 'correct-horse-1' });
          return transaction(actor, body);
        });
      const res = await confirm(dry.json<DryRunBody>().id);
      spy.mockRestore();
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({
        data: { 'line 3': { code: 'validation_not_unique' } },
      });
      expect(Object.keys(res.json<{ data: object }>().data)).toEqual(['line 3']);
      // Only bob (made by the other writer) is new; the import wrote nothing and is still pending.
      const after = await counts();
      expect(after.users).toBe(before.users + 1);
      const again = await confirm(dry.json<DryRunBody>().id);
      expect(again.json()).toMatchObject({ created: 1, skipped: 1 });
    });

    it('exports users as formula-safe CSV and as JSON, audited', async () => {
      await createUser(t, su, {
        email: 'evil@example.com',
        name: '=HYPERLINK("http://x")',
        password: 'evil-user-pass',
      });
      await createUser(t, su, {
        email: 'plus@example.com',
        name: '+1 555',
        password: 'plus-user-pass',
      });
      const csv = await t.request({
        method: 'GET',
        url: '/api/users/export?format=csv',
        token: su,
      });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-disposition']).toMatch(/attachment; filename="users-.*\.csv"/);
      const rows = parseCsv(csv.body).map((r) => r.fields);
      expect(rows[0]?.slice(0, 4)).toEqual(['name', 'email', 'groups', 'role']);
      expect(rows.find((r) => r[1] === 'evil@example.com')?.[0]).toBe('\'=HYPERLINK("http://x")');
      expect(rows.find((r) => r[1] === 'plus@example.com')?.[0]).toBe("'+1 555");
      const json = await t.request({
        method: 'GET',
        url: '/api/users/export?format=json',
        token: su,
      });
      const users = json.json<{ email: string; name: string; groups: string[] }[]>();
      expect(users.map((u) => u.email).sort()).toEqual([
        ADMIN.email,
        'evil@example.com',
        'plus@example.com',
      ]);
      expect(users.find((u) => u.email === 'evil@example.com')?.name).toBe(
        '=HYPERLINK("http://x")',
      );
      expect(JSON.stringify(users)).not.toMatch(/passwordHash|tokenKey/);
      expect(
        (await t.request({ method: 'GET', url: '/api/users/export?format=xml', token: su }))
          .statusCode,
      ).toBe(400);
      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.export')
        .execute();
      expect(audit).toHaveLength(2);
      // An exported file imports again: every user exists, so every row is skipped.
      const again = await upload(csv.body);
      expect(again.json<DryRunBody>().summary).toMatchObject({ rows: 3, skip: 3, error: 0 });
    });
  });

  describe(`bulk actions on a selection (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let ids: string[];
    let group: string;
    beforeEach(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      ids = [];
      for (const n of ['a', 'b', 'c'])
        ids.push(
          await createUser(t, su, { email: `${n}@example.com`, password: `${n}-password-123` }),
        );
      const res = await t.request({
        method: 'POST',
        url: '/api/collections/groups/records',
        token: su,
        payload: { name: 'Team' },
      });
      group = res.json<{ id: string }>().id;
    });
    afterEach(async () => {
      await t.close();
    });
    const bulk = (payload: object) =>
      t.request({ method: 'POST', url: '/api/users/bulk', token: su, payload });

    it('assigns to and removes from a group, disables, enables and sets a role — audited', async () => {
      expect((await bulk({ action: 'addToGroup', ids, group })).json()).toEqual({
        action: 'addToGroup',
        group,
        changed: ids,
      });
      const members = await t.request({
        method: 'GET',
        url: `/api/collections/groups/records/${group}`,
        token: su,
      });
      expect(members.statusCode).toBe(200);
      expect((await t.services.directory.snapshot()).index.membersOfGroup(group).sort()).toEqual(
        [...ids].sort(),
      );
      expect(
        (await bulk({ action: 'removeFromGroup', ids: [ids[0]], group })).json(),
      ).toMatchObject({ changed: [ids[0]] });
      expect((await t.services.directory.snapshot()).index.membersOfGroup(group)).toHaveLength(2);
      expect((await bulk({ action: 'disable', ids })).statusCode).toBe(200);
      await expect(signIn(t, 'users', 'a@example.com', 'a-password-123')).rejects.toThrow();
      expect((await bulk({ action: 'enable', ids })).statusCode).toBe(200);
      await signIn(t, 'users', 'a@example.com', 'a-password-123');
      expect((await bulk({ action: 'setRole', ids, role: 'readonly' })).statusCode).toBe(200);
      const actions = (await t.services.db.selectFrom('audit_log').select('action').execute()).map(
        (a) => a.action,
      );
      expect(actions.filter((a) => a === 'group.members')).toHaveLength(2);
      expect(actions.filter((a) => a === 'user.bulk')).toHaveLength(3);
    });

    it('changes nothing when one of the selection is unknown, or the group is', async () => {
      const missing = 'zzzzzzzzzzzzzzz';
      for (const payload of [
        { action: 'addToGroup', ids: [...ids, missing], group },
        { action: 'addToGroup', ids, group: missing },
        { action: 'disable', ids: [...ids, missing] },
      ]) {
        const res = await bulk(payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      }
      expect((await t.services.directory.snapshot()).index.membersOfGroup(group)).toEqual([]);
      const active = await t.services.db
        .selectFrom('users')
        .select('status')
        .where('status', '=', 'disabled')
        .execute();
      expect(active).toHaveLength(0);
    });
  });
}
