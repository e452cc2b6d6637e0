import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';
import { runCli } from './index.js';

async function cli(t: TestApp, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const db = [
    '--db',
    t.config.db,
    ...(t.config.dbSchema ? ['--db-schema', t.config.dbSchema] : []),
  ];
  const code = await runCli([...db, ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

for (const dialect of DIALECTS) {
  describe(`gatehouse users import/export (${dialect})`, () => {
    let t: TestApp;
    let file: string;
    beforeEach(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      file = path.join(t.config.dir, 'users.csv');
    });
    afterEach(async () => {
      await t.close();
    });

    it('dry-runs, refuses without --yes, applies with --yes, audited as the CLI', async () => {
      fs.writeFileSync(
        file,
        '\uFEFFname,email,groups,password\r\nAnn,ann@example.com,Ops/Night,ann-cli-password-1\r\nBob,bob@example.com,,\r\n',
      );
      const dry = await cli(
        t,
        'users',
        'import',
        file,
        '--dry-run',
        '--on-unknown-group',
        'create',
      );
      expect(dry.code, dry.err).toBe(0);
      expect(dry.out).toContain('2 rows: 2 to create, 0 to update, 0 to skip, 0 with errors.');
      expect(dry.out).toContain('Dry run: nothing was written.');
      const asked = await cli(t, 'users', 'import', file, '--on-unknown-group', 'create');
      expect(asked.code).toBe(1);
      expect(asked.err).toMatch(/Not applied \(confirm with --yes/);
      expect(await t.services.db.selectFrom('users').select('id').execute()).toHaveLength(1);

      const applied = await cli(
        t,
        'users',
        'import',
        file,
        '--yes',
        '--on-unknown-group',
        'create',
      );
      expect(applied.code, applied.err).toBe(0);
      expect(applied.out).toContain('Imported: 2 created, 0 updated, 0 skipped.');
      expect(applied.out).toContain('Groups created: Ops/Night.');
      expect(applied.out).toMatch(/bob@example\.com: \/invitation\/\S+/);
      // With the server's public URL the links are whole.
      fs.writeFileSync(file, 'name,email\nCyd,cyd@example.com\n');
      const linked = await cli(
        t,
        'users',
        'import',
        file,
        '--yes',
        '--public-url',
        'https://hub.example.com',
      );
      expect(linked.code, linked.err).toBe(0);
      expect(linked.out).toMatch(/cyd@example\.com: https:\/\/hub\.example\.com\/invitation\/\S+/);
      await signIn(t, 'users', 'ann@example.com', 'ann-cli-password-1');
      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.import')
        .executeTakeFirstOrThrow();
      expect(audit.actorType).toBe('cli');

      // Again: both exist now; --on-existing update renames Bob.
      fs.writeFileSync(file, 'name,email\nRobert,bob@example.com\nAnn,ann@example.com\n');
      const again = await cli(t, 'users', 'import', file, '--yes', '--on-existing', 'update');
      expect(again.out).toContain('Imported: 0 created, 1 updated, 1 skipped.');
    });

    it('reports error rows by line and exits 1; clear errors for bad files', async () => {
      fs.writeFileSync(
        file,
        'name,email\nAnn,not-an-email\nBob,bob@example.com\nBob,BOB@example.com\n',
      );
      const bad = await cli(t, 'users', 'import', file, '--yes');
      expect(bad.code).toBe(1);
      expect(bad.out).toContain('line 2 (not-an-email): email: Must be a valid email address.');
      expect(bad.out).toContain('line 4 (bob@example.com): email: Duplicate of line 3.');
      expect(bad.err).toMatch(/2 row\(s\) have errors; nothing was imported/);
      fs.writeFileSync(file, 'name;email\nAnn;ann@example.com\n');
      expect((await cli(t, 'users', 'import', file)).err).toMatch(
        /separates columns with semicolons/,
      );
      expect((await cli(t, 'users', 'import', path.join(t.config.dir, 'nope.csv'))).err).toMatch(
        /Cannot read/,
      );
      expect((await cli(t, 'users', 'import', file, '--on-existing', 'merge')).code).toBe(2);
    });

    it('exports CSV and JSON, to stdout or a file', async () => {
      const csv = await cli(t, 'users', 'export');
      expect(csv.code, csv.err).toBe(0);
      expect(csv.out.split(/\r?\n/)[0]).toBe(
        'name,email,groups,role,id,username,status,verified,kind,created,updated',
      );
      expect(csv.out).toContain(ADMIN.email);
      const json = await cli(t, 'users', 'export', '--format', 'json');
      expect(JSON.parse(json.out)).toMatchObject([{ email: ADMIN.email, role: 'admin' }]);
      const out = path.join(t.config.dir, 'out.csv');
      expect((await cli(t, 'users', 'export', '-o', out)).code).toBe(0);
      expect(fs.readFileSync(out, 'utf8')).toContain(ADMIN.email);
    });
  });
}
