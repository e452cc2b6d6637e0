// Parsers for PocketBase's filter and sort languages (https://pocketbase.io/docs/api-rules-and-filters/).
// Pure: text in, AST out (ast.ts), or an AppError(400) that says what is wrong and where.
//
//   expression := or
//   or         := and ('||' and)*
//   and        := primary ('&&' primary)*
//   primary    := '(' expression ')' | comparison
//   comparison := operand OP operand      OP: = != > >= < <= ~ !~, and each of them prefixed by '?'
//   operand    := 'text' | "text" | number | true | false | null | field path | @macro | call
//   call       := name '(' (operand (',' operand)*)? ')'     (no space before '('; nested ≤ 3 deep)
//
// Whitespace (space, tab, CR, LF) separates tokens; `//` starts a comment that runs to the end of
// the line. Strings follow ganigeorgiev/fexpr (PocketBase's parser): a quote preceded by a backslash
// does not end the string, and `\<quote>` is the only escape — every other backslash stays as is.
// Positions are 0-based offsets into the input string (UTF-16 code units, like JS indexes).

import { AppError } from '../../errors.js';
import type { CompareOp, Expr, Modifier, Operand, SortTerm } from './ast.js';

export const MAX_FILTER_LENGTH = 4096;
export const MAX_FILTER_DEPTH = 32;
export const MAX_FILTER_COMPARISONS = 200;
/** PocketBase's DefaultSortExprLimit (tools/search/provider.go). */
export const MAX_SORT_TERMS = 8;
/** fexpr's maxFuncDepth: a call may hold calls two levels down. */
export const MAX_CALL_DEPTH = 3;

/** The argument-less date/time macros, without their '@'. */
export const DATETIME_MACROS: readonly string[] = [
  'now',
  'second',
  'minute',
  'hour',
  'weekday',
  'day',
  'month',
  'year',
  'yesterday',
  'tomorrow',
  'todayStart',
  'todayEnd',
  'monthStart',
  'monthEnd',
  'yearStart',
  'yearEnd',
];

const MODIFIERS: readonly Modifier[] = ['each', 'length', 'lower', 'isset', 'changed'];

const COMPARE_OPS: readonly CompareOp[] = ['=', '!=', '>', '>=', '<', '<=', '~', '!~'];
const OPERATORS = new Map<string, { op: CompareOp; any: boolean }>(
  COMPARE_OPS.flatMap((op) => [
    [op, { op, any: false }],
    [`?${op}`, { op, any: true }],
  ]),
);
const OPERATOR_CHARS = '=!<>~?';

type Language = 'filter' | 'sort';

// ---------------------------------------------------------------------------------------------
// Errors

function fail(language: Language, message: string): never {
  const code = `invalid_${language}` as const;
  throw new AppError(400, code, message, {
    [language]: { code: `validation_${code}`, message },
  });
}

function invalid(language: Language, pos: number, detail: string): never {
  fail(language, `Invalid ${language} at position ${pos}: ${detail}.`);
}

/** A snippet of user input, quoted for an error message (shortened, control characters escaped). */
function show(snippet: string): string {
  const short = snippet.length > 40 ? `${snippet.slice(0, 40)}…` : snippet;
  let out = '';
  for (const ch of short) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? JSON.stringify(ch).slice(1, -1) : ch;
  }
  return `"${out}"`;
}

/** The character at `pos`, quoted, or "end of input". */
function charAtPos(text: string, pos: number): string {
  const code = text.codePointAt(pos);
  return code === undefined ? 'end of input' : show(String.fromCodePoint(code));
}

// ---------------------------------------------------------------------------------------------
// Characters and paths

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string) => c.length === 1 && c >= '0' && c <= '9';
const isNameStart = (c: string) =>
  c.length === 1 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isNameChar = (c: string) => isNameStart(c) || isDigit(c);

