// What the filter and sort languages share: their limits, the errors they raise, characters and
// field paths (`name(.segment)*(:modifier)?`). Pure: positions are 0-based offsets (UTF-16 units).
import { paramError } from '../../errors.js';
import type { Modifier } from './ast.js';

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

export type Language = 'filter' | 'sort';

// ---------------------------------------------------------------------------------------------
// Errors

export function fail(language: Language, message: string): never {
  throw paramError(language, message);
}

export function invalid(language: Language, pos: number, detail: string): never {
  fail(language, `Invalid ${language} at position ${pos}: ${detail}.`);
}

/** A snippet of user input, quoted for an error message (shortened, control characters escaped). */
export function show(snippet: string): string {
  const short = snippet.length > 40 ? `${snippet.slice(0, 40)}…` : snippet;
  let out = '';
  for (const ch of short) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? JSON.stringify(ch).slice(1, -1) : ch;
  }
  return `"${out}"`;
}

/** The character at `pos`, quoted, or "end of input". */
export function charAtPos(text: string, pos: number): string {
  const code = text.codePointAt(pos);
  return code === undefined ? 'end of input' : show(String.fromCodePoint(code));
}

// ---------------------------------------------------------------------------------------------
// Characters and paths

export const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
export const isDigit = (c: string) => c.length === 1 && c >= '0' && c <= '9';
export const isNameStart = (c: string) =>
  c.length === 1 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
export const isNameChar = (c: string) => isNameStart(c) || isDigit(c);

export function isBlank(text: string): boolean {
  for (const c of text) if (!isSpace(c)) return false;
  return true;
}

export function skipSpaces(text: string, i: number): number {
  while (isSpace(text.charAt(i))) i++;
  return i;
}

export interface ScannedPath {
  segments: string[];
  modifier: Modifier | null;
  modifierPos: number;
  end: number;
}

/**
 * Scans `name(.segment)*(:modifier)?` starting at `start`, which must hold a name-start character.
 * Segments after the first may start with a digit (`info.tags.0`: an index into a JSON array).
 */
export function scanPath(language: Language, text: string, start: number): ScannedPath {
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
