// PocketBase's `~` pattern table (tools/search/filter_test.go TestLikeParamsWrapping, newest
// version: escapes only what is not escaped yet) and the pieces the compiler builds on it.
import { describe, expect, it } from 'vitest';
import { endsWithDanglingEscape, likePattern, lowerAscii } from './like.js';

describe('likePattern (filter.go wrapLikeParams)', () => {
  it.each([
    ['p1', 'abc', '%abc%'],
    ['p2', 'ab%c', 'ab%c'],
    ['p3', 'ab\\%c', '%ab\\%c%'],
    ['p4', '%ab\\%c', '%ab\\%c'],
    ['p5', 'ab\\\\%c', 'ab\\\\%c'],
    ['p6', 'ab\\\\\\%c', '%ab\\\\\\%c%'],
    ['p7', 'ab_c', '%ab\\_c%'],
    ['p8', 'ab\\_c', '%ab\\_c%'],
    ['p9', '%ab_c', '%ab_c'],
    ['p10', 'ab\\c', '%ab\\\\c%'],
    ['p11', '_ab\\c_', '%\\_ab\\\\c\\_%'],
    ['p12', 'ab\\c%', 'ab\\c%'],
    ['p13', 'a\nb\\', '%a\nb\\\\%'],
  ])('%s: %j → %j', (_name, value, pattern) => {
    expect(likePattern(value)).toBe(pattern);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(likePattern('é_😀')).toBe('%é\\_😀%');
  });

  it('finds a pattern that ends with a lone escape', () => {
    expect(endsWithDanglingEscape('ab\\')).toBe(true);
    expect(endsWithDanglingEscape('ab\\\\')).toBe(false);
    expect(endsWithDanglingEscape('ab\\\\\\')).toBe(true);
    expect(endsWithDanglingEscape('ab')).toBe(false);
  });

  it('folds ASCII letters only, as SQLite LIKE does', () => {
    expect(lowerAscii('AbÉ')).toBe('abÉ');
  });
});
