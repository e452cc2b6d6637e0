// `GET /api/collections` paging, filter and sort, as PocketBase's collections list
// (apis/collection.go: a simple field resolver over id, created, updated, name, system, type;
// tools/search/provider.go: page ≤ 0 → 1, perPage ≤ 0 → 30, > 1000 → 1000, skipTotal).
// The catalogue is a handful of fixed rows, so the filter is evaluated in memory.
import { paramError, queryError } from '../errors.js';
import type { CompareOp, Expr, Operand } from './filter/ast.js';
import { parseFilter, parseSort } from './filter/parse.js';
import type { CollectionModel } from './collections.view.js';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from './records.query.js';

/** The collection fields a filter or sort may name (PocketBase's resolver). */
const FIELDS = ['id', 'created', 'updated', 'name', 'system', 'type'] as const;

export interface CollectionsPage {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: CollectionModel[];
}

type Value = string | number | boolean | null;

/** One page of `models` for a PocketBase list query (`page`, `perPage`, `filter`, `sort`, `skipTotal`). */
export function listCollections(models: CollectionModel[], query: unknown): CollectionsPage {
  const q = (query ?? {}) as Record<string, unknown>;
  const page = Math.max(1, integer(q, 'page') ?? 1);
  const asked = integer(q, 'perPage') ?? DEFAULT_PER_PAGE;
  const perPage = asked <= 0 ? DEFAULT_PER_PAGE : Math.min(asked, MAX_PER_PAGE);
  const filter = parseFilter(text(q, 'filter'));
  if (filter) checkOperands(filter);
  const matching = filter ? models.filter((m) => matches(filter, m)) : [...models];
  const sorted = sort(matching, text(q, 'sort'));
  const skipTotal = flag(q, 'skipTotal');
  return {
    page,
    perPage,
    totalItems: skipTotal ? -1 : sorted.length,
    totalPages: skipTotal ? -1 : Math.ceil(sorted.length / perPage),
    items: sorted.slice((page - 1) * perPage, page * perPage),
  };
}

/** A query parameter's text (the first, when repeated). */
function text(q: Record<string, unknown>, name: string): string {
  const value = Array.isArray(q[name]) ? (q[name] as unknown[])[0] : q[name];
  return typeof value === 'string' ? value : '';
}

/** Go's strconv.ParseBool, as PocketBase reads `skipTotal`; anything else is a 400. */
function flag(q: Record<string, unknown>, name: string): boolean {
  const raw = text(q, name);
  if (['', '0', 'f', 'F', 'false', 'FALSE', 'False'].includes(raw)) return false;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(raw)) return true;
  throw queryError(
    name,
    'validation_invalid_bool',
    'Must be true or false.',
    `Invalid ${name}: must be true or false.`,
  );
}

function integer(q: Record<string, unknown>, name: string): number | null {
  const raw = text(q, name).trim();
  if (raw === '') return null;
  if (!/^[-+]?\d{1,9}$/.test(raw)) {
    throw queryError(
      name,
      'validation_invalid_number',
      'Must be a whole number.',
      `Invalid ${name}: must be a whole number.`,
    );
  }
  return Number(raw);
}

function refuse(language: 'filter' | 'sort', pos: number, name: string): never {
  const message = `Invalid ${language} at position ${pos}: collections can be filtered and sorted by ${FIELDS.join(', ')} only, not "${name}".`;
  throw paramError(language, message);
}

function sort(models: CollectionModel[], text: string): CollectionModel[] {
  const terms = parseSort(text);
  if (terms.length === 0) return models;
  const keys = terms.map((term) => {
    const [name = '', ...rest] = term.path;
    if (name === '@random') return { random: true, name, descending: false };
    if (rest.length > 0 || !(FIELDS as readonly string[]).includes(name))
      refuse('sort', term.pos, term.path.join('.'));
    return { random: false, name, descending: term.descending };
  });
  const random = new Map(models.map((m) => [m, Math.random()]));
  return models
    .map((model, index) => ({ model, index }))
    .sort((a, b) => {
      for (const key of keys) {
        const order = key.random
          ? (random.get(a.model) ?? 0) - (random.get(b.model) ?? 0)
          : compare(valueOf(a.model, key.name), valueOf(b.model, key.name));
        if (order !== 0) return key.descending ? -order : order;
      }
      return a.index - b.index;
    })
    .map(({ model }) => model);
}

