// The words of an explanation, without React: how a path reaches the user, the path's steps with
// the user's name, which records a module's explain may name, and a "Why can't they…?" answer.
import { COLLECTIONS } from '../../../../src/catalogue/collections';
import type { ModuleName } from '../../../../src/catalogue/modules';
import type { ExplainQuestion, Explanation } from './data';

const VIA: Record<string, string> = {
  role: 'Their own role',
  group: 'Through a group they are in',
  ancestor: 'Through a group above theirs',
  share: 'Shared with them',
  'share-all': 'Shared with everyone',
  owner: 'They own it',
  parent: 'Through the record it belongs to',
  superuser: 'Superuser',
};

export const viaLabel = (via: string) => VIA[via] ?? via;

/** The path's steps, the server's `user <id>` shown as the user's name. */
export function stepsOf(path: readonly string[], userId: string, userName: string): string[] {
  return path.map((step) => (step === `user ${userId}` ? userName : step.replace(/^→ /, '')));
}

const GRANT_VIAS = new Set(['role', 'group', 'ancestor']);

/** The collections whose records a module's explain may name (the records of that module). */
export function recordCollections(module: ModuleName): string[] {
  return COLLECTIONS.filter(
    (c) => c.module === module && c.type === 'base' && c.access.mode !== 'admin',
  ).map((c) => c.name);
}

/** The answer in words: allowed or not, and why not when nothing grants it. */
export function answerWords(name: string, q: ExplainQuestion, e: Explanation): string[] {
  const what = `${q.module}.${q.action}${q.record ? ` on ${q.record}` : ''}`;
  if (e.allowed) return [`${name} may ${what}.`];
  const lines = [`${name} may not ${what}.`];
  if (e.note) lines.push(e.note);
  const grants = e.reasons.filter((r) => GRANT_VIAS.has(r.via));
  if (grants.length === 0)
    lines.push(
      `No role grants ${q.module}.${q.action}: not their own role, nor a role of their groups or of the groups above them.`,
    );
  else if (q.record)
    lines.push(
      `They hold ${q.module}.${q.action}, but the record is not within their reach: it is not shared with them, with one of their groups or a group above them, and they do not own it (or it does not exist).`,
    );
  return lines;
}
