// The CSV of a multipart/form-data upload, read through @fastify/multipart and streamed: the first
// file part (or a text part named "file"); parts before it are skipped, nothing is buffered.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, badRequest, uploadStalled } from '../errors.js';
import { watchUpload } from '../http/timeouts.js';

/** Registers the parser on the import's scope; the size limit is the import's own setting. */
export async function registerUploadParser(scope: FastifyInstance): Promise<void> {
  await scope.register(fastifyMultipart, {
    limits: { fileSize: Infinity, fieldSize: 1024 * 1024, fieldNameSize: 255 },
  });
}

const noFile = () =>
  badRequest('The multipart upload has no file; send the CSV in a part named "file".', {
    file: { code: 'validation_required', message: 'Missing file.' },
  });

/** The parser's refusals in the words the import always used. */
function uploadError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : '';
  if (/boundary/i.test(message))
    return badRequest('The multipart body has no boundary in its content type.');
  if (/unexpected end/i.test(message))
    return badRequest('The multipart upload ends in the middle of the file.');
  return badRequest(`The multipart body is malformed${message ? ` (${message})` : ''}.`);
}

/** Cut when nothing arrives for `idleMs` before the file part begins (as watchUpload after). */
function stalled(idleMs: number): { promise: Promise<never>; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(uploadStalled(idleMs));
    }, idleMs);
  });
  promise.catch(() => undefined);
  return {
    promise,
    clear: () => {
      clearTimeout(timer);
    },
  };
}

/**
 * The bytes of the uploaded file, watched for `idleMs` of silence. Nothing is read before the
 * first pull: the dry run decides who may import first, as for a text/csv body.
 */
export async function* multipartCsv(
  request: FastifyRequest,
  idleMs: number,
): AsyncGenerator<Buffer> {
  const parts = request.parts()[Symbol.asyncIterator]();
  let read = false;
  try {
    for (;;) {
      const watch = stalled(idleMs);
      const step = await Promise.race([parts.next(), watch.promise]).finally(watch.clear);
      if (step.done) throw noFile();
      const part = step.value;
      if (part.type === 'file') {
        yield* watchUpload(part.file, idleMs);
        read = true;
        return;
      }
      if (part.fieldname === 'file' && typeof part.value === 'string') {
        if (part.valueTruncated)
          throw badRequest('The text part "file" is over 1 MiB: send the CSV as a file part.', {
            file: { code: 'validation_file_size_limit', message: 'Send the CSV as a file.' },
          });
        yield Buffer.from(part.value);
        read = true;
        return;
      }
    }
  } catch (error) {
    throw uploadError(error);
  } finally {
    // Refused or stopped early (over the size limit): parse nothing more of what is left; the
    // answer goes out with Connection: close (timeouts.ts).
    if (!read) request.raw.unpipe();
  }
}
