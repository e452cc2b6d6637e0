import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import type { Expr, Operand } from './ast.js';
import { DATETIME_MACROS, parseFilter, parseSort } from './parse.js';

// ---- helpers -----------------------------------------------------------------------------------

/** Parses and asserts a non-null result. */
function parse(text: string): Expr {
  const expr = parseFilter(text);
  if (expr === null) throw new Error(`expected an expression for ${JSON.stringify(text)}`);
  return expr;
}

/** A compact, position-free rendering: `(or (= a 1) (and …))`, fields bare, strings quoted. */
function sx(node: Expr | Operand): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${node.kind} ${sx(node.left)} ${sx(node.right)})`;
    case 'compare':
      return `(${node.any ? '?' : ''}${node.op} ${sx(node.left)} ${sx(node.right)})`;
    case 'field':
      return node.path.join('.') + (node.modifier === null ? '' : `:${node.modifier}`);
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
      return String(node.value);
    case 'bool':
      return String(node.value);
    case 'null':
      return 'null';
    case 'macro':
      return `@${[node.name, ...node.path].join('.')}`;
    case 'function':
      return `${node.name}(${node.args.map(sx).join(', ')})`;
  }
}

const sxOf = (text: string) => sx(parse(text));

/** The only comparison in a one-comparison filter. */
function single(text: string): Extract<Expr, { kind: 'compare' }> {
  const expr = parse(text);
  if (expr.kind !== 'compare') throw new Error(`expected a comparison, got ${expr.kind}`);
  return expr;
}

function errorOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

/** Asserts the filter is rejected with a 400 in PocketBase's shape; returns the message. */
function filterError(text: string): string {
  const error = errorOf(() => parseFilter(text));
  expect(error.status).toBe(400);
  expect(error.code).toBe('invalid_filter');
  expect(error.data).toEqual({
    filter: { code: 'validation_invalid_filter', message: error.message },
  });
  return error.message;
}

function sortError(text: string): string {
  const error = errorOf(() => parseSort(text));
  expect(error.status).toBe(400);
  expect(error.code).toBe('invalid_sort');
  expect(error.data).toEqual({ sort: { code: 'validation_invalid_sort', message: error.message } });
  return error.message;
}

// ---- filters: structure ------------------------------------------------------------------------

describe('parseFilter: empty input', () => {
  it('returns null for empty and whitespace-only filters', () => {
    expect(parseFilter('')).toBeNull();
    expect(parseFilter('   ')).toBeNull();
    expect(parseFilter(' \t\r\n ')).toBeNull();
  });

  it('rejects a filter made only of comments (PocketBase treats it as an empty expression error)', () => {
    expect(filterError('// nothing here')).toBe(
      'Invalid filter at position 0: the filter has no conditions, only comments.',
    );
    expect(filterError('  // a\n  // b\n')).toContain('only comments');
  });
});

describe('parseFilter: a single comparison', () => {
  it('produces the exact node shape with positions', () => {
    expect(parseFilter("name = 'x'")).toEqual({
      kind: 'compare',
      op: '=',
      any: false,
      left: { kind: 'field', path: ['name'], modifier: null, pos: 0 },
      right: { kind: 'string', value: 'x', pos: 7 },
      pos: 0,
    });
  });

  it('parses the seed filter', () => {
    expect(parseFilter("email='a@example.com'||email='b@example.com'")).toEqual({
      kind: 'or',
      left: {
        kind: 'compare',
        op: '=',
        any: false,
        left: { kind: 'field', path: ['email'], modifier: null, pos: 0 },
        right: { kind: 'string', value: 'a@example.com', pos: 6 },
        pos: 0,
      },
      right: {
        kind: 'compare',
        op: '=',
        any: false,
        left: { kind: 'field', path: ['email'], modifier: null, pos: 23 },
        right: { kind: 'string', value: 'b@example.com', pos: 29 },
        pos: 23,
      },
    });
  });

  it('accepts every operand kind on either side', () => {
    expect(sxOf("'a' = name")).toBe('(= "a" name)');
    expect(sxOf('1 < 2')).toBe('(< 1 2)');
    expect(sxOf('null = deleted')).toBe('(= null deleted)');
    expect(sxOf('@request.auth.id = owner')).toBe('(= @request.auth.id owner)');
    expect(sxOf('true != false')).toBe('(!= true false)');
  });
});

describe('parseFilter: operators', () => {
  const plain = ['=', '!=', '>', '>=', '<', '<=', '~', '!~'] as const;

  it.each(plain)('parses %s', (op) => {
    const c = single(`a ${op} 1`);
    expect(c.op).toBe(op);
    expect(c.any).toBe(false);
    // and without surrounding spaces
    expect(single(`a${op}1`)).toMatchObject({ op, any: false });
  });

  it.each(plain)('parses the any-of form ?%s', (op) => {
    const c = single(`tags ?${op} 'x'`);
    expect(c.op).toBe(op);
    expect(c.any).toBe(true);
    expect(single(`tags?${op}'x'`)).toMatchObject({ op, any: true });
  });

  it('covers all 16 operators', () => {
    const seen = new Set<string>();
    for (const op of plain) {
      for (const prefix of ['', '?']) {
        const c = single(`a ${prefix}${op} b`);
        seen.add(`${c.any ? '?' : ''}${c.op}`);
      }
    }
    expect(seen.size).toBe(16);
  });

  it('uses maximal munch for operators followed by a negative number', () => {
    expect(sxOf('a>=-1')).toBe('(>= a -1)');
    expect(sxOf('a!=-1.5')).toBe('(!= a -1.5)');
    expect(sxOf('a?<=-2')).toBe('(?<= a -2)');
  });

  it('rejects unknown operators with their position', () => {
    expect(filterError('a == 1')).toBe('Invalid filter at position 2: unknown operator "==".');
    expect(filterError('a ! 1')).toBe('Invalid filter at position 2: unknown operator "!".');
    expect(filterError('a ? 1')).toBe('Invalid filter at position 2: unknown operator "?".');
    expect(filterError('a =< 1')).toContain('position 2: unknown operator "=<"');
    expect(filterError('a ?? 1')).toContain('position 2: unknown operator "??"');
    expect(filterError('a <> 1')).toContain('position 2: unknown operator "<>"');
    expect(filterError('a ! = 1')).toContain('position 2: unknown operator "!"');
  });
});

describe('parseFilter: && and ||', () => {
  it('binds && tighter than ||', () => {
    expect(sxOf('a=1 || b=2 && c=3')).toBe('(or (= a 1) (and (= b 2) (= c 3)))');
    expect(sxOf('a=1 && b=2 || c=3')).toBe('(or (and (= a 1) (= b 2)) (= c 3))');
    expect(sxOf('a=1 && b=2 || c=3 && d=4')).toBe(
      '(or (and (= a 1) (= b 2)) (and (= c 3) (= d 4)))',
    );
  });

  it('is left-associative', () => {
    expect(sxOf('a=1 || b=2 || c=3')).toBe('(or (or (= a 1) (= b 2)) (= c 3))');
    expect(sxOf('a=1 && b=2 && c=3')).toBe('(and (and (= a 1) (= b 2)) (= c 3))');
  });

  it('lets parentheses override precedence', () => {
    expect(sxOf('(a=1 || b=2) && c=3')).toBe('(and (or (= a 1) (= b 2)) (= c 3))');
    expect(sxOf('a=1 && (b=2 || c=3)')).toBe('(and (= a 1) (or (= b 2) (= c 3)))');
    expect(sxOf('((a=1))')).toBe('(= a 1)');
    expect(sxOf('(((a=1) || ((b=2))))')).toBe('(or (= a 1) (= b 2))');
    expect(sxOf('(a=1&&(b=2||(c=3&&d=4)))')).toBe(
      '(and (= a 1) (or (= b 2) (and (= c 3) (= d 4))))',
    );
  });

  it('needs no whitespace around joins', () => {
    expect(sxOf("a='x'&&b='y'||c=3")).toBe('(or (and (= a "x") (= b "y")) (= c 3))');
  });

  it('rejects single & and | and longer runs', () => {
    expect(filterError('a=1 & b=2')).toBe(
      'Invalid filter at position 4: unknown logical operator "&" (expected "&&" or "||").',
    );
    expect(filterError('a=1 | b=2')).toContain('position 4: unknown logical operator "|"');
    expect(filterError('a=1 &&& b=2')).toContain('position 4: unknown logical operator "&&&"');
    expect(filterError('a=1 &| b=2')).toContain('position 4: unknown logical operator "&|"');
  });
});

describe('parseFilter: string literals', () => {
  it('accepts single and double quotes', () => {
    expect(single("a = 'hello world'").right).toEqual({
      kind: 'string',
      value: 'hello world',
      pos: 4,
    });
    expect(single('a = "hello world"').right).toEqual({
      kind: 'string',
      value: 'hello world',
      pos: 4,
    });
    expect(single("a = ''").right).toMatchObject({ value: '' });
    expect(single('a = ""').right).toMatchObject({ value: '' });
  });

  it('keeps the other quote character as is', () => {
    expect(single(`a = "it's"`).right).toMatchObject({ value: "it's" });
    expect(single(`a = 'say "hi"'`).right).toMatchObject({ value: 'say "hi"' });
  });

  it('unescapes \\<quote> only, and never ends a string at a quote after a backslash (fexpr)', () => {
    expect(single(String.raw`a = 'it\'s'`).right).toMatchObject({ value: "it's" });
    expect(single(String.raw`a = "say \"hi\""`).right).toMatchObject({ value: 'say "hi"' });
    // fexpr keeps "\\" as two characters: only backslash-quote is an escape.
    expect(single(String.raw`a = 'back\\slash'`).right).toMatchObject({ value: 'back\\\\slash' });
    expect(filterError(String.raw`a = 'ends with \\'`)).toBe(
      'Unterminated string starting at position 4.',
    );
    expect(single(String.raw`a = '\\\''`).right).toMatchObject({ value: "\\\\'" });
  });

  it('keeps any other backslash sequence verbatim (as PocketBase does)', () => {
    expect(single(String.raw`a = 'a\nb'`).right).toMatchObject({ value: 'a\\nb' });
    expect(single(String.raw`a = '50\%'`).right).toMatchObject({ value: '50\\%' });
    expect(single(String.raw`a = 'x\"y'`).right).toMatchObject({ value: 'x\\"y' });
  });

  it('keeps operators, comments, joins and newlines inside strings as text', () => {
    expect(single("a = '(b = 1) && c // d || @foo $; '").right).toMatchObject({
      value: '(b = 1) && c // d || @foo $; ',
    });
    expect(single("a = 'line1\nline2'").right).toMatchObject({ value: 'line1\nline2' });
    expect(single("a = 'ünïcødé ✓ 😀'").right).toMatchObject({ value: 'ünïcødé ✓ 😀' });
  });

  it('refuses the NUL character inside a string, with its position', () => {
    expect(filterError("name = 'a\u0000b'")).toBe(
      'Invalid filter at position 9: strings cannot contain the NUL character.',
    );
  });

  it('reports an unterminated string at its opening quote', () => {
    expect(filterError("name='abc")).toBe('Unterminated string starting at position 5.');
    expect(filterError('name = "abc')).toBe('Unterminated string starting at position 7.');
    expect(filterError(String.raw`a = 'it\'`)).toBe('Unterminated string starting at position 4.');
    expect(filterError('a = \'x"')).toBe('Unterminated string starting at position 4.');
    expect(filterError("a = 1 && b = 'x")).toBe('Unterminated string starting at position 13.');
    expect(filterError("'")).toBe('Unterminated string starting at position 0.');
  });
});

