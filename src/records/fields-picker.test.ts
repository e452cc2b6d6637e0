// PocketBase's own picker and excerpt test cases (tools/picker/pick_test.go,
// excerpt_modifier_test.go), run against ours.
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { excerpt } from './excerpt.js';
import { parseFields, pick } from './fields-picker.js';

const picked = (data: unknown, fields: string) => pick(data, parseFields(fields));

describe('fields picker (pick_test.go TestPickFields)', () => {
  it.each<[string, unknown, string, unknown]>([
    ['empty fields', { a: 1, b: 2, c: 'test' }, '', { a: 1, b: 2, c: 'test' }],
    ['missing fields', { a: 1, b: 2, c: 'test' }, 'missing', {}],
    ['non map data', 'test', 'a,b,test', 'test'],
    ['non slice of map data', ['a', 'b', 'test'], 'a,test', ['a', 'b', 'test']],
    [
      'map with existing and missing fields',
      { a: 1, b: 2, c: 'test' },
      'a,  c  ,missing',
      { a: 1, c: 'test' },
    ],
    [
      'slice of maps with existing and missing fields',
      [
        { a: 11, b: 11, c: 'test1' },
        { a: 22, b: 22, c: 'test2' },
      ],
      'a,  c  ,missing',
      [
        { a: 11, c: 'test1' },
        { a: 22, c: 'test2' },
      ],
    ],
    [
      'nested fields with mixed map and any slices',
      {
        a: 1,
        b: 2,
        c: 'test',
        anySlice: [
          { A: [1, 2, 3], B: ['1', '2', 3], C: 'test', D: { DA: 1, DB: 2 } },
          { A: 'test' },
        ],
        mapSlice: [
          { A: [1, 2, 3], B: ['1', '2', 3], C: 'test', D: [{ DA: 1 }] },
          { B: ['1', '2', 3], D: [{ DA: 2 }, { DA: 3 }, { DB: 4 }] },
        ],
        fullMap: [
          { A: [1, 2, 3], B: ['1', '2', 3], C: 'test' },
          { B: ['1', '2', 3], D: [{ DA: 2 }, { DA: 3 }] },
        ],
      },
      'a, c, anySlice.A, mapSlice.C, mapSlice.D.DA, anySlice.D,fullMap',
      {
        a: 1,
        anySlice: [{ A: [1, 2, 3], D: { DA: 1, DB: 2 } }, { A: 'test' }],
        c: 'test',
        fullMap: [
          { A: [1, 2, 3], B: ['1', '2', 3], C: 'test' },
          { B: ['1', '2', 3], D: [{ DA: 2 }, { DA: 3 }] },
        ],
        mapSlice: [{ C: 'test', D: [{ DA: 1 }] }, { D: [{ DA: 2 }, { DA: 3 }, {}] }],
      },
    ],
    [
      'root wildcard with nested exception',
      { id: '123', title: 'lorem', rel: { id: '456', title: 'rel_title' } },
      '*,rel.id',
      { id: '123', rel: { id: '456' }, title: 'lorem' },
    ],
    [
      'sub wildcard',
      {
        id: '123',
        title: 'lorem',
        rel: { id: '456', title: 'rel_title', sub: { id: '789', title: 'sub_title' } },
      },
      'id,rel.*',
      { id: '123', rel: { id: '456', sub: { id: '789', title: 'sub_title' }, title: 'rel_title' } },
    ],
    [
      'sub wildcard with nested exception',
      {
        id: '123',
        title: 'lorem',
        rel: { id: '456', title: 'rel_title', sub: { id: '789', title: 'sub_title' } },
      },
      'id,rel.*,rel.sub.id',
      { id: '123', rel: { id: '456', sub: { id: '789' }, title: 'rel_title' } },
    ],
    [
      'valid excerpt modifier',
      {
        id: '123',
        title: 'lorem',
        rel: { id: '456', title: '<p>rel_title</p>', sub: { id: '789', title: 'sub_title' } },
      },
      '*:excerpt(2),rel.title:excerpt(3, true)',
      { id: '12', rel: { title: 'rel...' }, title: 'lo' },
    ],
  ])('%s', (_name, data, fields, expected) => {
    expect(picked(data, fields)).toEqual(expected);
  });

  it('applies to each item, never changing its input', () => {
    const data = { id: 'x', info: { cpu: 1, mem: 2 } };
    expect(picked(data, 'info.cpu')).toEqual({ info: { cpu: 1 } });
    expect(data).toEqual({ id: 'x', info: { cpu: 1, mem: 2 } });
  });

  it('keeps a named key whole even when a deeper path names it too', () => {
    expect(picked({ a: { b: 1, c: 2 } }, 'a.b,a')).toEqual({ a: { b: 1, c: 2 } });
    expect(picked({ a: 'text', b: 1 }, 'a.x')).toEqual({ a: 'text' });
    expect(picked({ expand: { s: { name: 'n', id: 'i' } } }, 'expand.*.name')).toEqual({
      expand: {},
    });
  });

  it.each([
    '*:excerpt',
    'a:nosuch',
    'a:excerpt()',
    'a:excerpt(1,2,3)',
    'a:excerpt(x)',
    'a,(',
    "a'",
  ])('refuses %s with a 400 naming fields', (fields) => {
    let error: unknown;
    try {
      parseFields(fields);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect(Object.keys((error as AppError).data)).toEqual(['fields']);
  });

  it('reads modifier arguments as spf13/cast does', () => {
    expect(picked({ a: 'abcdefghijklmnopqrstuvwxyz' }, 'a:excerpt(0x3)')).toEqual({ a: 'abc' });
    expect(picked({ a: 'abcdefghijklmnopqrstuvwxyz' }, 'a:excerpt(010)')).toEqual({
      a: 'abcdefgh',
    });
    expect(picked({ a: 'abcdefghijklmnopqrstuvwxyz' }, 'a:excerpt(2.00,t)')).toEqual({
      a: 'ab...',
    });
    expect(picked({ a: 'abcdefghijklmnopqrstuvwxyz' }, 'a:excerpt(1_0, yes)')).toEqual({
      a: 'abcdefghij',
    });
    // Not a string: left as it is.
    expect(picked({ a: 12345, b: null }, 'a:excerpt(2),b:excerpt(2)')).toEqual({
      a: 12345,
      b: null,
    });
  });
});

describe('excerpt (excerpt_modifier_test.go TestExcerptModifierModify)', () => {
  const html =
    ' <script>var a = 123;</script>   <p>Hello</p><div id="test_id">t   est<b>12\n\t3</b><span>456</span></div><span>word <b>7</b> 89<span>!<b>?</b><b> a </b><b>b </b>c</span>#<h1>title</h1>';
  const plain = 'Hello t est12 3456 word 7 89!? a b c# title';

  it.each<[string, number, boolean, string, string]>([
    ['only max < len(plainText)', 2, false, html, plain.slice(0, 2)],
    ['only max = len(plainText)', plain.length, false, html, plain],
    ['only max > len(plainText)', plain.length + 5, false, html, plain],
    ['with ellipsis and max < len(plainText)', 2, true, html, plain.slice(0, 2) + '...'],
    ['with ellipsis and max = len(plainText)', plain.length, true, html, plain],
    ['with ellipsis and max > len(plainText)', plain.length + 5, true, html, plain],
    ['multibyte chars <= max', 4, true, 'аб\nв ', 'аб в'],
    ['multibyte chars > max', 3, true, 'аб\nв ', 'аб...'],
  ])('%s', (_name, max, withEllipsis, value, expected) => {
    expect(excerpt(value, max, withEllipsis)).toBe(expected);
  });

  it('decodes character references, skips comments and excluded elements', () => {
    expect(
      excerpt(
        '<!-- note --><h2>R&amp;D&nbsp;notes</h2><form><input value="x">no</form><img src=a>ok &#x263A; &lt;3',
        100,
        false,
      ),
    ).toBe('R&D\u00a0notes ok ☺ <3');
    expect(excerpt('a < b and <c', 100, false)).toBe('a < b and');
    expect(excerpt('<div><div>nested <style>p{}</style></div> end</div>', 100, false)).toBe(
      'nested end',
    );
  });
});
