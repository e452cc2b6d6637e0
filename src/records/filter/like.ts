// PocketBase's `~` patterns (tools/search/filter.go wrapLikeParams): a value without an unescaped
// `%` means "contains" — its unescaped `\`, `%` and `_` are escaped and it is wrapped in `%…%`; a
// value with an unescaped `%` is used as written. The escape character is `\` (ESCAPE '\').

/** The LIKE pattern PocketBase makes of a `~` value. */
export function likePattern(value: string): string {
  if (containsUnescaped(value, '%')) return value;
  return `%${escapeUnescaped(value)}%`;
}

/** True when `ch` occurs in `text` not preceded by an escaping backslash (`\\` escapes itself). */
function containsUnescaped(text: string, ch: string): boolean {
  let prev = '';
  for (const c of text) {
    if (c === ch && prev !== '\\') return true;
    prev = c === '\\' && prev === '\\' ? '' : c;
  }
  return false;
}

/**
 * Escapes every `\`, `%` and `_` that is not already escaped, scanning from the end as PocketBase
 * does: a special character is left alone when a backslash precedes it.
 */
function escapeUnescaped(text: string): string {
  // Code points, as PocketBase's []rune.
  const chars: string[] = [];
  for (const c of text) chars.push(c);
  const out: string[] = [];
  let pending = false;
  for (let i = chars.length - 1; i >= 0; i--) {
    const c = chars[i] ?? '';
    if (pending) {
      if (c !== '\\') out.push('\\');
      pending = false;
    } else if (c === '\\' || c === '%' || c === '_') {
      pending = true;
    }
    out.push(c);
    if (i === 0 && pending) out.push('\\');
  }
  return out.reverse().join('');
}

/**
 * True when a pattern ends with a lone escape character. SQLite then matches nothing; PostgreSQL
 * raises an error, so the compiler answers for it instead.
 */
export function endsWithDanglingEscape(pattern: string): boolean {
  let run = 0;
  for (let i = pattern.length - 1; i >= 0 && pattern[i] === '\\'; i--) run++;
  return run % 2 === 1;
}

/** SQLite's LIKE folds ASCII letters only. */
export function lowerAscii(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
