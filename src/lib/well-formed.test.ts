import { describe, expect, it } from 'vitest';
import { mayHoldLoneSurrogate, wellFormed, wellFormedDeep } from './well-formed.js';

describe('well-formed text', () => {
  it('replaces each lone surrogate by U+FFFD and keeps pairs', () => {
    expect(wellFormed('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
    const fine = 'emoji \u{1F600} ü';
    expect(wellFormed(fine)).toBe(fine);
  });

  it('reaches every string and key of parsed JSON, keeping key order and plain keys', () => {
    const value = JSON.parse(
      '{"a\\ud800":["x\\udfff",{"__proto__":"\\ud800"}],"b":"\\ud83d\\ude00","a\\udbff":2}',
    ) as Record<string, unknown>;
    const result = wellFormedDeep(value);
    expect(result).toBe(value);
    // The two keys that become one keep the later value, as a parser keeps a repeated key's.
    expect(Object.keys(value)).toEqual(['a\ufffd', 'b']);
    expect(value['a\ufffd']).toBe(2);
    expect(value.b).toBe('\u{1F600}');
    const nested = JSON.parse('[{"__proto__":{"k\\ud800":"v"}}]') as [Record<string, unknown>];
    wellFormedDeep(nested);
    expect(Object.getPrototypeOf(nested[0])).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(nested[0], '__proto__')?.value).toEqual({
      'k\ufffd': 'v',
    });
    expect(wellFormedDeep('\udc00')).toBe('\ufffd');
    expect(wellFormedDeep(null)).toBe(null);
  });

  it('walks any depth without recursion', () => {
    const depth = 50_000;
    const value = JSON.parse(`${'['.repeat(depth)}"\\ud800"${']'.repeat(depth)}`) as unknown;
    wellFormedDeep(value);
    let inner = value;
    while (Array.isArray(inner)) inner = inner[0] as unknown;
    expect(inner).toBe('\ufffd');
  });

  it('spots JSON text that may hold one: a surrogate escape in either case', () => {
    expect(mayHoldLoneSurrogate('{"a":"\\ud800"}')).toBe(true);
    expect(mayHoldLoneSurrogate('{"a":"\\uDC00"}')).toBe(true);
    expect(mayHoldLoneSurrogate('{"a":"\\u00e9 \u{1F600}"}')).toBe(false);
  });
});
