// The users collection's computed values for the records engine, for the admin users list: each
// account's groups as paths ("Organization / Security Team / Senior Consultants", in the order of
// its `groups` ids), its effective level (the lowest of its roles', from the access index; shown
// wherever the record is, as its role and groups are), and — on a list's page, for directory
// readers only — its last sign-in (one statement per page; a sign-in's answer or one record's view
// stays as it was). Accounts are written by the accounts services, so there is nothing else here.
import { readsDirectory } from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { CollectionHooks } from '../records/hooks.js';
import { lastSignIns } from './users.last-sign-in.js';

export function userHooks(db: Db): CollectionHooks {
  return {
    async present(records, snapshot, viewer, listing) {
      for (const record of records) {
        record.level = snapshot.index.effective(record.id)?.level ?? null;
        const ids = record.groups;
        if (!Array.isArray(ids)) continue;
        record.groupPaths = ids.map((id) => snapshot.index.path(String(id)));
      }
      if (!listing || records.length === 0 || !readsDirectory(viewer, snapshot)) return;
      const last = await lastSignIns(
        db,
        records.map((r) => r.id),
      );
      for (const record of records) record.lastSignIn = last.get(record.id) ?? '';
    },
  };
}
