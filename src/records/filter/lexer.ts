// The filter language's lexer: text → tokens (operands, operators, parentheses, && and ||).
// Whitespace (space, tab, CR, LF) separates tokens; `//` starts a comment that runs to the end of
// the line. Strings follow ganigeorgiev/fexpr (PocketBase's parser): a quote preceded by a backslash
// does not end the string, and `\<quote>` is the only escape — every other backslash stays as is.
import type { CompareOp, Operand } from './ast.js';
import {
  DATETIME_MACROS,
  MAX_CALL_DEPTH,
  type ScannedPath,
  charAtPos,
  fail,
  invalid,
  isDigit,
  isNameChar,
  isNameStart,
  isSpace,
  scanPath,
  show,
} from './scan.js';

const COMPARE_OPS: readonly CompareOp[] = ['=', '!=', '>', '>=', '<', '<=', '~', '!~'];
const OPERATORS = new Map<string, { op: CompareOp; any: boolean }>(
  COMPARE_OPS.flatMap((op) => [
    [op, { op, any: false }],
    [`?${op}`, { op, any: true }],
  ]),
);
const OPERATOR_CHARS = '=!<>~?';

export type Token =
  | { type: 'lparen' | 'rparen' | 'and' | 'or' | 'eof'; pos: number; end: number }
  | { type: 'op'; op: CompareOp; any: boolean; pos: number; end: number }
  | { type: 'operand'; operand: Operand; pos: number; end: number };

export class Lexer {
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