describe('parseFilter: numbers and literals', () => {
  it('parses integers, decimals and negatives', () => {
    expect(single('a = 0').right).toEqual({ kind: 'number', value: 0, pos: 4 });
    expect(single('a = 42').right).toEqual({ kind: 'number', value: 42, pos: 4 });
    expect(single('a = -7').right).toEqual({ kind: 'number', value: -7, pos: 4 });
    expect(single('a = 3.25').right).toEqual({ kind: 'number', value: 3.25, pos: 4 });
    expect(single('a = -0.5').right).toEqual({ kind: 'number', value: -0.5, pos: 4 });
    expect(single('a = 007').right).toMatchObject({ value: 7 });
    expect(single('-1 < a').left).toEqual({ kind: 'number', value: -1, pos: 0 });
  });

  it('normalises -0 to 0', () => {
    const right = single('a = -0').right;
    expect(right.kind === 'number' && Object.is(right.value, 0)).toBe(true);
  });

  it('rejects malformed numbers', () => {
    expect(filterError('a = 1.')).toBe('Invalid filter at position 4: invalid number "1.".');
    expect(filterError('a = 1.2.3')).toBe('Invalid filter at position 4: invalid number "1.2.3".');
    expect(filterError('a = 12abc')).toBe('Invalid filter at position 4: invalid number "12abc".');
    expect(filterError('a = 1e5')).toContain('position 4: invalid number "1e5"');
    expect(filterError('a = - 1')).toBe(
      'Invalid filter at position 4: expected a digit after "-", found " ".',
    );
    expect(filterError('a = -b')).toContain('position 4: expected a digit after "-", found "b"');
    expect(filterError('a = -')).toContain('found end of input');
    expect(filterError('a = .5')).toContain('position 4: unexpected character "."');
    expect(filterError(`a = ${'9'.repeat(400)}`)).toContain('position 4: number');
  });

  it('parses true, false and null (any letter case, like PocketBase)', () => {
    expect(single('a = true').right).toEqual({ kind: 'bool', value: true, pos: 4 });
    expect(single('a = false').right).toEqual({ kind: 'bool', value: false, pos: 4 });
    expect(single('a = null').right).toEqual({ kind: 'null', pos: 4 });
    expect(single('a = TRUE').right).toMatchObject({ kind: 'bool', value: true });
    expect(single('a = Null').right).toMatchObject({ kind: 'null' });
  });

  it('treats longer or dotted names as fields, not literals', () => {
    expect(single('a = trueish').right).toMatchObject({ kind: 'field', path: ['trueish'] });
    expect(single('a = null_at').right).toMatchObject({ kind: 'field', path: ['null_at'] });
    expect(single('a = true.x').right).toMatchObject({ kind: 'field', path: ['true', 'x'] });
  });

  it('rejects a modifier on a literal', () => {
    expect(filterError('a = null:isset')).toBe(
      'Invalid filter at position 8: a modifier cannot be applied to the literal "null".',
    );
  });
});

