// The access review (the seed's "Schedule periodic reviews"): what to look at, each item with its
// one-click remedy, and "Complete review", one audit entry with what was reviewed and counted.
// Accounts and tokens are read in SQL (review.repo.ts); levels and groups from the access index,
// where effective levels and memberships already are.
import type { Db } from '../db/connect.js';
import { refuse } from '../errors.js';
import { type AccessIndex, type Actor, mayReviewAccess } from '../access/index.js';
import { LEVEL_NAMES } from '../catalogue/modules.js';
import type { Directory } from '../directory/directory.js';
import { fromActor, recordEvent } from '../audit/audit.repo.js';
import { timestampIn, toTimestamp } from '../lib/time.js';
import {
  type Page,
  type TokenCondition,
  type TokenReviewRow,
  accountsById,
  inactiveAccounts,
  tokens,
  unownedServiceAccounts,
} from './review.repo.js';
import {
  type CompleteReviewInput,
  REVIEW_LISTS,
  type Review,
  type ReviewQuery,
} from './review.schema.js';

/** Tokens expiring within this many days are listed. */
export const EXPIRING_WITHIN_DAYS = 14;
/** Users at this level or more privileged (0 Super Admin, 1 Admin) are listed. */
export const PRIVILEGED_LEVEL = 1;
const DAY_S = 86_400;

type Lists = Review['lists'];

export class AccessReviewService {
  constructor(
    private readonly db: Db,
    private readonly directory: Directory,
  ) {}

  /** The review's lists, each capped at `limit` items with its total. */
  async review(actor: Actor, query: ReviewQuery): Promise<Review> {
    const index = await this.authorize(actor);
    const now = Date.now();
    return {
      days: query.days,
      generatedAt: toTimestamp(new Date(now)),
      expiringWithinDays: EXPIRING_WITHIN_DAYS,
      privilegedLevel: PRIVILEGED_LEVEL,
      lists: await this.lists(index, query.days, query.limit, now),
    };
  }

  /** "Complete review": the counts recomputed here, recorded as one `access.review` entry. */
  async complete(actor: Actor, input: CompleteReviewInput) {
    const index = await this.authorize(actor);
    const now = Date.now();
    const lists = await this.lists(index, input.days, 0, now);
    const counts = Object.fromEntries(REVIEW_LISTS.map((name) => [name, lists[name].total]));
    const reviewedAt = toTimestamp(new Date(now));
    await recordEvent(this.db, {
      ...fromActor(actor),
      action: 'access.review',
      target: { type: 'access', id: 'review' },
      result: 'success',
      data: {
        days: input.days,
        expiringWithinDays: EXPIRING_WITHIN_DAYS,
        privilegedLevel: PRIVILEGED_LEVEL,
        reviewed: [...REVIEW_LISTS],
        counts,
      },
    });
    return { days: input.days, reviewedAt, counts };
  }

  private async authorize(actor: Actor): Promise<AccessIndex> {
    const snapshot = await this.directory.snapshot();
    const may = mayReviewAccess(actor.principal, snapshot);
    if (!may.ok) throw refuse(may);
    return snapshot.index;
  }

  private async lists(index: AccessIndex, days: number, limit: number, now: number) {
    const at = toTimestamp(new Date(now));
    const cutoff = timestampIn(-days * DAY_S, now);
    const tokenList = async (c: TokenCondition) => tokenItems(await tokens(this.db, at, c, limit));
    // One after another: SQLite has one connection, and the counts stay cheap.
    const inactive = await inactiveAccounts(this.db, cutoff, limit);
    const lists: Lists = {
      inactiveAccounts: {
        total: inactive.total,
        items: inactive.items.map((r) => ({
          id: r.id,
          name: r.name,
          email: r.email,
          created: r.created,
          lastSignIn: latest(r.lastAudit, r.lastSession),
          remedy: 'disable' as const,
        })),
      },
      disabledWithTokens: await tokenList({ kind: 'heldByDisabled' }),
      tokensNeverUsed: await tokenList({ kind: 'neverUsed' }),
      tokensUnused: await tokenList({ kind: 'unusedSince', cutoff }),
      tokensWithoutExpiry: await tokenList({ kind: 'withoutExpiry' }),
      tokensExpiringSoon: await tokenList({
        kind: 'expiringBy',
        until: timestampIn(EXPIRING_WITHIN_DAYS * DAY_S, now),
      }),
      privilegedUsers: await this.privileged(index, limit),
      emptyGroups: emptyGroups(index, limit),
      unownedServiceAccounts: await this.unowned(limit),
    };
    return lists;
  }

