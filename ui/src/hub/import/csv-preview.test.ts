// The upload's preview: header and first records, quotes and line endings as the server reads them.
import { describe, expect, it } from 'vitest';
import { previewCsv } from './csv-preview';

describe('previewCsv', () => {
  it('reads the header and the first rows, with quoted commas, quotes and new lines', () => {
    const text =
      '\uFEFFname,email,groups\r\n' +
      'John Smith,john@example.com,"Consultants,Project A"\r\n' +
      '"Jane ""JD"" Doe",jane@example.com,Managers\n' +
      '"Multi\nLine",m@example.com,\n';
    expect(previewCsv(text, 5, true)).toEqual({
      header: ['name', 'email', 'groups'],
      rows: [
        ['John Smith', 'john@example.com', 'Consultants,Project A'],
        ['Jane "JD" Doe', 'jane@example.com', 'Managers'],
        ['Multi\nLine', 'm@example.com', ''],
      ],
      more: false,
    });
  });

  it('stops after `count` rows and says more follow; skips blank lines', () => {
    const text = 'name,email\n\nA,a@x.io\nB,b@x.io\nC,c@x.io\n';
    const preview = previewCsv(text, 2, true);
    expect(preview.rows).toEqual([
      ['A', 'a@x.io'],
      ['B', 'b@x.io'],
    ]);
    expect(preview.more).toBe(true);
  });

  it('keeps a last record without a line end only when the whole file was read', () => {
    expect(previewCsv('name,email\nA,a@x.io', 5, true).rows).toEqual([['A', 'a@x.io']]);
    const cut = previewCsv('name,email\nA,a@x.io\nB,b@x', 5, false);
    expect(cut.rows).toEqual([['A', 'a@x.io']]);
    expect(cut.more).toBe(true);
  });

  it('answers an empty header for an empty file', () => {
    expect(previewCsv('', 5, true)).toEqual({ header: [], rows: [], more: false });
  });
});
