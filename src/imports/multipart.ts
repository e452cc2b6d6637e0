// The file of a multipart/form-data upload, streamed: the first part with a filename (or named
// "file"), without buffering the body. Other parts are skipped.
import { badRequest } from '../errors.js';

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER = 16 * 1024;

export function boundaryOf(contentType: string): string {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || boundary.length > 200)
    throw badRequest('The multipart body has no boundary in its content type.');
  return boundary;
}

/** The bytes of the uploaded file inside `body`. */
export async function* multipartFile(
  body: AsyncIterable<Buffer | Uint8Array | string>,
  boundary: string,
): AsyncGenerator<Buffer> {
  // A leading CRLF lets the first delimiter be found like every other one.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buf: Buffer = CRLF;
  let state: 'preamble' | 'headers' | 'file' | 'skip' | 'done' = 'preamble';
  let found = false;
  for await (const raw of body) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw);
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    for (;;) {
      if (state === 'preamble' || state === 'skip' || state === 'file') {
        const at = buf.indexOf(delimiter);
        if (at === -1) {
          // Keep a tail that could be the start of the delimiter.
          const keep = Math.min(buf.length, delimiter.length - 1);
          if (state === 'file' && buf.length > keep) yield buf.subarray(0, buf.length - keep);
          buf = buf.subarray(buf.length - keep);
          break;
        }
        if (state === 'file') {
          if (at > 0) yield buf.subarray(0, at);
          state = 'done';
          break;
        }
        buf = buf.subarray(at + delimiter.length);
        state = 'headers';
        continue;
      }
      // headers: "--" ends the body; otherwise CRLF, header lines, blank line.
      if (buf.length < 2) break;
      if (buf[0] === 0x2d && buf[1] === 0x2d) {
        state = 'done';
        break;
      }
      const end = buf.indexOf(HEADER_END);
      if (end === -1) {
        if (buf.length > MAX_HEADER) throw badRequest('A multipart part has over-long headers.');
        break;
      }
      const headers = buf.subarray(0, end).toString('utf8');
      buf = buf.subarray(end + HEADER_END.length);
      const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
      const isFile =
        /\bfilename\*?=/i.test(disposition) || /\bname="?file"?(;|$|\s)/i.test(disposition);
      if (isFile && !found) {
        found = true;
        state = 'file';
      } else {
        state = 'skip';
      }
    }
    if (state === 'done') break;
  }
  if (!found)
    throw badRequest('The multipart upload has no file; send the CSV in a part named "file".', {
      file: { code: 'validation_required', message: 'Missing file.' },
    });
  if (state === 'file') throw badRequest('The multipart upload ends in the middle of the file.');
}