describe('parseFilter: fields and modifiers', () => {
  it('splits dotted paths into segments', () => {
    expect(single('users.id = 1').left).toEqual({
      kind: 'field',
      path: ['users', 'id'],
      modifier: null,
      pos: 0,
    });
    expect(single('x = system.users.email').right).toEqual({
      kind: 'field',
      path: ['system', 'users', 'email'],
      modifier: null,
      pos: 4,
    });
    expect(single('alerts_via_system.name ?= "x"').left).toMatchObject({
      path: ['alerts_via_system', 'name'],
    });
    expect(single('_a1.B_2 = 1').left).toMatchObject({ path: ['_a1', 'B_2'] });
  });

  it.each(['each', 'length', 'lower', 'isset'] as const)('parses the :%s modifier', (mod) => {
    expect(single(`tags:${mod} = 1`).left).toEqual({
      kind: 'field',
      path: ['tags'],
      modifier: mod,
      pos: 0,
    });
    expect(single(`a = rel.tags:${mod}`).right).toEqual({
      kind: 'field',
      path: ['rel', 'tags'],
      modifier: mod,
      pos: 4,
    });
  });

  it('rejects unknown, empty, misplaced or doubled modifiers', () => {
    expect(filterError('tags:upper = 1')).toBe(
      'Invalid filter at position 4: unknown modifier ":upper" (expected ":each", ":length", ":lower", ":isset" or ":changed").',
    );
    expect(filterError('tags:Each = 1')).toContain('unknown modifier ":Each"');
    expect(filterError('tags: = 1')).toContain('position 4: expected a modifier name after ":"');
    expect(filterError('tags:each.name = 1')).toContain('position 9: a modifier must end the path');
    expect(filterError('tags:each:lower = 1')).toContain(
      'position 9: a modifier must end the path',
    );
  });

  it('rejects malformed paths', () => {
    expect(filterError('a. = 1')).toBe(
      'Invalid filter at position 2: expected a name after "a.", found " ".',
    );
    expect(filterError('a..b = 1')).toContain('position 2: expected a name after "a."');
    // Digits after a dot are a JSON array index (info.tags.0), as PocketBase reads them.
    expect(single('a.1 = 1').left).toMatchObject({ path: ['a', '1'] });
    expect(filterError('a.-1 = 1')).toContain('position 2: expected a name after "a.", found "-"');
    expect(filterError('a = b.')).toContain(
      'position 6: expected a name after "b.", found end of input',
    );
  });
});

