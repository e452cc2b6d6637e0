import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError, parseCsv } from './csv-parse.js';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('streaming CSV parser (RFC 4180)', () => {
  it('reads quoted commas, doubled quotes, newlines inside quotes, CRLF, LF and lone CR', () => {
    expect(fields('a,b\r\n"x,y","say ""hi"""\n"multi\r\nline",z\rlast,1')).toEqual([
      ['a', 'b'],
      ['x,y', 'say "hi"'],
      ['multi\r\nline', 'z'],
      ['last', '1'],
    ]);
  });

  it('skips blank lines, keeps empty fields, and numbers records by the line they start on', () => {
    expect(parseCsv('a,b\n\n\r\n,\n"",x\n"two\nlines",y\nz,\n')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['', ''], line: 4 },
      { fields: ['', 'x'], line: 5 },
      { fields: ['two\nlines', 'y'], line: 6 },
      { fields: ['z', ''], line: 8 },
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = 'name,email\r\n"Smith, ""J""\r\nJr",j@example.com\r\n\r\nx,"y"\r\n';
    const whole = parseCsv(text);
    for (const size of [1, 2, 3, 5, 7]) {
      const out: { fields: string[]; line: number }[] = [];
      const parser = new CsvParser();
      const push = (f: string[], line: number) => out.push({ fields: f, line });
      for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size), push);
      parser.end(push);
      expect(out, `chunks of ${size}`).toEqual(whole);
    }
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(fields('John "Johnny" Smith,x\n')).toEqual([['John "Johnny" Smith', 'x']]);
  });

  it('names the line of an unclosed quote or of text after a closing quote', () => {
    expect(() => parseCsv('a\n"open,\nstill open')).toThrow(
      new CsvSyntaxError(2, 'a quoted field is never closed'),
    );
    expect(() => parseCsv('a\nb\n"q"x,1')).toThrow(
      /^Line 3: unexpected text after a closing quote/,
    );
  });

  it('parses 100k rows quickly', () => {
    const row =
      'Jane Doe,jane.doe@example.com,"Security Team/Senior Consultants,Managers",user\r\n';
    const text = row.repeat(100_000);
    const started = performance.now();
    let n = 0;
    const parser = new CsvParser();
    for (let i = 0; i < text.length; i += 65536)
      parser.push(text.slice(i, i + 65536), () => {
        n++;
      });
    parser.end(() => {
      n++;
    });
    expect(n).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
