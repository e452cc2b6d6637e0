// multipart/form-data bodies (the pocketbase SDK's FormData) read through @fastify/multipart:
// the text fields in order and the names of the file parts; bounded, and no file is ever stored.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, formError } from '../errors.js';

/** The whole body (as JSON bodies), its parts, and a field name; part headers are busboy's. */
export const FORM_LIMITS = {
  bytes: 1024 * 1024,
  parts: 1000,
  nameBytes: 255,
} as const;

export interface FormParts {
  /** Every text part in the order it came: names repeat for multi-value fields. */
  fields: { name: string; value: string }[];
  /** The names of the file parts (their bytes are read and dropped). */
  files: string[];
}

const tooLarge = () =>
  new AppError(
    413,
    'body_too_large',
    `The request body is too large: a multipart body holds at most ${FORM_LIMITS.bytes / 1024 / 1024} MiB in ${FORM_LIMITS.parts} parts.`,
  );

/**
 * Registers the multipart parser on `scope` only: routes elsewhere keep their own parsers (the CSV
 * import streams its multipart upload through a route-scoped catch-all parser, which a parser for
 * multipart/form-data on the root would take precedence over).
 */
export async function registerFormBodies(scope: FastifyInstance): Promise<void> {
  await scope.register(fastifyMultipart, {
    limits: {
      fieldNameSize: FORM_LIMITS.nameBytes,
      fieldSize: FORM_LIMITS.bytes,
      fileSize: FORM_LIMITS.bytes,
      parts: FORM_LIMITS.parts,
      fields: FORM_LIMITS.parts,
      files: FORM_LIMITS.parts,
    },
    throwFileSizeLimit: true,
  });
}

/**
 * Reads a multipart body: refused with a 413 as soon as it is declared or found to be over
 * FORM_LIMITS (counted on the wire, chunked bodies too), a 400 when it is malformed.
 */
export async function readForm(request: FastifyRequest): Promise<FormParts> {
  if (Number(request.headers['content-length']) > FORM_LIMITS.bytes) throw tooLarge();
  const form: FormParts = { fields: [], files: [] };
  const parts = request.parts()[Symbol.asyncIterator]();
  // The first next() pipes the request into the parser; count what flows from then on.
  let next = parts.next();
  let received = 0;
  let fail: (error: AppError) => void = () => undefined;
  const overflow = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  overflow.catch(() => undefined);
  /** `step`, unless the body goes over the limit first. */
  const bounded = <T>(step: Promise<T>) => Promise.race([step, overflow]);
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received > FORM_LIMITS.bytes) fail(tooLarge());
  };
  request.raw.on('data', count);
  try {
    for (;;) {
      const step = await bounded(next);
      if (step.done) break;
      const part = step.value;
      if (part.type === 'file') {
        form.files.push(part.fieldname);
        // Read and dropped: the parser moves on only once a file part is consumed.
        const drained = drain(part.file);
        drained.catch(() => undefined);
        await bounded(drained);
        if (part.file.truncated) throw tooLarge();
      } else {
        if (part.valueTruncated) throw tooLarge();
        if (part.fieldnameTruncated) {
          throw formError(`A multipart field name is longer than ${FORM_LIMITS.nameBytes} bytes.`);
        }
        // A part declared application/json arrives parsed; its text is what PocketBase reads.
        const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
        form.fields.push({ name: part.fieldname, value });
      }
      next = parts.next();
    }
  } catch (error) {
    // Stop parsing what is left (nothing more is queued in memory); the answer goes out with
    // Connection: close when the body has not all arrived (timeouts.ts).
    request.raw.unpipe();
    next.catch(() => undefined);
    throw unreadableForm(error);
  } finally {
    request.raw.off('data', count);
  }
  return form;
}

/** Reads a stream to its end, keeping nothing. */
async function drain(file: AsyncIterable<unknown>): Promise<void> {
  const chunks = file[Symbol.asyncIterator]();
  while (!(await chunks.next()).done);
}

/** The parser's refusals in our error shape: limits are 413, anything malformed a 400. */
function unreadableForm(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const { code, statusCode } = error as { code?: string; statusCode?: number };
  if (statusCode === 413) return tooLarge();
  if (code === 'FST_PROTO_VIOLATION') {
    return formError('A multipart field name is not allowed.');
  }
  if (code === 'FST_INVALID_JSON_FIELD_ERROR') {
    return formError('A multipart field declared as application/json is not valid JSON.');
  }
  const detail = error instanceof Error ? error.message : '';
  return new AppError(
    400,
    'invalid_form',
    `The multipart body is malformed${detail ? ` (${detail})` : ''}.`,
  );
}
