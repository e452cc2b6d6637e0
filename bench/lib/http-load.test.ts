// Tests of the load client's chunked-body reader (Go servers such as Cerbos chunk large answers).
import { describe, expect, it } from 'vitest';
import { dechunk } from './http-load.js';

const from = (text: string) => Buffer.from(text, 'latin1');

describe('dechunk', () => {
  it('joins the chunks and ends after the last empty line', () => {
    const wire =
      'HEAD\r\n\r\n4\r\nWiki\r\n6;ext=1\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n\r\nNEXT';
    const body = dechunk(from(wire), 'HEAD\r\n\r\n'.length);
    expect(body?.text).toBe('Wikipedia in \r\n\r\nchunks.');
    expect(wire.slice(body?.end)).toBe('NEXT');
  });

  it('skips trailers, and waits while a chunk or the end is missing', () => {
    const wire = '3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n';
    expect(dechunk(from(wire), 0)).toEqual({ text: 'abc', end: wire.length });
    expect(dechunk(from('3\r\nab'), 0)).toBeNull();
    expect(dechunk(from('3\r\nabc\r\n0\r\n'), 0)).toBeNull();
    expect(dechunk(from('3\r'), 0)).toBeNull();
  });

  it('refuses a size that is not hexadecimal', () => {
    expect(() => dechunk(from('zz\r\nabc\r\n'), 0)).toThrow('a bad chunk size');
  });
});
