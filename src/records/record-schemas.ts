// The answer schema of each collection's records, built from the catalogue: its shown fields
// (hidden ones never appear), the values its hooks compute, and `expand` (its relations and the
// back-relations pointing at it). Each is a component of the OpenAPI document (`usersRecord`, …),
// and every record shown is parsed with its own where it is built (`shapeRecord`, called by
// records.expand.ts) — before `?fields=` picks keys and `:excerpt` turns values into text.
import { z } from 'zod';
import { COLLECTIONS, type CollectionDef, type FieldDef } from '../catalogue/collections.js';

/** Keys shown besides the catalogue's fields: what hooks compute, what the accounts add. */
export const COMPUTED: Readonly<Record<string, Record<string, z.ZodType>>> = {
  // groups.hooks.ts (present)
  groups: {
    path: z.string().describe('Where the group sits: "Organization / Security Team / Seniors".'),
  },
  // accounts/users.hooks.ts (present): absent where `groups` is not shown
  users: {
    groupPaths: z
      .array(z.string())
      .optional()
      .describe("The user's groups as paths, in the order of `groups`."),
    level: z
      .number()
      .int()
      .nullable()
      .optional()
      .describe("The user's effective level: the lowest of their roles' (null without any)."),
    lastSignIn: z
      .string()
      .optional()
      .describe("The user's last sign-in ('' never); on list pages, for directory readers only."),
  },
  // account-records.ts: a superuser in a sign-in answer, as PocketBase shows one (always true)
  _superusers: {
    emailVisibility: z.boolean().optional(),
    verified: z.boolean().optional(),
  },
};

/** A field's value as toApiValue (fields.ts) shows it. */
function valueSchema(field: FieldDef): z.ZodType {
  switch (field.type) {
    case 'number':
      return z.number();
    case 'bool':
      return z.boolean();
    case 'json':
      return z.unknown().describe('Any JSON value (null when empty).');
    case 'select':
      return z.enum(['', ...(field.values ?? [])]);
    case 'relation':
      return field.multiple
        ? z.array(z.string()).describe(`Ids of ${field.collection ?? ''} records.`)
        : z.string().describe(`The id of a ${field.collection ?? ''} record ('' when none).`);
    case 'date':
      return z.string().describe('"2006-01-02 15:04:05.000Z" (UTC), or "" when empty.');
    default:
      return z.string();
  }
}

/** What `?expand=` may add to a record of `collection`: relations, then back-relations. */
function expandShape(collection: CollectionDef): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  const lazy = (name: string, build: () => z.ZodType) =>
    Object.defineProperty(shape, name, { enumerable: true, get: build });
  for (const field of collection.fields) {
    if (field.type !== 'relation' || field.hidden) continue;
    const target = field.collection ?? '';
    lazy(field.name, () =>
      (field.multiple ? z.array(recordSchemaOf(target)) : recordSchemaOf(target)).optional(),
    );
  }
  for (const from of COLLECTIONS) {
    for (const field of from.fields) {
      if (field.type !== 'relation' || field.collection !== collection.name) continue;
      lazy(`${from.name}_via_${field.name}`, () => z.array(recordSchemaOf(from.name)).optional());
    }
  }
  return shape;
}

function buildRecordSchema(collection: CollectionDef) {
  const shape: Record<string, z.ZodType> = {
    collectionId: z.literal(collection.id),
    collectionName: z.literal(collection.name),
    id: z.string(),
  };
  for (const field of collection.fields) {
    if (field.hidden || field.name === 'id') continue;
    shape[field.name] = valueSchema(field);
  }
  Object.assign(shape, COMPUTED[collection.name] ?? {});
  const expand = z
    .object(expandShape(collection))
    .describe(
      'With `?expand=`: the related records the caller may see (back-relations: `<collection>_via_<field>`).',
    );
  return z.object({ ...shape, expand: expand.optional() }).meta({
    id: `${collection.name.replace(/^_/, '')}Record`,
    description: `A ${collection.name} record. \`?fields=\` keeps only the named keys (\`:excerpt\` turns a value into text).`,
  });
}

const SCHEMAS = new Map<string, z.ZodObject>();

/** The answer schema of one record of `name` (built once; the catalogue is fixed). */
export function recordSchemaOf(name: string): z.ZodObject {
  let schema = SCHEMAS.get(name);
  if (!schema) {
    const collection = COLLECTIONS.find((c) => c.name === name);
    if (!collection) throw new Error(`unknown collection ${name}`);
    schema = buildRecordSchema(collection);
    SCHEMAS.set(name, schema);
  }
  return schema;
}

/**
 * A record as its schema shapes it: keys the schema does not name are dropped. One that does not
 * fit is a bug (the catalogue and records.view.ts disagree): a 500, the issues logged, not sent.
 */
export function shapeRecord<T extends { id: string }>(collection: string, record: T): T {
  const result = recordSchemaOf(collection).safeParse(record);
  if (!result.success) {
    throw new Error(
      `a ${collection} record does not fit its schema: ${z.prettifyError(result.error)}`,
    );
  }
  return result.data as T;
}

/** A record of any of `names` (the document's anyOf of their components). */
export function recordOfAny(names: readonly string[] = COLLECTIONS.map((c) => c.name)): z.ZodType {
  const [first, ...rest] = names.map(recordSchemaOf);
  if (!first) throw new Error('no collection');
  return rest.length === 0 ? first : z.union([first, ...rest]);
}
