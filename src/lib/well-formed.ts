// Well-formed text: every lone UTF-16 surrogate replaced by U+FFFD, which is what both databases
// keep of it (PostgreSQL stores U+FFFD; SQLite would keep the raw surrogate bytes and read them back
// as three U+FFFD). Text that is stored, compared or hashed goes through here first.

// Node 20 has both (ES2024); the project's TypeScript lib is ES2023.
declare global {
  interface String {
    isWellFormed(): boolean;
    toWellFormed(): string;
  }
}

/** `text`, with each lone surrogate replaced by U+FFFD (the same string when there is none). */
export function wellFormed(text: string): string {
  return text.isWellFormed() ? text : text.toWellFormed();
}

/**
 * Makes every string and object key inside `value` (parsed JSON: plain objects, arrays, scalars)
 * well-formed, in place, and returns it (a new string when `value` is a string). Iterative, so any
 * nesting depth a parser accepts is fine. Two keys that become the same keep the later value, as a
 * JSON parser does with a repeated key.
 */
export function wellFormedDeep<T>(value: T): T {
  if (typeof value === 'string') return wellFormed(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  const pending: object[] = [value];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record);
    if (!Array.isArray(node) && keys.some((key) => !key.isWellFormed())) {
      // Rebuilt in the same order; defineProperty, so a `__proto__` key stays a plain key.
      const entries = keys.map((key) => [key.toWellFormed(), record[key]] as const);
      for (const key of keys) Reflect.deleteProperty(record, key);
      for (const [key, item] of entries) {
        Object.defineProperty(record, key, {
          value: item,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
    }
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === 'string') {
        if (!item.isWellFormed()) record[key] = item.toWellFormed();
      } else if (typeof item === 'object' && item !== null) {
        pending.push(item);
      }
    }
  }
  return value;
}

/**
 * Whether JSON text may hold a lone surrogate once parsed: only a `\uD800`–`\uDFFF` escape can put
 * one there (decoded bytes are always well-formed). Valid escaped pairs match too; the caller then
 * looks closer with `wellFormedDeep`, which leaves them as they are.
 */
export function mayHoldLoneSurrogate(json: string): boolean {
  return SURROGATE_ESCAPE.test(json);
}

const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