function isBlank(text: string): boolean {
  for (const c of text) if (!isSpace(c)) return false;
  return true;
}

function skipSpaces(text: string, i: number): number {
  while (isSpace(text.charAt(i))) i++;
  return i;
}

interface ScannedPath {
  segments: string[];
  modifier: Modifier | null;
  modifierPos: number;
  end: number;
}

/**
 * Scans `name(.segment)*(:modifier)?` starting at `start`, which must hold a name-start character.
 * Segments after the first may start with a digit (`info.tags.0`: an index into a JSON array).
 */
function scanPath(language: Language, text: string, start: number): ScannedPath {
  const segments: string[] = [];
  let i = start;
  for (;;) {
    const segmentStart = i;
    while (isNameChar(text.charAt(i))) i++;
    segments.push(text.slice(segmentStart, i));
    if (text.charAt(i) !== '.') break;
    i++;
    if (!isNameChar(text.charAt(i))) {
      invalid(
        language,
        i,
        `expected a name after ${show(text.slice(start, i))}, found ${charAtPos(text, i)}`,
      );
    }
  }
  const { modifier, modifierPos, end } = scanModifier(language, text, start, i);
  return { segments, modifier, modifierPos, end };
}

/** An optional `:modifier` at `i`, which must end the path that began at `start`. */
function scanModifier(
  language: Language,
  text: string,
  start: number,
  i: number,
): { modifier: Modifier | null; modifierPos: number; end: number } {
  const modifierPos = i;
  if (text.charAt(i) !== ':') return { modifier: null, modifierPos, end: i };
  i++;
  const nameStart = i;
  while (isNameChar(text.charAt(i))) i++;
  const name = text.slice(nameStart, i);
  const modifier = MODIFIERS.find((m) => m === name) ?? null;
  if (modifier === null) {
    invalid(
      language,
      modifierPos,
      name === ''
        ? `expected a modifier name after ":", found ${charAtPos(text, i)}`
        : `unknown modifier ${show(`:${name}`)} (expected ":each", ":length", ":lower", ":isset" or ":changed")`,
    );
  }
  const next = text.charAt(i);
  if (next === '.' || next === ':') {
    invalid(
      language,
      i,
      `a modifier must end the path, found ${show(next)} after ${show(text.slice(start, i))}`,
    );
  }
  return { modifier, modifierPos, end: i };
}

// ---------------------------------------------------------------------------------------------
// Filter tokens

type Token =
  | { type: 'lparen' | 'rparen' | 'and' | 'or' | 'eof'; pos: number; end: number }
  | { type: 'op'; op: CompareOp; any: boolean; pos: number; end: number }
  | { type: 'operand'; operand: Operand; pos: number; end: number };

class Lexer {
  private i = 0;

  constructor(private readonly text: string) {}

  next(): Token {
    const { text } = this;
    this.skipTrivia();
    const start = this.i;
    const c = text.charAt(start);
    if (c === '') return { type: 'eof', pos: start, end: start };
    if (c === '(' || c === ')') {
      this.i++;
      return { type: c === '(' ? 'lparen' : 'rparen', pos: start, end: this.i };
    }
    if (c === '&' || c === '|') {
      const run = this.run((ch) => ch === '&' || ch === '|');
      if (run === '&&' || run === '||') {
        return { type: run === '&&' ? 'and' : 'or', pos: start, end: this.i };
      }
      invalid('filter', start, `unknown logical operator ${show(run)} (expected "&&" or "||")`);
    }
    if (OPERATOR_CHARS.includes(c)) {
      const run = this.run((ch) => ch !== '' && OPERATOR_CHARS.includes(ch));
      const found = OPERATORS.get(run);
      if (found === undefined) invalid('filter', start, `unknown operator ${show(run)}`);
      return { type: 'op', op: found.op, any: found.any, pos: start, end: this.i };
    }
    if (c === "'" || c === '"') return this.operand(start, this.string(start, c));
    if (c === '-' || isDigit(c)) return this.operand(start, this.number(start));
    if (isNameStart(c)) return this.operand(start, this.identifier(start));
    if (c === '@') return this.operand(start, this.macro(start));
    invalid('filter', start, `unexpected character ${charAtPos(text, start)}`);
  }