describe('parseFilter: macros', () => {
  it.each(DATETIME_MACROS)('parses @%s', (name) => {
    expect(single(`created > @${name}`).right).toEqual({
      kind: 'macro',
      name,
      path: [],
      modifier: null,
      pos: 10,
    });
  });

  it('lists exactly the 16 PocketBase date/time macros', () => {
    expect(DATETIME_MACROS).toHaveLength(16);
  });

  it('parses @request.auth.<path>', () => {
    expect(single('owner = @request.auth.id').right).toEqual({
      kind: 'macro',
      name: 'request',
      path: ['auth', 'id'],
      modifier: null,
      pos: 8,
    });
    expect(single('@request.auth.team.name = "x"').left).toMatchObject({
      name: 'request',
      path: ['auth', 'team', 'name'],
    });
  });

  it('parses @request.context, .method and .query/.headers/.body.<name> with a modifier', () => {
    expect(single('a = @request.query.page').right).toEqual({
      kind: 'macro',
      name: 'request',
      path: ['query', 'page'],
      modifier: null,
      pos: 4,
    });
    expect(sxOf("@request.context = 'default' && @request.method = 'GET'")).toBe(
      '(and (= @request.context "default") (= @request.method "GET"))',
    );
    expect(single('@request.headers.x_token:isset = true').left).toMatchObject({
      path: ['headers', 'x_token'],
      modifier: 'isset',
    });
    expect(single('@request.body.name:changed = false').left).toMatchObject({
      path: ['body', 'name'],
      modifier: 'changed',
    });
    expect(single('@request.query.a.b = 1').left).toMatchObject({ path: ['query', 'a', 'b'] });
  });

  it('parses @collection.<name>[:alias].<path>[:modifier]', () => {
    expect(single('@collection.members.user = @request.auth.id').left).toEqual({
      kind: 'macro',
      name: 'collection',
      path: ['members', 'user'],
      modifier: null,
      pos: 0,
    });
    expect(single('@collection.a.b.c ?= 1').left).toMatchObject({ path: ['a', 'b', 'c'] });
    expect(single('@collection.systems:s2.name:lower ?= 1').left).toEqual({
      kind: 'macro',
      name: 'collection',
      path: ['systems', 'name'],
      alias: 's2',
      modifier: 'lower',
      pos: 0,
    });
  });

  it('names an unknown macro and its position', () => {
    expect(filterError('@foo = 1')).toBe('Unknown macro "@foo" at position 0.');
    expect(filterError('a = 1 || b = @nope.x')).toBe('Unknown macro "@nope.x" at position 13.');
    expect(filterError('a = @NOW')).toBe('Unknown macro "@NOW" at position 4.');
    expect(filterError('a = @now.x')).toBe('Unknown macro "@now.x" at position 4.');
    expect(filterError('a = @')).toBe('Unknown macro "@" at position 4.');
    expect(filterError('a = @1x')).toBe('Unknown macro "@1x" at position 4.');
    expect(filterError('a = @@now')).toBe('Unknown macro "@" at position 4.');
  });

  it('rejects incomplete macros', () => {
    expect(filterError('a = @request.auth')).toBe(
      'Invalid macro "@request.auth" at position 4: expected "@request.auth.<name>".',
    );
    expect(filterError('a = @request.query')).toContain('expected "@request.query.<name>"');
    expect(filterError('a = @request.missing')).toContain(
      'Invalid macro "@request.missing" at position 4',
    );
    expect(filterError('a = @request.context.x')).toContain('Invalid macro "@request.context.x"');
    expect(filterError('a = @collection.users')).toBe(
      'Invalid macro "@collection.users" at position 4: expected "@collection.<name>.<field>".',
    );
    expect(filterError('a = @collection.users:x')).toContain('Invalid macro "@collection.users:x"');
    expect(filterError('a = @collection.users:.x')).toContain(
      'position 22: expected an alias name after ":"',
    );
  });

  it('rejects modifiers on the date/time macros', () => {
    expect(filterError('@now:lower = "x"')).toBe(
      'Invalid filter at position 4: modifiers such as ":lower" are not supported on "@now".',
    );
  });
});

