// Exporting the user list as CSV (formula-injection-safe, the import's columns first, so a file
// round-trips) or JSON, streamed a page at a time; each export is audited.
import { fromActor, recordEvent } from '../audit/audit.repo.js';
import { type AccessIndex, type Actor, mayExportUsers } from '../access/index.js';
import type { Db } from '../db/connect.js';
import { refuse } from '../errors.js';
import { csvLine } from '../lib/csv.js';
import { loadRelations } from '../records/relations.repo.js';
import { importPath } from './imports.plan.js';
import type { Directory } from '../directory/directory.js';
import type { ExportQuery } from './imports.schema.js';

const PAGE = 1000;
export const EXPORT_COLUMNS = [
  'name',
  'email',
  'groups',
  'role',
  'id',
  'username',
  'status',
  'verified',
  'kind',
  'created',
  'updated',
] as const;

export interface UserExport {
  format: 'csv' | 'json';
  contentType: string;
  filename: string;
  chunks: AsyncIterable<string>;
}

export class ExportService {
  constructor(
    private readonly db: Db,
    private readonly directory: Directory,
  ) {}

  async exportUsers(actor: Actor, { format }: ExportQuery): Promise<UserExport> {
    const snapshot = await this.directory.snapshot();
    const may = mayExportUsers(actor.principal, snapshot);
    if (!may.ok) throw refuse(may);
    await recordEvent(this.db, {
      ...fromActor(actor),
      action: 'user.export',
      target: { type: 'users', id: '' },
      result: 'success',
      data: { format },
    });
    const stamp = new Date().toISOString().slice(0, 10);
    return {
      format,
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      filename: `users-${stamp}.${format}`,
      chunks: format === 'csv' ? this.csv(snapshot.index) : this.json(snapshot.index),
    };
  }

  private async *csv(index: AccessIndex): AsyncGenerator<string> {
    yield csvLine(EXPORT_COLUMNS);
    for await (const page of this.pages(index)) {
      yield page
        .map((u) =>
          csvLine(EXPORT_COLUMNS.map((c) => (c === 'groups' ? u.groups.join(',') : u[c]))),
        )
        .join('');
    }
  }

  private async *json(index: AccessIndex): AsyncGenerator<string> {
    yield '[';
    let first = true;
    for await (const page of this.pages(index)) {
      const text = page.map((u) => JSON.stringify(u)).join(',\n');
      yield `${first ? '\n' : ',\n'}${text}`;
      first = false;
    }
    yield '\n]\n';
  }

  /** Users a page at a time, by id (keyset), with their groups as paths. */
  private async *pages(index: AccessIndex) {
    let after = '';
    for (;;) {
      const rows = await this.db
        .selectFrom('users')
        .select([
          'id',
          'email',
          'name',
          'username',
          'role',
          'status',
          'verified',
          'kind',
          'created',
          'updated',
        ])
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      if (rows.length === 0) return;
      const groups = await loadRelations(
        this.db,
        'users',
        'groups',
        rows.map((r) => r.id),
      );
      yield rows.map((r) => ({
        ...r,
        username: r.username ?? '',
        verified: r.verified === 1,
        groups: (groups.get(r.id) ?? []).map((g) => importPath(index, g)),
      }));
      after = rows[rows.length - 1]?.id ?? after;
      if (rows.length < PAGE) return;
    }
  }
}
