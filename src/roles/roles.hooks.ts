// The roles collection's rules on top of the records engine: permissions checked against the
// catalogue, levels, and no deleting a role while it is in use.
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { toNumber } from '../db/dialect.js';
import { AppError, fieldError, refuse } from '../errors.js';
import { mayAssignLevel, mayDefineRole } from '../access/index.js';
import { MODULES, type Permissions, isAction, isModule } from '../catalogue/modules.js';
import type { CollectionHooks } from '../records/hooks.js';

/** A stored text value (or '' when absent). */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Validates a role's permissions against the module/action catalogue, naming what is wrong. */
export function checkPermissions(value: unknown): void {
  const fail = (field: string, message: string) =>
    fieldError(field, 'validation_invalid_permissions', message, `Invalid permissions: ${message}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail('permissions', 'Must be an object of module → {actions, scope}.');
  }
  for (const [module, grant] of Object.entries(value as Record<string, unknown>)) {
    if (!isModule(module))
      throw fail(
        `permissions.${module}`,
        `Unknown module "${module}"; modules are ${Object.keys(MODULES).join(', ')}.`,
      );
    if (typeof grant !== 'object' || grant === null)
      throw fail(`permissions.${module}`, 'Must be {actions: [...], scope}.');
    const { actions, scope, ...rest } = grant as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra) throw fail(`permissions.${module}.${extra}`, `Unknown key "${extra}".`);
    if (!Array.isArray(actions))
      throw fail(`permissions.${module}.actions`, 'Must be a list of actions.');
    for (const action of actions) {
      if (typeof action !== 'string' || !isAction(module, action)) {
        throw fail(
          `permissions.${module}.actions`,
          `Unknown action "${String(action)}" for module "${module}"; actions are ${MODULES[module].join(', ')}.`,
        );
      }
    }
    if (scope !== 'shared' && scope !== 'all')
      throw fail(`permissions.${module}.scope`, 'Must be "shared" or "all".');
  }
}

export function roleHooks(db: Db): CollectionHooks {
  return {
    async validate({ actor, snapshot, id, before, write, body }) {
      if (!before && !('level' in body))
        throw fieldError('level', 'validation_required', 'Missing required value.');
      const level =
        'level' in write.scalars ? Number(write.scalars.level) : Number(before?.level ?? 0);
      if (!Number.isInteger(level))
        throw fieldError(
          'level',
          'validation_invalid_level',
          'Must be a whole number from 0 to 5.',
        );
      const name = 'name' in write.scalars ? String(write.scalars.name) : text(before?.name);
      for (const check of [level, ...(before ? [Number(before.level)] : [])]) {
        const result = mayAssignLevel(actor.principal, snapshot, name, check);
        if (!result.ok) throw refuse(result);
      }
      let permissions: unknown = before?.permissions ?? {};
      if ('permissions' in write.scalars) {
        permissions =
          write.scalars.permissions === null
            ? {}
            : (JSON.parse(String(write.scalars.permissions)) as unknown);
        write.scalars.permissions = JSON.stringify(permissions);
      } else if (!before) {
        write.scalars.permissions = '{}';
      }
      checkPermissions(permissions);
      const define = mayDefineRole(
        actor.principal,
        snapshot,
        id,
        before?.permissions ?? {},
        permissions as Permissions,
      );
      if (!define.ok) throw refuse(define);
      if ((permissions as Record<string, unknown>).system && level !== 0) {
        throw fieldError(
          'level',
          'validation_system_needs_level_0',
          'A role granting system.* must be level 0.',
        );
      }
      const clash = await db
        .selectFrom('roles')
        .select('id')
        .where('name', '=', name)
        .where('id', '!=', id ?? '')
        .executeTakeFirst();
      if (clash)
        throw fieldError('name', 'validation_not_unique', `A role named "${name}" already exists.`);
    },
    async afterWrite(tx, { id, before, after, events }) {
      events.push({ kind: 'role', id });
      if (before && before.name !== after.name) {
        // Users hold their direct role by name: follow the rename.
        const holders = await tx
          .selectFrom('users')
          .select('id')
          .where('role', '=', String(before.name))
          .execute();
        await tx
          .updateTable('users')
          .set({ role: String(after.name) })
          .where('role', '=', String(before.name))
          .execute();
        events.push(...holders.map((h) => ({ kind: 'user' as const, id: h.id })));
      }
    },
    async beforeDelete(tx, { id, before, events }) {
      const name = text(before?.name);
      const users = await tx
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('role', '=', name)
        .executeTakeFirstOrThrow();
      const groups = await sql<{
        n: unknown;
      }>`SELECT COUNT(*) AS n FROM "record_relations" WHERE "collection" = 'groups' AND "field" = 'roles' AND "targetId" = ${id}`.execute(
        tx,
      );
      const userCount = toNumber(users.n);
      const groupCount = toNumber(groups.rows[0]?.n);
      if (userCount > 0 || groupCount > 0) {
        throw new AppError(
          400,
          'role_in_use',
          `Role "${name}" is assigned to ${userCount} user(s) and ${groupCount} group(s); unassign it first.`,
        );
      }
      events.push({ kind: 'role', id });
      return null;
    },
  };
}