describe('parseFilter: function calls', () => {
  it('parses calls with string, number, field, macro and call arguments', () => {
    expect(single("strftime('%Y', created) = '2024'").left).toEqual({
      kind: 'function',
      name: 'strftime',
      args: [
        { kind: 'string', value: '%Y', pos: 9 },
        { kind: 'field', path: ['created'], modifier: null, pos: 15 },
      ],
      pos: 0,
    });
    expect(sxOf('geoDistance(1, -2.5, a.b, @now) < f(g(h()))')).toBe(
      '(< geoDistance(1, -2.5, a.b, @now) f(g(h())))',
    );
    expect(sxOf('f( 1 , // c\n 2, ) = 1')).toBe('(= f(1, 2) 1)');
  });

  it('refuses calls nested deeper than fexpr allows, and malformed arguments', () => {
    expect(filterError('f(g(h(i()))) = 1')).toBe(
      'Invalid filter at position 6: function calls are nested more than 3 levels deep.',
    );
    expect(filterError('f(,1) = 1')).toContain('position 2: unexpected "," in the call "f(…)"');
    expect(filterError('f(1 2) = 1')).toContain('position 4: expected "," or ")"');
    expect(filterError('f(1')).toContain('missing ")" to close the call "f("');
    expect(filterError('f((1)) = 1')).toContain('position 2: unexpected "("');
    expect(filterError('a.b(1) = 1')).toContain('position 0: invalid function name "a.b"');
    expect(filterError('@now(1) = 1')).toContain('unknown function "@now"');
  });
});

describe('parseFilter: whitespace and comments', () => {
  it('ignores spaces, tabs, CR and LF between tokens', () => {
    const text = "\n\t name\t=\r\n'x'  &&\n\n b   !=   2 \n";
    const expr = parse(text);
    expect(sx(expr)).toBe('(and (= name "x") (!= b 2))');
    expect(expr).toMatchObject({
      left: { pos: text.indexOf('name'), right: { pos: text.indexOf("'x'") } },
      right: { pos: text.indexOf('b'), right: { pos: text.indexOf('2') } },
    });
  });

  it('skips // line comments anywhere between tokens', () => {
    expect(sxOf("// leading\nname = 'x' // trailing")).toBe('(= name "x")');
    expect(sxOf('a = 1 // first\n&& // second\nb = 2')).toBe('(and (= a 1) (= b 2))');
    expect(sxOf('a // c\n = // c\n 1')).toBe('(= a 1)');
    expect(sxOf('(a=1)//x')).toBe('(= a 1)');
  });

  it('ends a comment at the newline, so the next line is parsed', () => {
    expect(filterError('a = 1 // c\n &&')).toContain('position 14: expected a field, value or "("');
    expect(sxOf('a = 1 // c && b = ')).toBe('(= a 1)');
  });

  it('rejects a single slash', () => {
    expect(filterError('a = 1 / 2')).toBe(
      'Invalid filter at position 6: unexpected character "/".',
    );
  });
});

describe('parseFilter: positions', () => {
  it('records where every node starts', () => {
    const text = "  (a = 'x' || b >= -2) && @request.auth.id != c.d:length";
    const expr = parse(text);
    expect(expr).toEqual({
      kind: 'and',
      left: {
        kind: 'or',
        left: {
          kind: 'compare',
          op: '=',
          any: false,
          left: { kind: 'field', path: ['a'], modifier: null, pos: 3 },
          right: { kind: 'string', value: 'x', pos: 7 },
          pos: 3,
        },
        right: {
          kind: 'compare',
          op: '>=',
          any: false,
          left: { kind: 'field', path: ['b'], modifier: null, pos: 14 },
          right: { kind: 'number', value: -2, pos: 19 },
          pos: 14,
        },
      },
      right: {
        kind: 'compare',
        op: '!=',
        any: false,
        left: { kind: 'macro', name: 'request', path: ['auth', 'id'], modifier: null, pos: 26 },
        right: { kind: 'field', path: ['c', 'd'], modifier: 'length', pos: 46 },
        pos: 26,
      },
    });
    // the recorded positions really point at the nodes' text
    expect(text.slice(7, 10)).toBe("'x'");
    expect(text.slice(19, 21)).toBe('-2');
    expect(text.slice(26, 42)).toBe('@request.auth.id');
    expect(text.slice(46)).toBe('c.d:length');
  });
});

// ---- filters: errors -----------------------------------------------------------------------------

