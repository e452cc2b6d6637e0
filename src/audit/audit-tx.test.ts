// Type-level: an audit row is appended only inside a transaction (`Tx`), never on the plain `Db`.
import { describe, expectTypeOf, it } from 'vitest';
import type { Db } from '../db/connect.js';
import type { Tx } from '../db/types.js';
import { appendAudit, type AuditEntry, recordEvent } from './audit.repo.js';

// Never called: tsc checks these lines (`npm run typecheck`), the test below only keeps them in sight.
export function compiles(db: Db, tx: Tx, entry: AuditEntry): void {
  void appendAudit(tx, entry);
  void recordEvent(db, entry);
  // @ts-expect-error -- a plain connection is not a transaction: "audited in the same
  // transaction" forgotten must not compile.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- the point
  void appendAudit(db, entry);
}

describe('the transaction type', () => {
  it('appendAudit takes a Tx, which a Db is not', () => {
    expectTypeOf<Db>().not.toExtend<Tx>();
    expectTypeOf<Tx>().toExtend<Db>();
    expectTypeOf(appendAudit).parameter(0).toEqualTypeOf<Tx>();
    expectTypeOf(recordEvent).parameter(0).toEqualTypeOf<Db>();
  });
});
