// What the Share dialog says and sends, without React: how a member reaches a record ("via group
// Security Team / Senior Consultants"), what their roles let them do, the picker's option values,
// and the bulk-share body, checked with the server's own schema before it is sent.
import {
  type BulkShare,
  bulkShareSchema,
  type RecordAccess,
  type ShareTargetsPage,
} from '../../../../src/sharing/sharing.schema';

export type AccessMember = RecordAccess['members'][number];
export type AccessVia = AccessMember['via'][number];
export type TargetUser = ShareTargetsPage['users'][number];
export type TargetGroup = ShareTargetsPage['groups'][number];

/** "directly", or "via group <the member's own group, as a path>" (it sits in or under the shared group). */
export function viaText(via: AccessVia): string {
  if (via.type === 'user') return 'directly';
  return `via group ${via.through.path}`;
}

/** Every way a member reaches the record, once each: "directly, via group Security Team". */
export function accessText(member: Pick<AccessMember, 'via'>): string {
  return [...new Set(member.via.map(viaText))].join(', ');
}

/** What the member's roles let them do with it, in words. */
export function grantText(member: Pick<AccessMember, 'active' | 'canView' | 'canEdit'>): string {
  if (!member.active) return 'disabled: no access';
  if (member.canEdit) return 'can edit';
  if (member.canView) return 'can view';
  return 'shared, but their roles grant no access';
}

/** The dialog's title: "Share" for one record, "Share 3 records" for several. */
export function shareTitle(count: number): string {
  return count === 1 ? 'Share' : `Share ${count.toLocaleString()} records`;
}

/** A picker value: a user or a group, kept apart in one list. */
export type Target =
  { kind: 'user'; id: string; label: string } | { kind: 'group'; id: string; label: string };

export const targetValue = (t: Pick<Target, 'kind' | 'id'>) => `${t.kind}:${t.id}`;

/** A user as the picker shows them: name, and email where the server showed it. */
export function userTarget(user: TargetUser): Target {
  const name = user.name || user.email || user.id;
  const label = user.email && user.email !== name ? `${name} (${user.email})` : name;
  return {
    kind: 'user',
    id: user.id,
    label: user.kind === 'service' ? `${label} · service` : label,
  };
}

/** A group as the picker shows it: its path. */
export function groupTarget(group: TargetGroup): Target {
  return { kind: 'group', id: group.id, label: group.path };
}

/**
 * The bulk-share body for `records` and the picked targets, added or removed, parsed with the
 * server's schema: `{ok: false, message}` names what the server would refuse (too many records,
 * nothing picked) before anything is sent.
 */
export function shareBody(
  records: readonly string[],
  picked: readonly Pick<Target, 'kind' | 'id'>[],
  action: 'add' | 'remove',
): { ok: true; body: BulkShare } | { ok: false; message: string } {
  const users = picked.filter((t) => t.kind === 'user').map((t) => t.id);
  const groups = picked.filter((t) => t.kind === 'group').map((t) => t.id);
  const result = bulkShareSchema.safeParse({ records, [action]: { users, groups } });
  if (result.success) return { ok: true, body: result.data };
  const issue = result.error.issues[0];
  const message =
    issue?.path.length === 1 && issue.path[0] === 'add'
      ? 'Pick at least one user or group.'
      : (issue?.message ?? 'This share cannot be sent.');
  return { ok: false, message };
}
