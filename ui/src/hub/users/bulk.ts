// Bulk Actions on the selected users: what each action is called, what it needs chosen, the summary
// shown before Confirm, and the one body POST /api/users/bulk takes (all or nothing).

export type BulkAction = 'addToGroup' | 'removeFromGroup' | 'disable' | 'enable' | 'setRole';

export const BULK_ACTIONS: { action: BulkAction; label: string }[] = [
  { action: 'addToGroup', label: 'Assign to Group' },
  { action: 'removeFromGroup', label: 'Remove from Group' },
  { action: 'disable', label: 'Disable' },
  { action: 'enable', label: 'Enable' },
  { action: 'setRole', label: 'Set Role' },
];

export const bulkLabel = (action: BulkAction): string =>
  BULK_ACTIONS.find((a) => a.action === action)?.label ?? action;

/** What the action needs chosen before its summary: a group, a role, or nothing. */
export function targetOf(action: BulkAction): 'group' | 'role' | null {
  if (action === 'addToGroup' || action === 'removeFromGroup') return 'group';
  if (action === 'setRole') return 'role';
  return null;
}

const usersWord = (n: number) => `${String(n)} user${n === 1 ? '' : 's'}`;

/** "Assign 12 users to Engineering / Platform", or '' while the target is still to choose. */
export function bulkSummary(action: BulkAction, count: number, target: string): string {
  const who = usersWord(count);
  switch (action) {
    case 'addToGroup':
      return target ? `Assign ${who} to ${target}` : '';
    case 'removeFromGroup':
      return target ? `Remove ${who} from ${target}` : '';
    case 'setRole':
      return target ? `Set the role of ${who} to ${target}` : '';
    case 'disable':
      return `Disable ${who}`;
    case 'enable':
      return `Enable ${who}`;
  }
}

export type BulkBody =
  | { action: 'disable' | 'enable'; ids: string[] }
  | { action: 'setRole'; ids: string[]; role: string }
  | { action: 'addToGroup' | 'removeFromGroup'; ids: string[]; group: string };

/** The request body, or null while the action's target is missing. */
export function bulkBody(
  action: BulkAction,
  ids: string[],
  target: string | null,
): BulkBody | null {
  if (ids.length === 0) return null;
  switch (action) {
    case 'addToGroup':
    case 'removeFromGroup':
      return target ? { action, ids, group: target } : null;
    case 'setRole':
      return target ? { action, ids, role: target } : null;
    case 'disable':
    case 'enable':
      return { action, ids };
  }
}

export interface BulkResult {
  action: string;
  changed: string[];
  group?: string;
  tokensRevoked?: number;
}

/**
 * The server's refusal with each user it names by id ("… (user abc123)") named as the list shows
 * them ("… (Ada Admin)"), so the failures read as people.
 */
export function namedRefusal(message: string, names: ReadonlyMap<string, string>): string {
  return message.replace(/\(user ([\w-]+)\)/g, (whole, id: string) => {
    const name = names.get(id);
    return name ? `(${name})` : whole;
  });
}

/** What a done bulk action changed: "Assigned 3 users to Org / Ops; 1 was already there." */
export function resultText(
  action: BulkAction,
  result: BulkResult,
  asked: number,
  target: string,
): string {
  const n = result.changed.length;
  const who = usersWord(n);
  const unchanged = asked - n;
  const rest =
    unchanged > 0
      ? ` ${String(unchanged)} ${unchanged === 1 ? 'was' : 'were'} already ${
          action === 'addToGroup' ? 'in it' : 'not in it'
        }.`
      : '';
  switch (action) {
    case 'addToGroup':
      return `Assigned ${who} to ${target}.${rest}`;
    case 'removeFromGroup':
      return `Removed ${who} from ${target}.${rest}`;
    case 'setRole':
      return `Set the role of ${who} to ${target}.`;
    case 'disable':
      return `Disabled ${who}${
        result.tokensRevoked ? `; ${String(result.tokensRevoked)} API tokens revoked` : ''
      }.`;
    case 'enable':
      return `Enabled ${who}.`;
  }
}