describe('parseFilter: syntax errors', () => {
  it('reports a missing operator after the left operand', () => {
    expect(filterError("name      'x'")).toBe(
      `Invalid filter at position 10: expected an operator after "name", found "'x'".`,
    );
    expect(filterError('name')).toBe(
      'Invalid filter at position 4: expected an operator after "name", found end of input.',
    );
    expect(filterError('a = 1 && b')).toContain('position 10: expected an operator after "b"');
    expect(filterError('a b = 1')).toContain(
      'position 2: expected an operator after "a", found "b"',
    );
    expect(filterError("'x' && a = 1")).toContain(
      `position 4: expected an operator after "'x'", found "&&"`,
    );
  });

  it('reports a missing right operand', () => {
    expect(filterError('name =')).toBe(
      'Invalid filter at position 6: expected a field or value after "=", found end of input.',
    );
    expect(filterError('a = && b = 1')).toContain(
      'position 4: expected a field or value after "=", found "&&"',
    );
    expect(filterError('a ?!= )')).toContain('position 6: expected a field or value after "?!="');
    expect(filterError('a = = 1')).toContain('position 4: expected a field or value after "="');
  });

  it('reports a missing left operand', () => {
    expect(filterError('= 1')).toBe(
      'Invalid filter at position 0: expected a field, value or "(", found "=".',
    );
    expect(filterError('&& a = 1')).toContain(
      'position 0: expected a field, value or "(", found "&&"',
    );
    expect(filterError('a = 1 || = 2')).toContain(
      'position 9: expected a field, value or "(" after "||", found "="',
    );
  });

  it('reports a dangling && or ||', () => {
    expect(filterError('a = 1 &&')).toBe(
      'Invalid filter at position 8: expected a field, value or "(" after "&&", found end of input.',
    );
    expect(filterError('a = 1 ||   ')).toContain('position 11:');
    expect(filterError('a = 1 && || b = 2')).toContain(
      'position 9: expected a field, value or "(" after "&&", found "||"',
    );
    expect(filterError('(a = 1 &&) || b = 2')).toContain(
      'position 9: expected a field, value or "(" after "&&", found ")"',
    );
  });

  it('reports a missing join between comparisons', () => {
    expect(filterError("a = 'x' b = 'y'")).toBe(
      'Invalid filter at position 8: expected "&&", "||" or the end of the filter, found "b".',
    );
    expect(filterError('a = 1 (b = 2)')).toContain('position 6: expected "&&", "||" or the end');
  });

  it('reports unbalanced parentheses both ways', () => {
    expect(filterError('(a = 1')).toBe(
      'Invalid filter at position 6: missing ")" to close the "(" at position 0.',
    );
    expect(filterError('((a = 1) && b = 2')).toBe(
      'Invalid filter at position 17: missing ")" to close the "(" at position 0.',
    );
    expect(filterError('a = 1)')).toBe('Invalid filter at position 5: ")" without a matching "(".');
    expect(filterError('(a = 1)) || b = 2')).toContain('position 7: ")" without a matching "("');
    expect(filterError(')')).toContain('position 0: expected a field, value or "(", found ")"');
    expect(filterError('(a = 1 b = 2)')).toBe(
      'Invalid filter at position 7: expected "&&", "||" or ")" to close the "(" at position 0, found "b".',
    );
  });

  it('rejects empty parentheses', () => {
    expect(filterError('()')).toBe(
      'Invalid filter at position 1: expected a field, value or "(" after "(", found ")".',
    );
    expect(filterError('a = 1 && ()')).toContain('position 10:');
  });

  it('rejects parentheses around an operand, and a space before a call\'s "("', () => {
    expect(filterError('a = (1)')).toContain('position 4: expected a field or value after "="');
    expect(filterError('lower (name) = "x"')).toContain(
      'position 6: expected an operator after "lower", found "("',
    );
  });

  it('rejects characters outside the grammar with their position', () => {
    expect(filterError("name = 'x'; DROP TABLE users")).toBe(
      'Invalid filter at position 10: unexpected character ";".',
    );
    expect(filterError('$where = 1')).toBe(
      'Invalid filter at position 0: unexpected character "$".',
    );
    expect(filterError('a = 1 && b$ = 2')).toContain('position 10: unexpected character "$"');
    for (const ch of ['#', '`', '[', '{', '*', ',', '%', '\\', '^', '+', 'é']) {
      expect(filterError(`a = 1 && ${ch}b = 2`)).toContain(
        `position 9: unexpected character "${ch}"`,
      );
    }
    expect(filterError('a = \u0000')).toBe(
      'Invalid filter at position 4: unexpected character "\\u0000".',
    );
    expect(filterError('a = 1 &&\u00a0b = 2')).toContain('position 8: unexpected character');
    expect(filterError('a = 😀')).toBe('Invalid filter at position 4: unexpected character "😀".');
  });

  it('shortens long snippets in messages', () => {
    const message = filterError(`${'x'.repeat(100)} 1`);
    expect(message).toContain(`after "${'x'.repeat(40)}…"`);
    expect(message.length).toBeLessThan(120);
  });
});

