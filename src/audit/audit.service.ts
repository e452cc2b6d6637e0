// The audit log for readers: permission checks, filtered pages, streamed exports, chain
// verification and the retention purge. Writing happens in every service through appendAudit.
import { Readable } from 'node:stream';
import type { Db } from '../db/connect.js';
import { toNumber } from '../db/dialect.js';
import { forbidden } from '../errors.js';
import {
  type Actor,
  canPurgeAudit,
  canViewAudit,
  type Principal,
  SYSTEM,
} from '../access/index.js';
import type { Directory } from '../directory/directory.js';
import type { SettingsService } from '../settings/settings.service.js';
import { csvLine } from '../lib/csv.js';
import { timestampIn } from '../lib/time.js';
import { AUDIT_COLUMNS, appendAudit, fromActor, lockChainHead, recordEvent } from './audit.repo.js';
import {
  type AuditItem,
  auditBatches,
  auditItem,
  auditPage,
  purgeOlderThan,
  readHead,
  resolveFilters,
  type ResolvedFilters,
} from './audit.read.js';
import type { AuditExportQuery, AuditListQuery } from './audit.schema.js';
import { type ChainBreak, ChainWalker } from './chain.js';

export interface VerifyReport {
  ok: boolean;
  /** Entries walked. */
  checked: number;
  /** The first entry that does not fit the chain (the first of `brokenEntries`). */
  broken: ChainBreak | null;
  /** Every entry that does not fit, oldest first, with its reason: the first MAX_REPORTED_BREAKS. */
  brokenEntries: ChainBreak[];
  /** All of them, listed or not. */
  brokenCount: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const SYSTEM_ACTOR: Actor = { principal: SYSTEM, ip: '', userAgent: 'gatehouse' };

export class AuditService {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly directory: Directory,
    private readonly settings: SettingsService,
  ) {}

  private async assertCanView(p: Principal): Promise<void> {
    if (!canViewAudit(p, await this.directory.snapshot())) {
      throw forbidden('Reading the audit log needs admin.audit.view.');
    }
  }

  /** One page, newest first, with the cursor of the next one. */
  async list(
    p: Principal,
    query: AuditListQuery,
  ): Promise<{ items: AuditItem[]; nextCursor: string | null }> {
    await this.assertCanView(p);
    const { cursor, limit, ...filters } = query;
    const page = await auditPage(this.db, await resolveFilters(this.db, filters), cursor, limit);
    return { items: page.rows.map(auditItem), nextCursor: page.nextCursor };
  }

  /**
   * Everything matching the filters, oldest first, as CSV or a JSON array, streamed. The export is
   * itself audited before the first byte goes out.
   */
  async export(
    actor: Actor,
    query: AuditExportQuery,
  ): Promise<{ format: 'csv' | 'json'; stream: Readable }> {
    await this.assertCanView(actor.principal);
    const { format, ...filters } = query;
    await recordEvent(this.db, {
      ...fromActor(actor),
      action: 'audit.export',
      target: { type: 'audit', id: '' },
      result: 'success',
      data: { format, filters },
    });
    const resolved = await resolveFilters(this.db, filters);
    return { format, stream: Readable.from(this.exportChunks(format, resolved)) };
  }

  private async *exportChunks(format: 'csv' | 'json', filters: ResolvedFilters) {
    if (format === 'csv') yield csvLine(AUDIT_COLUMNS);
    else yield '[';
    let first = true;
    for await (const rows of auditBatches(this.db, filters)) {
      let chunk = '';
      for (const row of rows) {
        if (format === 'csv') {
          chunk += csvLine(AUDIT_COLUMNS.map((column) => row[column]));
        } else {
          chunk += `${first ? '\n' : ',\n'}${JSON.stringify(auditItem(row))}`;
          first = false;
        }
      }
      yield chunk;
    }
    if (format === 'json') yield first ? ']\n' : '\n]\n';
  }

  /**
   * Walks the whole chain from its anchor and names every entry that does not fit, with its reason
   * (see `ChainWalker`); entries missing at the end are caught by comparing with the head. Entries
   * appended while it runs are walked too.
   */
  async verify(p: Principal): Promise<VerifyReport> {
    await this.assertCanView(p);
    const { anchorHash } = await readHead(this.db);
    const walker = new ChainWalker(anchorHash);
    let lastSeq = 0;
    for (;;) {
      let walked = false;
      for await (const rows of auditBatches(this.db, {}, 5000, lastSeq)) {
        walked = true;
        walker.check(rows);
        lastSeq = toNumber(rows.at(-1)?.seq ?? lastSeq);
      }
      const head = await readHead(this.db);
      // A head past the last entry walked: either entries were appended meanwhile (walk on) or
      // entries at the end were removed (nothing more to walk).
      if (head.lastHash === walker.lastHash || !walked) {
        walker.finish(head.lastHash);
        break;
      }
    }
    return {
      ok: walker.brokenCount === 0,
      checked: walker.checked,
      broken: walker.broken[0] ?? null,
      brokenEntries: walker.broken,
      brokenCount: walker.brokenCount,
    };
  }

  /**
   * Deletes entries past the retention setting and records that it did, in one transaction. The
   * daily job records only purges that deleted something; an explicit purge always records itself.
   */
  async purge(actor: Actor = SYSTEM_ACTOR, always = true) {
    if (!canPurgeAudit(actor.principal)) throw forbidden('Purging the audit log is for operators.');
    const { retentionDays } = (await this.settings.get()).audit;
    const cutoff = timestampIn(-retentionDays * 86400);
    return this.db.transaction().execute(async (tx) => {
      await lockChainHead(tx);
      const deleted = await purgeOlderThan(tx, cutoff);
      if (deleted === 0 && !always) return { deleted, before: cutoff };
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'audit.purge',
        target: { type: 'audit', id: '' },
        result: 'success',
        data: { before: cutoff, retentionDays, deleted },
      });
      return { deleted, before: cutoff };
    });
  }

  /** Purges now and then daily, until stop(). Failures are logged, never fatal. */
  startRetentionJob(onError: (error: unknown) => void): void {
    const run = () => {
      this.purge(SYSTEM_ACTOR, false).catch(onError);
    };
    run();
    this.timer = setInterval(run, DAY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
