// The browser's look at an upload before it is sent: the first records of the file, read from its
// first bytes with the same quoting rules as the server's parser (RFC 4180). Only a preview: the
// server reads, checks and counts the whole file in the dry run.

/** How much of the file the preview reads. */
export const PREVIEW_BYTES = 64 * 1024;

export interface CsvPreview {
  header: string[];
  rows: string[][];
  /** More records may follow the ones shown. */
  more: boolean;
}

/** The first `count` records after the header in `text` (a file's beginning; may end mid-record). */
export function previewCsv(text: string, count: number, complete: boolean): CsvPreview {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    record.push(field);
    field = '';
    if (record.some((f) => f.trim() !== '')) records.push(record);
    record = [];
  };
  for (; i < text.length && records.length <= count; i++) {
    const c = text[i] ?? '';
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else field += c;
  }
  // The last record counts only when the whole file was read (else it may be cut short).
  if (complete && i >= text.length && (field !== '' || record.length > 0)) endRecord();
  const [header = [], ...rest] = records;
  return {
    header,
    rows: rest.slice(0, count),
    more: rest.length > count || i < text.length || !complete,
  };
}

/** A file's preview: its first PREVIEW_BYTES read as text. */
export async function previewFile(file: Blob, count: number): Promise<CsvPreview> {
  const text = await file.slice(0, PREVIEW_BYTES).text();
  return previewCsv(text, count, file.size <= PREVIEW_BYTES);
}