function valueOf(model: CollectionModel, name: string): Value {
  const value = model[name];
  return typeof value === 'string' || typeof value === 'boolean' ? value : null;
}

// ---------------------------------------------------------------------------------------------
// Filter evaluation, with SQL's meaning of each operator on these text and boolean columns.

function matches(expr: Expr, model: CollectionModel): boolean {
  if (expr.kind === 'compare') {
    return test(expr.op, operand(expr.left, model), operand(expr.right, model));
  }
  return expr.kind === 'and'
    ? matches(expr.left, model) && matches(expr.right, model)
    : matches(expr.left, model) || matches(expr.right, model);
}

/** Every operand is a plain collection field or a literal (checked before any row is read). */
function checkOperands(expr: Expr): void {
  if (expr.kind !== 'compare') {
    checkOperands(expr.left);
    checkOperands(expr.right);
    return;
  }
  for (const o of [expr.left, expr.right]) {
    if (o.kind === 'function') refuse('filter', o.pos, `${o.name}()`);
    if (o.kind === 'macro') {
      refuse('filter', o.pos, `@${o.name}${o.path.length ? `.${o.path.join('.')}` : ''}`);
    }
    if (o.kind === 'field') {
      const [name = ''] = o.path;
      if (o.path.length > 1 || o.modifier || !(FIELDS as readonly string[]).includes(name))
        refuse('filter', o.pos, `${o.path.join('.')}${o.modifier ? `:${o.modifier}` : ''}`);
    }
  }
}

function operand(o: Operand, model: CollectionModel): Value {
  switch (o.kind) {
    case 'field':
      return valueOf(model, o.path[0] ?? '');
    case 'macro':
    case 'null':
    case 'function': // refused by checkOperands before any row is read
      return null;
    default:
      return o.value;
  }
}

/** Booleans are stored as 1/0; text compares by code unit, as SQL's binary collation. */
function scalar(value: Value): string | number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function compare(a: Value, b: Value): number {
  const x = scalar(a);
  const y = scalar(b);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const [s, t] = [String(x ?? ''), String(y ?? '')];
  return s < t ? -1 : s > t ? 1 : 0;
}

function test(op: CompareOp, a: Value, b: Value): boolean {
  switch (op) {
    case '=':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    case '~':
      return like(a, b);
    case '!~':
      return !like(a, b);
    case '>':
      return compare(a, b) > 0;
    case '>=':
      return compare(a, b) >= 0;
    case '<':
      return compare(a, b) < 0;
    case '<=':
      return compare(a, b) <= 0;
  }
}

/** `x = null` is true for an empty value (PocketBase: `= ''` or `IS NULL`). */
function equal(a: Value, b: Value): boolean {
  if (a === null || b === null) return (a ?? '') === '' && (b ?? '') === '';
  return compare(a, b) === 0 && typeof scalar(a) === typeof scalar(b);
}

/** `~`: LIKE, case-insensitive; a pattern without `%` is wrapped in `%…%`; `\` escapes. */
function like(a: Value, b: Value): boolean {
  const pattern = String(scalar(b) ?? '');
  const wrapped = /(^|[^\\])%/.test(pattern) ? pattern : `%${pattern}%`;
  let source = '';
  for (let i = 0; i < wrapped.length; i++) {
    const c = wrapped.charAt(i);
    if (c === '\\' && i + 1 < wrapped.length) source += escape(wrapped.charAt(++i));
    else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += escape(c);
  }
  return new RegExp(`^${source}$`, 'i').test(String(scalar(a) ?? ''));
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
