// The sort language's parser (PocketBase's `?sort=`): text → sort terms (ast.ts), or AppError(400).
import type { Modifier, SortTerm } from './ast.js';
import {
  MAX_FILTER_LENGTH,
  MAX_SORT_TERMS,
  charAtPos,
  invalid,
  isBlank,
  isNameChar,
  isNameStart,
  scanPath,
  show,
  skipSpaces,
} from './scan.js';

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
