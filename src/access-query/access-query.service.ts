// Read-only questions about access: effective permissions, explanations, and batch decisions for
// other services. Decisions come from the access index and the records engine's scope rules.
import type { Db } from '../db/connect.js';
import { fieldError, notFound, refuse } from '../errors.js';
import {
  type AccessSnapshot,
  type Actor,
  askingAboutSelf,
  canUseDecisionApi,
  grantReasons,
  mayExplainFor,
  type Principal,
  type Reason,
  type RecordAction,
  type RecordFacts,
  recordReasons,
} from '../access/index.js';
import {
  LEVEL_NAMES,
  MODULE_NAMES,
  type ModuleName,
  isAction,
  isModule,
} from '../catalogue/modules.js';
import { COLLECTIONS, type CollectionDef, findCollection } from '../catalogue/collections.js';
import { findRow, loadRelations } from '../records/records.repo.js';
import type { RecordsService } from '../records/records.service.js';
import { and } from '../records/sql.js';
import type { CheckInput, ExplainInput, PreviewInput } from './access-query.schema.js';
import { previewChange } from './access-query.preview.js';
import type { Directory } from '../directory/directory.js';

const RECORD_ACTIONS = new Set(['view', 'create', 'edit', 'delete']);

export class AccessQueryService {
  constructor(
    private readonly db: Db,
    private readonly directory: Directory,
    private readonly records: RecordsService,
  ) {}

  /** A user's effective level, roles (with where each comes from), groups and module grants. */
  async effective(p: Principal, userId: string | null) {
    const snapshot = await this.directory.snapshot();
    if (userId === null) {
      const self = askingAboutSelf(p);
      if (!self.ok) throw refuse(self);
      if (self.userId === null)
        return { superuser: true, level: null, note: 'Superusers bypass every rule.' };
      userId = self.userId;
    }
    const may = mayExplainFor(p, snapshot, userId);
    if (!may.ok) throw refuse(may);
    const index = snapshot.index;
    const effective = index.effective(userId);
    const user = index.user(userId);
    if (!effective || !user) throw notFound();
    const permissions: Record<string, { actions: string[]; scope: string }> = {};
    for (const module of MODULE_NAMES) {
      const grant = effective.modules.get(module);
      if (grant) permissions[module] = { actions: [...grant.actions], scope: grant.scope };
    }
    return {
      user: { id: userId, role: user.role, status: user.status },
      level: effective.level,
      levelName: effective.level === null ? null : (LEVEL_NAMES[effective.level] ?? null),
      roles: effective.roles.map((r) => ({
        name: r.roleName,
        level: r.level,
        via: r.via,
        path: r.path,
      })),
      groups: user.groupIds.map((id) => ({ id, path: index.path(id) })),
      reach: [...effective.reach].map((id) => ({ id, path: index.path(id) })),
      permissions,
    };
  }

  /** `{allowed, level, reasons}` for one question (SPEC §2's explain). */
  async explain(p: Principal, input: ExplainInput) {
    const snapshot = await this.directory.snapshot();
    const userId = input.user ?? (p.type === 'user' ? p.id : null);
    if (!userId) throw fieldError('user', 'validation_required', 'Missing required value.');
    const may = mayExplainFor(p, snapshot, userId);
    if (!may.ok) throw refuse(may);
    const { module, action } = this.checkAction(input.module, input.action);
    const index = snapshot.index;
    const effective = index.effective(userId);
    const user = index.user(userId);
    if (!effective || !user)
      throw fieldError('user', 'validation_unknown_user', `Unknown user "${userId}".`);
    const who = `user ${userId}`;
    const reasons: Reason[] = grantReasons(index, who, effective, module, action);
    let allowed = effective.active && reasons.length > 0;
    if (input.record) {
      const { collection, id } = this.recordRef(module, input.record);
      const target = principalOf(userId, user.role);
      allowed = await this.records.decide(target, snapshot, collection, toRecordAction(action), id);
      const facts = await this.facts(snapshot, collection, id, userId, who);
      reasons.push(...recordReasons(index, who, effective, userId, facts));
    }
    return {
      allowed,
      level: effective.level,
      ...(effective.active ? {} : { note: 'The account is disabled: nothing is allowed.' }),
      reasons,
    };
  }