  /** Active accounts whose effective level is Admin or above, most privileged first. */
  private async privileged(index: AccessIndex, limit: number): Promise<Lists['privilegedUsers']> {
    const found: { id: string; level: number }[] = [];
    for (const id of index.userIds()) {
      const effective = index.effective(id);
      if (effective?.active && effective.level !== null && effective.level <= PRIVILEGED_LEVEL)
        found.push({ id, level: effective.level });
    }
    found.sort((a, b) => a.level - b.level || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const shown = found.slice(0, limit);
    const rows = await accountsById(
      this.db,
      shown.map((f) => f.id),
    );
    const items = shown.flatMap(({ id, level }) => {
      const row = rows.get(id);
      if (!row) return []; // deleted since the index was read
      return [
        {
          id,
          name: row.name,
          email: row.email,
          kind: row.kind === 'service' ? ('service' as const) : ('user' as const),
          status: row.status,
          level,
          levelName: LEVEL_NAMES[level] ?? String(level),
          remedy: 'open' as const,
        },
      ];
    });
    return { total: found.length, items };
  }

  private async unowned(limit: number): Promise<Lists['unownedServiceAccounts']> {
    const page = await unownedServiceAccounts(this.db, limit);
    return {
      total: page.total,
      items: page.items.map((r) => ({
        id: r.id,
        name: r.name,
        email: r.email,
        owner: r.owner,
        reason:
          r.owner === ''
            ? ('none' as const)
            : r.ownerStatus === null
              ? ('deleted' as const)
              : ('disabled' as const),
        remedy: 'open' as const,
      })),
    };
  }
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function tokenItems(page: Page<TokenReviewRow>): Lists['tokensNeverUsed'] {
  return {
    total: page.total,
    items: page.items.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      created: r.created,
      lastUsedAt: r.lastUsedAt,
      expiresAt: r.expiresAt,
      account: {
        id: r.userId,
        name: r.userName,
        email: r.userEmail,
        kind: r.userKind === 'service' ? ('service' as const) : ('user' as const),
        status: r.userStatus,
      },
      remedy: 'revoke' as const,
    })),
  };
}

/**
 * Groups with no direct members: `subtree` when no sub-group has any either, `direct` when only
 * sub-groups do. Each group with members marks its lineage once: O(groups × depth).
 */
export function emptyGroups(index: AccessIndex, limit: number): Lists['emptyGroups'] {
  const populated = new Set<string>();
  const below = new Set<string>();
  for (const id of index.groupIds()) {
    if (index.membersOfGroup(id).length === 0) continue;
    populated.add(id);
    for (const ancestor of index.lineage(id).slice(1)) {
      if (below.has(ancestor)) break; // its ancestors are marked already
      below.add(ancestor);
    }
  }
  const found: { id: string; path: string; empty: 'subtree' | 'direct' }[] = [];
  for (const id of index.groupIds()) {
    if (populated.has(id)) continue;
    found.push({ id, path: index.path(id), empty: below.has(id) ? 'direct' : 'subtree' });
  }
  found.sort(
    (a, b) =>
      (a.empty === b.empty ? 0 : a.empty === 'subtree' ? -1 : 1) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  return {
    total: found.length,
    items: found.slice(0, limit).map((g) => ({
      id: g.id,
      name: index.group(g.id)?.name ?? g.id,
      path: g.path,
      empty: g.empty,
      remedy: 'open' as const,
    })),
  };
}