  private operand(start: number, operand: Operand): Token {
    return { type: 'operand', operand, pos: start, end: this.i };
  }

  private skipTrivia(): void {
    const { text } = this;
    for (;;) {
      const c = text.charAt(this.i);
      if (isSpace(c)) {
        this.i++;
      } else if (c === '/' && text.charAt(this.i + 1) === '/') {
        const eol = text.indexOf('\n', this.i);
        this.i = eol === -1 ? text.length : eol + 1;
      } else {
        return;
      }
    }
  }

  private run(accept: (c: string) => boolean): string {
    const start = this.i;
    while (accept(this.text.charAt(this.i))) this.i++;
    return this.text.slice(start, this.i);
  }

  /**
   * 'text' or "text", as fexpr reads it: a quote right after a backslash does not end the string,
   * and each backslash-quote pair becomes the quote; every other backslash is kept.
   */
  private string(start: number, quote: string): Operand {
    const { text } = this;
    let i = start + 1;
    for (;;) {
      const c = text.charAt(i);
      if (c === '') fail('filter', `Unterminated string starting at position ${start}.`);
      if (c === quote && text.charAt(i - 1) !== '\\') break;
      // PostgreSQL cannot hold NUL in text: refused on both databases, with its position.
      if (c === '\u0000') invalid('filter', i, 'strings cannot contain the NUL character');
      i++;
    }
    this.i = i + 1;
    const value = text
      .slice(start + 1, i)
      .split(`\\${quote}`)
      .join(quote);
    return { kind: 'string', value, pos: start };
  }

  /** -?digits(.digits)? */
  private number(start: number): Operand {
    const { text } = this;
    let i = start;
    if (text.charAt(i) === '-') {
      i++;
      if (!isDigit(text.charAt(i))) {
        invalid('filter', start, `expected a digit after "-", found ${charAtPos(text, i)}`);
      }
    }
    while (isDigit(text.charAt(i))) i++;
    if (text.charAt(i) === '.') {
      i++;
      if (!isDigit(text.charAt(i))) {
        invalid('filter', start, `invalid number ${show(text.slice(start, i))}`);
      }
      while (isDigit(text.charAt(i))) i++;
    }
    const after = text.charAt(i);
    if (isNameChar(after) || after === '.') {
      let j = i;
      while (isNameChar(text.charAt(j)) || text.charAt(j) === '.') j++;
      invalid('filter', start, `invalid number ${show(text.slice(start, j))}`);
    }
    const raw = text.slice(start, i);
    const value = Number(raw);
    if (!Number.isFinite(value)) invalid('filter', start, `number ${show(raw)} is out of range`);
    this.i = i;
    return { kind: 'number', value: value === 0 ? 0 : value, pos: start };
  }

  /**
   * A field path, one of the literals true, false and null (any letter case, as PocketBase), or a
   * function call when "(" follows the name directly.
   */
  private identifier(start: number, depth = MAX_CALL_DEPTH): Operand {
    const path = scanPath('filter', this.text, start);
    this.i = path.end;
    if (this.text.charAt(path.end) === '(') return this.call(start, path, depth);
    const [first] = path.segments;
    const literal = path.segments.length === 1 ? first?.toLowerCase() : undefined;
    if (literal === 'true' || literal === 'false' || literal === 'null') {
      if (path.modifier !== null) {
        invalid(
          'filter',
          path.modifierPos,
          `a modifier cannot be applied to the literal ${show(first ?? '')}`,
        );
      }
      return literal === 'null'
        ? { kind: 'null', pos: start }
        : { kind: 'bool', value: literal === 'true', pos: start };
    }
    return { kind: 'field', path: path.segments, modifier: path.modifier, pos: start };
  }

