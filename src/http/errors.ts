// Turns every error into PocketBase's shape `{status, message, data}`; never leaks internals.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { isInvalidTextError, isUniqueViolation } from '../db/dialect.js';
import { z } from 'zod';
import { AppError, frameworkCode, internalError } from '../errors.js';
import { zodToAppError } from '../lib/validation.js';

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return zodToAppError(error);
  if (isUniqueViolation(error)) {
    // A race past a service's own uniqueness check: still the caller's conflict, not a crash.
    return new AppError(
      400,
      'validation_not_unique',
      'A record with the same unique value already exists.',
    );
  }
  if (isInvalidTextError(error)) {
    return new AppError(
      400,
      'invalid_text',
      'The request contains characters that cannot be stored (such as NUL).',
    );
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message =
      fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'Unsupported content type; send application/json.'
        : fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'The request body is too large.'
          : status === 400
            ? `Invalid request: ${fastifyError.message ?? 'bad input'}`
            : (fastifyError.message ?? 'Bad request.');
    return new AppError(status, frameworkCode(fastifyError.code), message);
  }
  return internalError();
}

export function sendError(reply: FastifyReply, error: AppError): void {
  void reply
    .status(error.status)
    .headers(error.headers)
    .send({ status: error.status, message: error.message, data: error.data });
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) {
      request.log.error({ err: error }, 'request failed');
      if (process.env.GATEHOUSE_DEBUG_ERRORS) console.error(error);
    }
    sendError(reply, appError);
  });
  app.setNotFoundHandler((_request, reply) => {
    void reply
      .status(404)
      .send({ status: 404, message: "The requested resource wasn't found.", data: {} });
  });
}
