// The bytes of an uploaded CSV file → text chunks: a size limit counted while streaming, UTF-8
// (a BOM is dropped), and a clear refusal for what is not text (binary, spreadsheets, JSON).
import { AppError, badRequest } from '../errors.js';

export const tooLarge = (maxBytes: number) =>
  new AppError(
    413,
    'import_too_large',
    `The file is larger than the import limit of ${maxBytes} bytes (setting imports.maxBytes).`,
    { file: { code: 'validation_file_size_limit', message: `Must be at most ${maxBytes} bytes.` } },
  );

export const notCsv = (why: string) =>
  badRequest(`The file is not CSV: ${why}`, {
    file: { code: 'validation_not_csv', message: why },
  });

/** Text chunks of `bytes`, refusing more than `maxBytes` and anything that is not UTF-8 text. */
export async function* csvText(
  bytes: AsyncIterable<Buffer | Uint8Array | string>,
  maxBytes: number,
  onBytes?: (total: number) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let total = 0;
  let first = true;
  let line = 1;
  for await (const raw of bytes) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    total += chunk.length;
    if (total > maxBytes) throw tooLarge(maxBytes);
    onBytes?.(total);
    if (first && chunk.length > 0) {
      first = false;
      sniff(chunk);
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw notCsv(
        `it is not UTF-8 text (near line ${line}); save it as "CSV UTF-8" from your spreadsheet.`,
      );
    }
    if (text.includes('\0')) throw notCsv('it contains NUL bytes (a binary file?).');
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line++;
    if (text) yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw notCsv('it ends in the middle of a UTF-8 character.');
  }
  if (rest) yield rest;
  if (total === 0)
    throw badRequest('The file is empty.', {
      file: { code: 'validation_required', message: 'The file is empty.' },
    });
}

/** Known binary formats, recognised by their first bytes. */
function sniff(chunk: Uint8Array): void {
  const head = Buffer.from(chunk.subarray(0, 8));
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
    throw notCsv('it is a ZIP archive (an .xlsx spreadsheet?); export the sheet as CSV.');
  if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))
    throw notCsv('it is an old Excel (.xls) file; export the sheet as CSV.');
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') throw notCsv('it is a PDF.');
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
    throw notCsv('it is UTF-16 text; save it as "CSV UTF-8".');
  if (chunk.subarray(0, 4096).includes(0)) throw notCsv('it contains NUL bytes (a binary file?).');
}
