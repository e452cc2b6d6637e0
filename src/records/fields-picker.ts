// `?fields=` as PocketBase's picker (tools/picker): which keys of a JSON answer to keep, with
// `:excerpt(max, withEllipsis?)` on the value of a final key.
//
// A field is a dotted path of keys; `*` stands for every key of its level not otherwise named. A
// key whose path ends there is kept whole (its modifier applied); a longer path picks inside the
// value — an object, or each object of an array whose first element is an object; any other value
// is kept as it is. Paths are read as PocketBase's tokenizer reads them: split on `,` outside
// parentheses and quotes, trimmed, empty ones skipped.
import { paramError } from '../errors.js';
import { excerpt } from './excerpt.js';

export type Modifier = (value: unknown) => unknown;
/** Field paths ("a", "a.b", "*", "expand.*") → the modifier of the final key (null: none). */
export type PickFields = ReadonlyMap<string, Modifier | null>;

const fieldsError = (message: string) =>
  paramError('fields', message, `Invalid fields: ${message}`);

/** Go's whitespace set as PocketBase's tokenizer trims it (less the separators in use). */
const WHITESPACE = ['\t', '\n', '\v', '\f', '\r', ' ', '\u0085', '\u00a0'];
const QUOTES = new Set(["'", '"', '`']);

/** PocketBase's tokenizer.ScanAll: tokens between separators, outside quotes (and parentheses). */
function tokenize(
  text: string,
  separators: readonly string[],
  countParentheses: boolean,
): string[] {
  const cutset = WHITESPACE.filter((w) => !separators.includes(w));
  const trim = (token: string) => {
    let start = 0;
    let end = token.length;
    while (start < end && cutset.includes(token[start] ?? '')) start += 1;
    while (end > start && cutset.includes(token[end - 1] ?? '')) end -= 1;
    return token.slice(start, end);
  };
  const tokens: string[] = [];
  let buffer = '';
  let parentheses = 0;
  let quote = '';
  let previous = '';
  const flush = () => {
    if (parentheses > 0 || quote !== '') {
      throw fieldsError(`unbalanced parenthesis or quoted expression: "${buffer}"`);
    }
    const token = trim(buffer);
    if (token !== '') tokens.push(token);
    buffer = '';
    previous = '';
  };
  for (const ch of text) {
    if (previous !== '\\') {
      if (countParentheses && ch === '(' && quote === '') parentheses += 1;
      else if (countParentheses && ch === ')' && parentheses > 0 && quote === '') parentheses -= 1;
      else if (QUOTES.has(ch)) {
        if (quote === ch) quote = '';
        else if (quote === '') quote = ch;
      }
    }
    if (separators.includes(ch) && parentheses === 0 && quote === '') {
      flush();
      continue;
    }
    previous = ch;
    buffer += ch;
  }
  flush();
  return tokens;
}

/** strconv.ParseInt(s, 0, 64): a sign, then 0x/0o/0b or a leading 0 (octal), `_` between digits. */
function parseGoInt(text: string): bigint | null {
  const sign = text.startsWith('-') ? '-' : text.startsWith('+') ? '+' : '';
  const body = text.slice(sign.length);
  let radix = 10;
  let digits = body;
  if (body.length > 1 && body.startsWith('0')) {
    const prefix = (body[1] ?? '').toLowerCase();
    radix = prefix === 'x' ? 16 : prefix === 'b' ? 2 : 8;
    digits = body.slice(prefix === 'x' || prefix === 'o' || prefix === 'b' ? 2 : 1);
  }
  if (digits.includes('_')) {
    if (/__/.test(digits) || digits.endsWith('_') || (radix === 10 && digits.startsWith('_')))
      return null;
    digits = digits.replace(/_/g, '');
  }
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-f]+$/i }[radix];
  if (!valid?.test(digits)) return null;
  let value = 0n;
  for (const digit of digits) value = value * BigInt(radix) + BigInt(parseInt(digit, radix));
  if (sign === '-') value = -value;
  return value > 9223372036854775807n || value < -9223372036854775808n ? null : value;
}

/** spf13/cast ToInt of a string: ParseInt after dropping a ".000" tail; 0 when it fails. */
function castToInt(text: string): number {
  const value = parseGoInt(/^(.*)\.0+$/.exec(text)?.[1] ?? text);
  return value === null ? 0 : Number(value);
}

/** strconv.ParseBool; anything else is false (cast.ToBool). */
const castToBool = (text: string) => ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text);

function modifierOf(raw: string): Modifier {
  const parts = tokenize(raw, ['(', ')', ',', ' '], false);
  const [name, ...args] = parts;
  if (name === undefined) throw fieldsError(`invalid or empty modifier expression "${raw}".`);
  if (name !== 'excerpt') throw fieldsError(`missing or invalid modifier "${name}".`);
  if (args.length === 0)
    throw fieldsError('excerpt: max argument is required - expected (max, withEllipsis?).');
  if (args.length > 2)
    throw fieldsError('excerpt: too many arguments - expected (max, withEllipsis?).');
  const max = castToInt(args[0] ?? '');
  // PocketBase refuses 0 and would fail on a negative max while writing the answer; both are 400s here.
  if (max <= 0) throw fieldsError('excerpt: max argument must be > 0.');
  const withEllipsis = castToBool(args[1] ?? '');
  return (value) => excerpt(value, max, withEllipsis);
}

/** The parsed `fields` parameter, or null when it names nothing (the answer is left whole). */
export function parseFields(raw: string): PickFields | null {
  const fields = new Map<string, Modifier | null>();
  for (const token of tokenize(raw, [','], true)) {
    const trimmed = token.trim();
    const colon = trimmed.indexOf(':');
    if (colon < 0) fields.set(trimmed, null);
    else fields.set(trimmed.slice(0, colon), modifierOf(trimmed.slice(colon + 1)));
  }
  return fields.size > 0 ? fields : null;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `data` with only the picked keys (a new value; `data` is left untouched). */
export function pick(data: unknown, fields: PickFields | null): unknown {
  if (!fields || fields.size === 0) return data;
  if (isObject(data)) return pickObject(data, fields);
  if (Array.isArray(data) && data.length > 0 && isObject(data[0])) {
    return (data as unknown[]).map((item) => (isObject(item) ? pickObject(item, fields) : item));
  }
  return data;
}

function pickObject(data: Record<string, unknown>, fields: PickFields): Record<string, unknown> {
  // The fields naming each key (the key itself or a path below it), found by their first segment.
  const byHead = new Map<string, [string, Modifier | null][]>();
  for (const entry of fields) {
    const dot = entry[0].indexOf('.');
    const head = dot < 0 ? entry[0] : entry[0].slice(0, dot);
    byHead.set(head, [...(byHead.get(head) ?? []), entry]);
  }
  const covers = (field: string, key: string) => `${field}.`.startsWith(`${key}.`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    let matching = key.includes('.')
      ? [...fields].filter(([f]) => covers(f, key))
      : (byHead.get(key) ?? []);
    if (matching.length === 0) {
      // `*` stands for every key no other field names (so `*,rel.id` still picks inside rel).
      if (!fields.has('*')) continue;
      matching = [[key, fields.get('*') ?? null]];
    }
    const whole = matching.find(([f]) => f === key);
    if (whole) {
      // The key itself is named: kept whole, whatever deeper paths also name it.
      out[key] = whole[1] ? whole[1](value) : value;
      continue;
    }
    out[key] = pick(value, new Map(matching.map(([f, m]) => [f.slice(key.length + 1), m])));
  }
  return out;
}