  /** `name(arg, …)`: arguments are strings, numbers, fields, macros or calls (fexpr's rules). */
  private call(start: number, path: ScannedPath, depth: number): Operand {
    const { text } = this;
    const name = text.slice(start, path.end);
    if (path.segments.length !== 1 || path.modifier !== null) {
      invalid('filter', start, `invalid function name ${show(name)}`);
    }
    if (depth <= 0) {
      invalid('filter', start, `function calls are nested more than ${MAX_CALL_DEPTH} levels deep`);
    }
    const args: Operand[] = [];
    let i = path.end + 1;
    let expectComma = false;
    for (;;) {
      this.i = i;
      this.skipTrivia();
      i = this.i;
      const c = text.charAt(i);
      if (c === '') invalid('filter', i, `missing ")" to close the call ${show(`${name}(`)}`);
      if (c === ')') break;
      if (c === ',') {
        if (!expectComma) invalid('filter', i, `unexpected "," in the call ${show(`${name}(…)`)}`);
        expectComma = false;
        i++;
        continue;
      }
      if (expectComma) {
        invalid(
          'filter',
          i,
          `expected "," or ")" in the call ${show(`${name}(…)`)}, found ${charAtPos(text, i)}`,
        );
      }
      let arg: Operand;
      if (c === "'" || c === '"') arg = this.string(i, c);
      else if (c === '-' || isDigit(c)) arg = this.number(i);
      else if (isNameStart(c)) arg = this.identifier(i, depth - 1);
      else if (c === '@') arg = this.macro(i);
      else
        invalid('filter', i, `unexpected ${charAtPos(text, i)} in the call ${show(`${name}(…)`)}`);
      args.push(arg);
      expectComma = true;
      i = this.i;
    }
    this.i = i + 1;
    return { kind: 'function', name, args, pos: start };
  }

  private macro(start: number): Operand {
    const { text } = this;
    if (!isNameStart(text.charAt(start + 1))) {
      let j = start + 1;
      while (isNameChar(text.charAt(j)) || text.charAt(j) === '.') j++;
      fail('filter', `Unknown macro ${show(text.slice(start, j))} at position ${start}.`);
    }
    if (text.startsWith('@collection.', start)) return this.collectionMacro(start);
    const path = scanPath('filter', text, start + 1);
    this.i = path.end;
    const segs = path.segments;
    const written = `@${segs.join('.')}`;
    if (text.charAt(path.end) === '(') {
      invalid('filter', start, `unknown function ${show(written)}`);
    }
    const [first, second] = segs;
    if (segs.length === 1 && first !== undefined && DATETIME_MACROS.includes(first)) {
      if (path.modifier !== null) {
        invalid(
          'filter',
          path.modifierPos,
          `modifiers such as ${show(`:${path.modifier}`)} are not supported on ${show(written)}`,
        );
      }
      return { kind: 'macro', name: first, path: [], modifier: null, pos: start };
    }
    if (first === 'request') {
      const keyed =
        second === 'auth' || second === 'body' || second === 'query' || second === 'headers';
      const plain = second === 'context' || second === 'method';
      if ((keyed && segs.length >= 3) || (plain && segs.length === 2)) {
        return {
          kind: 'macro',
          name: 'request',
          path: segs.slice(1),
          modifier: path.modifier,
          pos: start,
        };
      }
      const form = keyed
        ? `"@request.${second}.<name>"`
        : '"@request.context", "@request.method" or "@request.<auth|body|query|headers>.<name>"';
      fail('filter', `Invalid macro ${show(written)} at position ${start}: expected ${form}.`);
    }
    fail('filter', `Unknown macro ${show(written)} at position ${start}.`);
  }

  /** `@collection.<name>[:alias].<field path>[:modifier]` */
  private collectionMacro(start: number): Operand {
    const { text } = this;
    let i = start + '@collection.'.length;
    const nameStart = i;
    while (isNameChar(text.charAt(i))) i++;
    const name = text.slice(nameStart, i);
    let alias: string | undefined;
    if (text.charAt(i) === ':') {
      const aliasStart = i + 1;
      i = aliasStart;
      while (isNameChar(text.charAt(i))) i++;
      alias = text.slice(aliasStart, i);
      if (alias === '')
        invalid('filter', i, `expected an alias name after ":", found ${charAtPos(text, i)}`);
    }
    const incomplete = () =>
      fail(
        'filter',
        `Invalid macro ${show(text.slice(start, i))} at position ${start}: expected "@collection.<name>.<field>".`,
      );
    if (name === '' || text.charAt(i) !== '.' || !isNameChar(text.charAt(i + 1))) incomplete();
    const rest = scanPath('filter', text, i + 1);
    this.i = rest.end;
    return {
      kind: 'macro',
      name: 'collection',
      path: [name, ...rest.segments],
      ...(alias !== undefined ? { alias } : {}),
      modifier: rest.modifier,
      pos: start,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Filter parser

class FilterParser {
  private readonly lexer: Lexer;
  private token: Token;
  private depth = 0;
  private comparisons = 0;

  constructor(private readonly text: string) {
    this.lexer = new Lexer(text);
    this.token = this.lexer.next();
  }

  parse(): Expr {
    if (this.token.type === 'eof') {
      invalid('filter', 0, 'the filter has no conditions, only comments');
    }
    const expr = this.or(null);
    const t = this.token;
    if (t.type === 'rparen') invalid('filter', t.pos, '")" without a matching "("');
    if (t.type !== 'eof') {
      invalid(
        'filter',
        t.pos,
        `expected "&&", "||" or the end of the filter, found ${this.found()}`,
      );
    }
    return expr;
  }

  private advance(): Token {
    const t = this.token;
    this.token = this.lexer.next();
    return t;
  }

  private raw(t: Token): string {
    return this.text.slice(t.pos, t.end);
  }

  private found(): string {
    return this.token.type === 'eof' ? 'end of input' : show(this.raw(this.token));
  }

  /** `after` is the token before this expression ('(', '&&', '||') or null at the start. */
  private or(after: Token | null): Expr {
    let left = this.and(after);
    while (this.token.type === 'or') {
      const op = this.advance();
      left = { kind: 'or', left, right: this.and(op) };
    }
    return left;
  }

  private and(after: Token | null): Expr {
    let left = this.primary(after);
    while (this.token.type === 'and') {
      const op = this.advance();
      left = { kind: 'and', left, right: this.primary(op) };
    }
    return left;
  }

  private primary(after: Token | null): Expr {
    const open = this.token;
    if (open.type !== 'lparen') return this.comparison(after);
    this.depth++;
    if (this.depth > MAX_FILTER_DEPTH) {
      invalid(
        'filter',
        open.pos,
        `parentheses are nested more than ${MAX_FILTER_DEPTH} levels deep`,
      );
    }
    this.advance();
    const inner = this.or(open);
    const close = this.token;
    if (close.type === 'eof') {
      invalid('filter', close.pos, `missing ")" to close the "(" at position ${open.pos}`);
    }
    if (close.type !== 'rparen') {
      invalid(
        'filter',
        close.pos,
        `expected "&&", "||" or ")" to close the "(" at position ${open.pos}, found ${this.found()}`,
      );
    }
    this.advance();
    this.depth--;
    return inner;
  }

  private comparison(after: Token | null): Expr {
    const leftToken = this.token;
    if (leftToken.type !== 'operand') {
      const where = after === null ? '' : ` after ${show(this.raw(after))}`;
      invalid(
        'filter',
        leftToken.pos,
        `expected a field, value or "("${where}, found ${this.found()}`,
      );
    }
    this.comparisons++;
    if (this.comparisons > MAX_FILTER_COMPARISONS) {
      invalid(
        'filter',
        leftToken.pos,
        `the filter has more than ${MAX_FILTER_COMPARISONS} comparisons`,
      );
    }
    this.advance();

    const opToken = this.token;
    if (opToken.type !== 'op') {
      invalid(
        'filter',
        opToken.pos,
        `expected an operator after ${show(this.raw(leftToken))}, found ${this.found()}`,
      );
    }
    this.advance();

    const rightToken = this.token;
    if (rightToken.type !== 'operand') {
      invalid(
        'filter',
        rightToken.pos,
        `expected a field or value after ${show(this.raw(opToken))}, found ${this.found()}`,
      );
    }
    this.advance();

    return {
      kind: 'compare',
      op: opToken.op,
      any: opToken.any,
      left: leftToken.operand,
      right: rightToken.operand,
      pos: leftToken.pos,
    };
  }
}

/**
 * Parses a PocketBase filter (`?filter=`, API rules) into an expression tree.
 * Returns null for an empty or whitespace-only filter; throws AppError(400, 'invalid_filter').
 */
export function parseFilter(text: string): Expr | null {
  if (text.length > MAX_FILTER_LENGTH) {
    invalid(
      'filter',
      MAX_FILTER_LENGTH,
      `the filter is longer than the maximum of ${MAX_FILTER_LENGTH} characters`,
    );
  }
  if (isBlank(text)) return null;
  return new FilterParser(text).parse();
}

// ---------------------------------------------------------------------------------------------
// Sort

/**
 * Parses a PocketBase sort (`?sort=-created,name`): comma-separated field paths (optionally with a
 * modifier such as `:lower`), each optionally prefixed by '-' (descending) or '+' (ascending), or
 * `@random` / `@rowid`. Returns [] for an empty sort; throws AppError(400, 'invalid_sort').
 */
export function parseSort(text: string): SortTerm[] {
  if (text.length > MAX_FILTER_LENGTH) {
    invalid(
      'sort',
      MAX_FILTER_LENGTH,
      `the sort is longer than the maximum of ${MAX_FILTER_LENGTH} characters`,
    );
  }
  if (isBlank(text)) return [];
  const terms: SortTerm[] = [];
  let i = 0;
  for (;;) {
    i = skipSpaces(text, i);
    const start = i;
    let c = text.charAt(i);
    let descending = false;
    if (c === '-' || c === '+') {
      descending = c === '-';
      i++;
      c = text.charAt(i);
    }
    let path: string[];
    let modifier: Modifier | null = null;
    if (c === '@') {
      let j = i + 1;
      while (isNameChar(text.charAt(j))) j++;
      const name = text.slice(i, j);
      if (name !== '@random' && name !== '@rowid') {
        invalid(
          'sort',
          i,
          `unknown sort key ${show(name)} (expected "@random", "@rowid" or a field)`,
        );
      }
      path = [name];
      i = j;
    } else if (isNameStart(c)) {
      const scanned = scanPath('sort', text, i);
      path = scanned.segments;
      modifier = scanned.modifier;
      i = scanned.end;
    } else if (i === start && (c === ',' || c === '')) {
      invalid('sort', i, 'empty sort field (look for a doubled, leading or trailing ",")');
    } else {
      invalid('sort', i, `expected a field name, found ${charAtPos(text, i)}`);
    }
    if (terms.length >= MAX_SORT_TERMS) {
      invalid('sort', start, `the sort has more than ${MAX_SORT_TERMS} fields`);
    }
    terms.push({ path, modifier, descending, pos: start });
    i = skipSpaces(text, i);
    const next = text.charAt(i);
    if (next === '') return terms;
    if (next !== ',') {
      invalid('sort', i, `expected "," or the end of the sort, found ${charAtPos(text, i)}`);
    }
    i++;
  }
}