  /** Batch decisions for other services: `{checks: [{user, module, action, record?}]}` → booleans. */
  async check(p: Principal, input: CheckInput): Promise<{ results: boolean[] }> {
    const snapshot = await this.directory.snapshot();
    const may = canUseDecisionApi(p, snapshot);
    if (!may.ok) throw refuse(may);
    const index = snapshot.index;
    const results: boolean[] = [];
    for (const [i, check] of input.checks.entries()) {
      if (!isModule(check.module) || !isAction(check.module, check.action)) {
        throw fieldError(
          `checks.${String(i)}.action`,
          'validation_unknown_action',
          `Unknown permission "${check.module}:${check.action}".`,
        );
      }
      if (!index.can(check.user, check.module, check.action)) {
        results.push(false);
        continue;
      }
      if (!check.record) {
        results.push(true);
        continue;
      }
      const { collection, id } = this.recordRef(check.module, check.record);
      const user = index.user(check.user);
      results.push(
        !!user &&
          (await this.records.decide(
            principalOf(check.user, user.role),
            snapshot,
            collection,
            toRecordAction(check.action),
            id,
          )),
      );
    }
    return { results };
  }

  /** Who would gain and lose what if `input.change` were saved; nothing is written. */
  preview(actor: Actor, input: PreviewInput) {
    return previewChange(this.db, this.directory, actor, input);
  }

  private checkAction(module: string, action: string): { module: ModuleName; action: string } {
    if (!isModule(module))
      throw fieldError('module', 'validation_unknown_module', `Unknown module "${module}".`);
    if (!isAction(module, action))
      throw fieldError(
        'action',
        'validation_unknown_action',
        `Unknown action "${action}" for module "${module}".`,
      );
    return { module, action };
  }

  /** `record` is an id of the module's collection, or `collection/id`. */
  private recordRef(module: ModuleName, ref: string): { collection: CollectionDef; id: string } {
    const [first = '', second] = ref.split('/');
    const collection =
      second !== undefined
        ? findCollection(first)
        : COLLECTIONS.find(
            (c) => c.module === module && c.type === 'base' && c.access.mode !== 'admin',
          );
    if (collection?.module !== module) {
      throw fieldError(
        'record',
        'validation_invalid_record',
        `Records of module "${module}" are not addressable here.`,
      );
    }
    return { collection, id: second ?? first };
  }

  private async facts(
    snapshot: AccessSnapshot,
    collection: CollectionDef,
    id: string,
    userId: string,
    who: string,
  ): Promise<RecordFacts> {
    const label = `${collection.name.replace(/s$/, '')} ${id}`;
    const row = await findRow(this.db, collection, id, and([]));
    if (!row) return { label: `${label} (not found)`, users: [], groups: [] };
    const access = collection.access;
    if (access.mode === 'members') {
      const users =
        (await loadRelations(this.db, collection.name, access.users, [id])).get(id) ?? [];
      const groups =
        (await loadRelations(this.db, collection.name, access.groups, [id])).get(id) ?? [];
      return {
        label,
        users,
        groups,
        sharedWithAll: snapshot.shareAllSystems && collection.name === 'systems',
      };
    }
    const parentField =
      access.mode === 'owner' || access.mode === 'parent' ? access.parent : undefined;
    const parentName = parentField
      ? collection.fields.find((f) => f.name === parentField)?.collection
      : undefined;
    const parentCollection = parentName ? findCollection(parentName) : undefined;
    const parentId = parentField ? row[parentField] : undefined;
    let parent: RecordFacts['parent'];
    if (parentCollection && typeof parentId === 'string' && parentId) {
      const parentFacts = await this.facts(snapshot, parentCollection, parentId, userId, who);
      const effective = snapshot.index.effective(userId);
      parent = {
        label: parentFacts.label,
        reasons: effective
          ? recordReasons(snapshot.index, who, effective, userId, parentFacts)
          : [],
      };
    }
    return {
      label,
      users: [],
      groups: [],
      ...(access.mode === 'owner'
        ? { owner: typeof row[access.owner] === 'string' ? (row[access.owner] as string) : '' }
        : {}),
      ...(parent ? { parent } : {}),
    };
  }
}

function principalOf(userId: string, role: string): Principal {
  return { type: 'user', id: userId, email: '', role, sessionId: '' };
}

/** export/import act on records the user can view. */
function toRecordAction(action: string): RecordAction {
  return RECORD_ACTIONS.has(action) ? (action as RecordAction) : 'view';
}
