// The `:excerpt(max, withEllipsis?)` fields modifier: plain text from HTML, as PocketBase's picker.
//
// PocketBase (tools/picker/excerpt_modifier.go) parses the value with Go's HTML5 parser, walks the
// text nodes skipping `excludeTags`, puts one space around every element that is not inline,
// collapses runs of ASCII whitespace, trims, and cuts at `max` characters (runes, since v0.28),
// adding "..." when asked. This is the same walk over a tag-level tokenizer: tags, comments and
// character references are recognised; the HTML5 tree-building corrections (implied elements,
// mis-nested tags) are not needed for the text and are not modelled.

const EXCLUDED = new Set([
  'head',
  'title',
  'style',
  'script',
  'iframe',
  'embed',
  'applet',
  'object',
  'svg',
  'img',
  'picture',
  'dialog',
  'template',
  'button',
  'form',
  'textarea',
  'input',
  'select',
  'option',
]);

const INLINE = new Set([
  'a',
  'abbr',
  'acronym',
  'b',
  'bdo',
  'big',
  'br',
  'button',
  'cite',
  'code',
  'em',
  'i',
  'label',
  'q',
  'small',
  'span',
  'strong',
  'strike',
  'sub',
  'sup',
  'time',
]);

/** Elements without content or end tag (the HTML5 void elements). */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/** Elements whose content is raw text, never tags (an excluded one is skipped to its end tag). */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noscript']);

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  middot: '·',
  bull: '•',
  euro: '€',
  trade: '™',
  deg: '°',
};

/** Go's regexp `\s` (ASCII only): what PocketBase collapses into one space. */
const ASCII_SPACES = /[\t\n\f\r ]+/g;
/** Go's unicode.IsSpace, which strings.TrimSpace trims (JS's trim also takes U+FEFF). */
const GO_SPACE =
  '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');

/** Go's runes: code points, not UTF-16 units nor graphemes (an emoji with modifiers is several). */
const codePoints = (text: string): string[] => Array.from(text);

export const goTrimSpace = (text: string): string => text.replace(GO_TRIM, '');

function decodeEntities(text: string): string {
  return text.replace(
    /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?/g,
    (all, ref: string) => {
      if (ref.startsWith('#')) {
        const code =
          ref[1] === 'x' || ref[1] === 'X'
            ? parseInt(ref.slice(2), 16)
            : parseInt(ref.slice(1), 10);
        // As the HTML5 parser: NUL, surrogates and out-of-range references become U+FFFD.
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
        return String.fromCodePoint(code);
      }
      return NAMED[ref] ?? all;
    },
  );
}

/** Plain text of `html` (the walk), stopping once it holds more than `limit` characters. */
export function plainText(html: string, limit = Infinity): string {
  let out = '';
  let length = 0;
  let prevSpace = false;
  const write = (text: string) => {
    out += text;
    length += codePoints(text).length;
  };
  const text = (raw: string) => {
    let t = decodeEntities(raw).replace(ASCII_SPACES, ' ');
    if (prevSpace) t = t.replace(/^ +/, '');
    if (t === '') return;
    prevSpace = t.endsWith(' ');
    write(t);
  };
  const boundary = () => {
    if (!prevSpace) {
      write(' ');
      prevSpace = true;
    }
  };
  const normalized = html.replace(/\r\n?/g, '\n');
  let i = 0;
  while (i < normalized.length && length <= limit + 2) {
    const lt = normalized.indexOf('<', i);
    if (lt < 0) {
      text(normalized.slice(i));
      break;
    }
    if (lt > i) text(normalized.slice(i, lt));
    const rest = normalized.slice(lt);
    if (rest.startsWith('<!--')) {
      const end = normalized.indexOf('-->', lt + 4);
      i = end < 0 ? normalized.length : end + 3;
      continue;
    }
    const tag = /^<(\/?)([A-Za-z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/.exec(rest);
    if (!tag) {
      if (/^<\/?[A-Za-z]/.test(rest)) break; // a tag cut by the end of the text: dropped (eof-in-tag)
      if (/^<[!?/]/.test(rest)) {
        // A bogus comment (<!doctype …>, <?xml …?>, </ …>): skipped to the next '>'.
        const end = normalized.indexOf('>', lt);
        i = end < 0 ? normalized.length : end + 1;
      } else {
        text('<');
        i = lt + 1;
      }
      continue;
    }
    i = lt + tag[0].length;
    const closing = tag[1] === '/';
    const name = (tag[2] ?? '').toLowerCase();
    const selfClosing = (tag[3] ?? '').trimEnd().endsWith('/');
    if (EXCLUDED.has(name)) {
      if (closing || VOID.has(name) || selfClosing) continue;
      i = skipElement(normalized, i, name);
      continue;
    }
    if (!INLINE.has(name)) boundary();
    if (!closing && RAW_TEXT.has(name)) {
      const end = closingTag(normalized, i, name);
      text(normalized.slice(i, end.start));
      i = end.after;
      if (!INLINE.has(name)) boundary();
    }
  }
  return out;
}

/** Where the `name` element opened before `from` ends (its matching end tag, nesting counted). */
function skipElement(html: string, from: number, name: string): number {
  if (RAW_TEXT.has(name)) return closingTag(html, from, name).after;
  const pattern = new RegExp(`<(/?)${name}(?=[\\s/>])[^>]*>`, 'gi');
  pattern.lastIndex = from;
  let depth = 1;
  for (let m = pattern.exec(html); m; m = pattern.exec(html)) {
    const selfClosing = m[0].endsWith('/>');
    if (m[1] === '/') depth -= 1;
    else if (!selfClosing) depth += 1;
    if (depth === 0) return pattern.lastIndex;
  }
  return html.length;
}

function closingTag(html: string, from: number, name: string): { start: number; after: number } {
  const pattern = new RegExp(`</${name}(?=[\\s/>])[^>]*>`, 'gi');
  pattern.lastIndex = from;
  const m = pattern.exec(html);
  return m
    ? { start: m.index, after: pattern.lastIndex }
    : { start: html.length, after: html.length };
}

/** The excerpt of a value: strings only; anything else is returned as it is (as PocketBase). */
export function excerpt(value: unknown, max: number, withEllipsis: boolean): unknown {
  if (typeof value !== 'string') return value;
  const result = goTrimSpace(plainText(value, max));
  const chars = codePoints(result);
  if (chars.length <= max) return result;
  const cut = goTrimSpace(chars.slice(0, max).join(''));
  return withEllipsis ? cut + '...' : cut;
}
