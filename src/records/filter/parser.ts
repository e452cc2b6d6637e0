// The filter language's parser: tokens (lexer.ts) → an expression tree (ast.ts), or an
// AppError(400) that says what is wrong and where (https://pocketbase.io/docs/api-rules-and-filters/).
//
//   expression := or
//   or         := and ('||' and)*
//   and        := primary ('&&' primary)*
//   primary    := '(' expression ')' | comparison
//   comparison := operand OP operand      OP: = != > >= < <= ~ !~, and each of them prefixed by '?'
//   operand    := 'text' | "text" | number | true | false | null | field path | @macro | call
//   call       := name '(' (operand (',' operand)*)? ')'     (no space before '('; nested ≤ 3 deep)
import type { Expr } from './ast.js';
import { Lexer, type Token } from './lexer.js';
import {
  MAX_FILTER_COMPARISONS,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  invalid,
  isBlank,
  show,
} from './scan.js';

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