describe('parseFilter: limits', () => {
  it('accepts 4096 characters and rejects 4097', () => {
    const base = "name = '";
    const fits = `${base}${'x'.repeat(4096 - base.length - 1)}'`;
    expect(fits).toHaveLength(4096);
    expect(parse(fits)).toMatchObject({ kind: 'compare' });
    expect(parseFilter(' '.repeat(4096))).toBeNull();

    const tooLong = `${fits} `;
    expect(filterError(tooLong)).toBe(
      'Invalid filter at position 4096: the filter is longer than the maximum of 4096 characters.',
    );
    expect(filterError(' '.repeat(100_000))).toContain('position 4096');
  });

  it('accepts 32 nested parentheses and rejects 33', () => {
    const nest = (n: number) => `${'('.repeat(n)}a=1${')'.repeat(n)}`;
    expect(sxOf(nest(32))).toBe('(= a 1)');
    expect(filterError(nest(33))).toBe(
      'Invalid filter at position 32: parentheses are nested more than 32 levels deep.',
    );
    // depth is nesting, not the total number of parentheses
    const siblings = Array.from({ length: 100 }, (_, i) => `(a=${i})`).join('||');
    expect(() => parse(siblings)).not.toThrow();
    // the limit also catches deep nesting that is never closed
    expect(filterError('('.repeat(1000))).toContain('position 32: parentheses are nested');
  });

  it('accepts 200 comparisons and rejects 201', () => {
    const chain = (n: number) => Array.from({ length: n }, () => 'a=1').join('&&');
    expect(() => parse(chain(200))).not.toThrow();
    expect(filterError(chain(201))).toBe(
      'Invalid filter at position 1000: the filter has more than 200 comparisons.',
    );
  });
});

describe('parseFilter: injection-looking input', () => {
  const isHarmless = (node: Expr | Operand): boolean => {
    switch (node.kind) {
      case 'and':
      case 'or':
        return isHarmless(node.left) && isHarmless(node.right);
      case 'compare':
        return isHarmless(node.left) && isHarmless(node.right);
      case 'field':
        return node.path.every((s) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s));
      default:
        return true;
    }
  };

  /** Either a 400 invalid_filter or an AST whose identifiers are plain names. */
  function parseOr400(text: string): Expr | AppError {
    try {
      const expr = parseFilter(text);
      if (expr === null) throw new Error('unexpected null');
      expect(isHarmless(expr)).toBe(true);
      return expr;
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const appError = error as AppError;
      expect(appError.status).toBe(400);
      expect(appError.code).toBe('invalid_filter');
      return appError;
    }
  }

  it("rejects name = 'x'' OR 1=1 --'", () => {
    const result = parseOr400("name = 'x'' OR 1=1 --'");
    expect(result).toBeInstanceOf(AppError);
    expect((result as AppError).message).toBe(
      `Invalid filter at position 10: expected "&&", "||" or the end of the filter, found "' OR 1=1 --'".`,
    );
  });

  it('keeps escaped quotes inside one harmless string literal', () => {
    expect(single(String.raw`name = 'x\' OR 1=1 --'`).right).toEqual({
      kind: 'string',
      value: "x' OR 1=1 --",
      pos: 7,
    });
    expect(single(`name = "x' OR '1'='1"`).right).toMatchObject({ value: "x' OR '1'='1" });
  });

  it.each([
    "name = 'x' OR 1=1",
    "name = 'x' -- comment",
    "name = 'x' /* c */",
    'name = 1; DELETE FROM users',
    "name = 'a' UNION SELECT password FROM users",
    'id = 1 OR 1 = 1',
    "name = x'41'",
    'name` = 1',
    '"a" = "a" || 1 = 1) --',
    '(SELECT 1) = 1',
    "name = 'x'||'y'",
    "name = 'x'\u0000 OR 1=1",
  ])('never yields anything but literals, plain fields or a 400: %s', (text) => {
    parseOr400(text);
  });
});

// ---- ganigeorgiev/fexpr parser_test.go (PocketBase's filter parser) ----------------------------

describe('fexpr parser_test.go TestParse, case by case', () => {
  const errors = [
    '> 1',
    'a >',
    'a > >',
    'a > %',
    'a ! 1',
    'a - 1',
    'a + 1',
    '1 - 1',
    '1 + 1',
    '> a 1',
    'a || 1',
    'a && 1',
    'test > 1 &&',
    '|| test = 1',
    'test = 1 && ||',
    'test = 1 && a',
    'test = 1 && "a"',
    'test = 1 a',
    'test = 1 "a"',
    'test = 1@test',
    'test = .@test',
    `test = "demo'`,
    `test = 'demo"`,
    `test = 'demo'"`,
    "test = 'demo''",
    `test = "demo"'`,
    'test = "demo""',
    'test = ""demo""',
    "test = ''demo''",
    'test = `demo`',
    '(a=1',
    'a=1)',
    '((a=1)',
    '{a=1}',
    '[a=1]',
    '((a=1 || a=2) && c=1))',
    '()',
  ];
  it.each(errors)('refuses %s', (text) => {
    filterError(text);
  });

  it.each([
    ['1=12', '(= 1 12)'],
    ['   1    =    12    ', '(= 1 12)'],
    ['"demo" != test', '(!= "demo" test)'],
    ['a~1', '(~ a 1)'],
    ['a !~ 1', '(!~ a 1)'],
    ['test>12', '(> test 12)'],
    ['test > 12', '(> test 12)'],
    ['test >="test"', '(>= test "test")'],
    ['1<="test"', '(<= 1 "test")'],
    [`1<="te'st"`, `(<= 1 "te'st")`],
    [String.raw`demo='te\'st'`, `(= demo "te'st")`],
    [String.raw`demo="te\'st"`, String.raw`(= demo "te\\'st")`],
    [String.raw`demo="te\"st"`, String.raw`(= demo "te\"st")`],
    ['(a=1)', '(= a 1)'],
    ['(a="test(")', '(= a "test(")'],
    ['(a="test)")', '(= a "test)")'],
    ['((a=1))', '(= a 1)'],
    ['a=1 || 2!=3', '(or (= a 1) (!= 2 3))'],
    ['a=1 && 2!=3', '(and (= a 1) (!= 2 3))'],
    ['a=1 && 2!=3 || "b"=a', '(or (and (= a 1) (!= 2 3)) (= "b" a))'],
    ['(a=1 && 2!=3) || "b"=a', '(or (and (= a 1) (!= 2 3)) (= "b" a))'],
    ['((a=1 || a=2) && (c=1))', '(and (or (= a 1) (= a 2)) (= c 1))'],
  ])('parses %s', (text, expected) => {
    expect(sxOf(text)).toBe(expected);
  });

  it('refuses test<@demo.test2 at parse time (fexpr reads it; PocketBase refuses the field)', () => {
    expect(filterError('test<@demo.test2')).toBe('Unknown macro "@demo.test2" at position 5.');
  });
});

