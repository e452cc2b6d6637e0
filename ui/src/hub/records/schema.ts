// The collections as GET /api/collections describes them (PocketBase's shape), and what the records
// screen reads from them: names, which fields to list, edit and search, and which are share fields.

/** One field of a collection, as PocketBase describes it (only the keys the screen reads). */
export interface FieldModel {
  id: string;
  name: string;
  type: string;
  system: boolean;
  hidden: boolean;
  presentable: boolean;
  required?: boolean;
  min?: number | string | null;
  max?: number | string | null;
  onlyInt?: boolean;
  values?: string[];
  maxSelect?: number;
  collectionId?: string;
}

export interface CollectionModel {
  id: string;
  name: string;
  type: string;
  fields: FieldModel[];
}

/** The directory's own collections: they get the Admin screens, not the records screen. */
const DIRECTORY = new Set(['groups', 'roles']);

/** Collections a user works with as records (not accounts, not the directory). */
export function isResource(c: CollectionModel): boolean {
  return c.type === 'base' && !DIRECTORY.has(c.name);
}

/** "systems" → "Systems": the seeds' names for the collections. */
export function titleOf(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** "systems" → "system", "policies" → "policy" (for "New system"). */
export function singularOf(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (name.endsWith('s') && !name.endsWith('ss')) return name.slice(0, -1);
  return name;
}

/** "cvss" → "Cvss", "emailVisibility" → "Email visibility": a field's label. */
export function labelOf(field: { name: string }): string {
  const words = field.name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

export function isMultiple(field: FieldModel): boolean {
  return (field.maxSelect ?? 1) > 1;
}

/**
 * The fields a member-mode record is shared through: multiple relations named `users` and
 * `groups` (SPEC §4). They are changed through the Share dialog, not the form.
 */
export function shareFields(c: CollectionModel): { users: string; groups: string } | null {
  const shares = (name: string) =>
    c.fields.some((f) => f.name === name && f.type === 'relation' && isMultiple(f));
  return shares('users') && shares('groups') ? { users: 'users', groups: 'groups' } : null;
}

/** The field that names a record (PocketBase's `presentable`), else name/title/email, else id. */
export function displayField(c: CollectionModel): string {
  const presentable = c.fields.find((f) => f.presentable && !f.hidden);
  if (presentable) return presentable.name;
  for (const name of ['name', 'title', 'email']) {
    if (c.fields.some((f) => f.name === name && !f.hidden)) return name;
  }
  return 'id';
}

function userField(f: FieldModel, share: { users: string; groups: string } | null): boolean {
  return !f.hidden && !f.system && f.name !== share?.users && f.name !== share?.groups;
}

/** The columns of the list: the fields that matter (no json blobs, no lists of ids), then updated. */
export function listColumns(
  c: CollectionModel,
  share: { users: string; groups: string } | null,
  max = 6,
): FieldModel[] {
  const display = displayField(c);
  const columns = c.fields
    .filter((f) => userField(f, share) && f.type !== 'json' && f.type !== 'password')
    .filter((f) => !(f.type === 'relation' && isMultiple(f)))
    // The field that names a record comes first (it links to the record).
    .sort((a, b) => Number(b.name === display) - Number(a.name === display))
    .slice(0, max);
  const updated = c.fields.find((f) => f.name === 'updated');
  return updated ? [...columns, updated] : columns;
}

/** The fields of the create/edit form: every field a request may set, but the share fields. */
export function formFields(
  c: CollectionModel,
  share: { users: string; groups: string } | null,
): FieldModel[] {
  return c.fields.filter((f) => userField(f, share) && f.type !== 'password');
}

/** The text fields the search box looks in. */
export function searchFields(c: CollectionModel): string[] {
  return c.fields
    .filter((f) => !f.hidden && ['text', 'email', 'url'].includes(f.type) && f.name !== 'id')
    .map((f) => f.name);
}

/** Single relations of `fields`: expanded in the list so they show a name, not an id. */
export function expandOf(fields: readonly FieldModel[]): string {
  return fields
    .filter((f) => f.type === 'relation' && !isMultiple(f))
    .map((f) => f.name)
    .join(',');
}
