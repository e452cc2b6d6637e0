// A collection's API rules as PocketBase filter text: what PocketBase would need to express
// Gatehouse's access. Gatehouse decides access itself (access/records.ts); these texts describe it.
// What a rule cannot say (which role grants what) is the `//` comment on its first line.
import { type AccessMode, type CollectionDef, findCollection } from '../catalogue/collections.js';
import type { CollectionsContext } from './collections.view.js';

export const RULES = ['listRule', 'viewRule', 'createRule', 'updateRule', 'deleteRule'] as const;
type RuleName = (typeof RULES)[number];

export const SIGNED_IN = '@request.auth.id != ""';

/** Member mode: listed in the users relation, or one of the caller's groups in the groups one. */
function members(prefix: string, users: string, groups: string): string {
  return `${prefix}${users} ?= @request.auth.id || ${prefix}${groups}.id ?= @request.auth.groups.id`;
}

/** The condition under which a record of `c` is visible, its fields reached through `prefix`. */
function scope(c: CollectionDef, context: CollectionsContext, prefix = ''): string | null {
  const access: AccessMode = c.access;
  switch (access.mode) {
    case 'members':
      if (context.shareAllSystems && c.name === 'systems') return SIGNED_IN;
      return members(prefix, access.users, access.groups);
    case 'owner': {
      const own = `${prefix}${access.owner} = @request.auth.id`;
      const parent = access.parent ? parentScope(c, access.parent, context, prefix) : null;
      return parent && parent !== SIGNED_IN ? `${own} && (${parent})` : own;
    }
    case 'parent':
      return parentScope(c, access.parent, context, prefix);
    case 'self':
      return `${prefix}id = @request.auth.id`;
    case 'admin':
      return SIGNED_IN;
    case 'operators':
      return null;
  }
}

function parentScope(
  c: CollectionDef,
  field: string,
  context: CollectionsContext,
  prefix: string,
): string | null {
  const target = findCollection(c.fields.find((f) => f.name === field)?.collection ?? '');
  return target ? scope(target, context, `${prefix}${field}.`) : null;
}

export const rule = (why: string, expression: string | null) =>
  expression === null ? null : `// Gatehouse: ${why}\n${expression}`;

export function rulesOf(
  c: CollectionDef,
  context: CollectionsContext,
): Record<RuleName, string | null> {
  const access = c.access;
  const module = c.module ?? '';
  const grant = (action: string) =>
    `a role granting ${module}.${action} (scope "all": any record; "shared": a record matching the rule below).`;
  const visible = scope(c, context);
  switch (access.mode) {
    case 'operators':
      return {
        listRule: null,
        viewRule: null,
        createRule: null,
        updateRule: null,
        deleteRule: null,
      };
    case 'self': {
      const view = rule(
        'a user sees their own account; roles granting admin.users.view or users.manage see all.',
        visible,
      );
      const manage = rule(
        "a role granting admin.users.manage, on accounts at or below the caller's level.",
        SIGNED_IN,
      );
      return {
        listRule: view,
        viewRule: view,
        createRule: manage,
        updateRule: rule(
          "a user edits their own name, email and password; admin.users.manage edits accounts at or below the caller's level.",
          visible,
        ),
        deleteRule: manage,
      };
    }
    case 'admin': {
      const view = rule(
        `a role granting ${access.view.map((a) => `admin.${a}`).join(' or ')}.`,
        SIGNED_IN,
      );
      const manage = rule(`a role granting admin.${access.manage}.`, SIGNED_IN);
      return {
        listRule: view,
        viewRule: view,
        createRule: manage,
        updateRule: manage,
        deleteRule: manage,
      };
    }
    case 'members': {
      const shared = context.shareAllSystems && c.name === 'systems';
      const view = shared
        ? rule('SHARE_ALL_SYSTEMS is on: every signed-in user views every system.', SIGNED_IN)
        : rule(`${grant('view')} A group shares with its subgroups.`, visible);
      const write = members('', access.users, access.groups);
      return {
        listRule: view,
        viewRule: view,
        createRule: rule(
          `a role granting ${module}.create; the creator is made a member.`,
          SIGNED_IN,
        ),
        updateRule: rule(`${grant('edit')} A group shares with its subgroups.`, write),
        deleteRule: rule(`${grant('delete')} A group shares with its subgroups.`, write),
      };
    }
    case 'owner':
    case 'parent': {
      const of = (action: string) => rule(grant(action), visible);
      return {
        listRule: of('view'),
        viewRule: of('view'),
        createRule: of('create'),
        updateRule: of('edit'),
        deleteRule: of('delete'),
      };
    }
  }
}
