// The groups collection's rules on top of the records engine: no cycles, unique sibling names,
// levels on the roles a group gains, its path when shown, and deleting only when confirmed.
import type { Db } from '../db/connect.js';
import { AppError, fieldError, refuse } from '../errors.js';
import { type AccessIndex, mayGiveGroupRoles } from '../access/index.js';
import type { CollectionHooks } from '../records/hooks.js';
import type { RecordWrite } from '../records/records.write.js';
import { countLinksTo } from '../records/relations.repo.js';
import { childrenOf, siblingNamed } from './groups.repo.js';

/** A stored text value (or '' when absent). */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function addedIds(
  write: RecordWrite,
  field: string,
  before: Record<string, unknown> | null,
): string[] {
  const change = write.relations.get(field);
  if (!change) return [];
  const had = new Set((before?.[field] as string[] | undefined) ?? []);
  return [...(change.set ?? []), ...(change.append ?? []), ...(change.prepend ?? [])].filter(
    (id) => !had.has(id),
  );
}

/** Moving group `id` under `parent` would close a loop: the 400 naming it, else null (also the preview's). */
export function cycleError(index: AccessIndex, id: string, parent: string): AppError | null {
  const loop = parent ? index.cycle(id, parent) : null;
  if (!loop) return null;
  return fieldError(
    'parent',
    'validation_cycle',
    `Moving "${index.group(id)?.name ?? id}" under "${index.group(parent)?.name ?? parent}" would create a cycle: ${loop.join(' / ')}.`,
  );
}

export function groupHooks(db: Db): CollectionHooks {
  return {
    /** Every group shows where it sits: "Organization / Security Team / Senior Consultants". */
    present(records, snapshot) {
      for (const record of records) record.path = snapshot.index.path(record.id);
    },
    async validate({ actor, snapshot, id, before, write }) {
      const index = snapshot.index;
      const parent =
        'parent' in write.scalars ? String(write.scalars.parent ?? '') : text(before?.parent);
      const loop = id ? cycleError(index, id, parent) : null;
      if (loop) throw loop;
      const name = 'name' in write.scalars ? String(write.scalars.name) : text(before?.name);
      if (await siblingNamed(db, parent, name, id ?? ''))
        throw fieldError(
          'name',
          'validation_not_unique',
          `A group named "${name}" already exists here.`,
        );
      const gives = mayGiveGroupRoles(actor.principal, snapshot, addedIds(write, 'roles', before));
      if (!gives.ok) throw refuse(gives);
    },
    afterWrite(_tx, { id, events }) {
      events.push({ kind: 'group', id });
      return Promise.resolve();
    },
    async beforeDelete(tx, { id, confirm, events, snapshot }) {
      const children = await childrenOf(tx, id);
      const members = snapshot.index.membersOfGroup(id);
      // Records shared with the group (its members' links are the users' own).
      const shares = await countLinksTo(tx, id, 'groups', 'users');
      const report = {
        detached: {
          children: children.map((c) => ({ id: c.id, name: c.name })),
          members,
          shares,
        },
      };
      if ((children.length > 0 || members.length > 0) && !confirm) {
        throw new AppError(
          400,
          'confirmation_required',
          `The group has ${children.length} child group(s) and ${members.length} member(s); delete with ?confirm=true to detach them.`,
          {
            confirm: {
              code: 'validation_confirmation',
              message: 'Pass ?confirm=true to detach children and members.',
            },
          },
        );
      }
      events.push(
        { kind: 'group', id },
        ...children.map((c) => ({ kind: 'group' as const, id: c.id })),
        ...members.map((m) => ({ kind: 'user' as const, id: m })),
      );
      return report;
    },
  };
}