// ---- sort ----------------------------------------------------------------------------------------

describe('parseSort', () => {
  it('returns [] for an empty sort', () => {
    expect(parseSort('')).toEqual([]);
    expect(parseSort('  \t')).toEqual([]);
  });

  it('parses directions, dotted paths and positions', () => {
    expect(parseSort('-created,name, +rel.title ,@random')).toEqual([
      { path: ['created'], modifier: null, descending: true, pos: 0 },
      { path: ['name'], modifier: null, descending: false, pos: 9 },
      { path: ['rel', 'title'], modifier: null, descending: false, pos: 15 },
      { path: ['@random'], modifier: null, descending: false, pos: 27 },
    ]);
    expect(parseSort('-@random,-@rowid')).toEqual([
      { path: ['@random'], modifier: null, descending: true, pos: 0 },
      { path: ['@rowid'], modifier: null, descending: true, pos: 9 },
    ]);
    expect(parseSort(' a ')).toEqual([{ path: ['a'], modifier: null, descending: false, pos: 1 }]);
    expect(parseSort('name:lower,info.tags.0')).toEqual([
      { path: ['name'], modifier: 'lower', descending: false, pos: 0 },
      { path: ['info', 'tags', '0'], modifier: null, descending: false, pos: 11 },
    ]);
  });

  it('rejects empty terms with their position', () => {
    expect(sortError('a,,b')).toBe(
      'Invalid sort at position 2: empty sort field (look for a doubled, leading or trailing ",").',
    );
    expect(sortError('a,')).toContain('position 2: empty sort field');
    expect(sortError('a, ')).toContain('position 3: empty sort field');
    expect(sortError(',a')).toContain('position 0: empty sort field');
    expect(sortError('a, ,b')).toContain('position 3: empty sort field');
  });

  it('rejects a sign without a field', () => {
    expect(sortError('-')).toBe(
      'Invalid sort at position 1: expected a field name, found end of input.',
    );
    expect(sortError('a,+,b')).toContain('position 3: expected a field name, found ","');
    expect(sortError('- name')).toContain('position 1: expected a field name, found " "');
    expect(sortError('--name')).toContain('position 1: expected a field name, found "-"');
  });

  it('rejects everything else with a position', () => {
    expect(sortError('name desc')).toBe(
      'Invalid sort at position 5: expected "," or the end of the sort, found "d".',
    );
    expect(sortError('name;drop')).toContain(
      'position 4: expected "," or the end of the sort, found ";"',
    );
    expect(sortError('1name')).toContain('position 0: expected a field name, found "1"');
    expect(sortError('a.')).toContain('position 2: expected a name after "a."');
    expect(sortError('@now')).toBe(
      'Invalid sort at position 0: unknown sort key "@now" (expected "@random", "@rowid" or a field).',
    );
    expect(sortError('a,@Random')).toContain('position 2: unknown sort key "@Random"');
    expect(sortError('name:bogus')).toContain('position 4: unknown modifier ":bogus"');
    expect(sortError("'name'")).toContain('position 0: expected a field name');
    expect(sortError('a // c')).toContain('position 2: expected "," or the end of the sort');
  });

  it("accepts 8 terms and rejects 9 (PocketBase's DefaultSortExprLimit)", () => {
    const terms = (n: number) => Array.from({ length: n }, (_, i) => `f${i}`).join(',');
    expect(parseSort(terms(8))).toHaveLength(8);
    const text = terms(9);
    expect(sortError(text)).toBe(
      `Invalid sort at position ${text.indexOf('f8')}: the sort has more than 8 fields.`,
    );
  });

  it('rejects sorts longer than 4096 characters', () => {
    expect(sortError('a'.repeat(4097))).toContain('position 4096: the sort is longer');
  });
});
