// The users collection's computed values for the records engine: each account's groups as paths
// ("Organization / Security Team / Senior Consultants"), in the order of its `groups` ids, for the
// admin users list. Accounts are written by the accounts services, so there is nothing else here.
import type { CollectionHooks } from '../records/hooks.js';

export function userHooks(): CollectionHooks {
  return {
    present(records, snapshot) {
      for (const record of records) {
        const ids = record.groups;
        if (!Array.isArray(ids)) continue;
        record.groupPaths = ids.map((id) => snapshot.index.path(String(id)));
      }
    },
  };
}
