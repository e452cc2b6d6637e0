// Output and error handling shared by every command: one line on stderr and a non-zero exit code.
import { AppError } from '../errors.js';
import { type Actor, CLI } from '../access/index.js';
import { loadConfig, type Config, type ConfigFlags } from '../config.js';
import { createServices, type Services } from '../services.js';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Raw output (exports); resolves when the chunk may be followed by the next. */
  write?: (chunk: string) => Promise<void>;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  write: (chunk) =>
    new Promise((resolve, reject) => {
      process.stdout.write(chunk, (error) => {
        if (error) reject(error);
        else resolve();
      });
    }),
};

/** Thrown by commands to end with an exit code after printing. */
export class ExitError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const CLI_ACTOR: Actor = { principal: CLI, ip: '', userAgent: 'gatehouse-cli' };

/** One line describing `error` for a terminal: field errors included, no stack traces. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) {
    const fields = Object.entries(error.data).map(([field, e]) => `${field}: ${e.message}`);
    return fields.length > 0 && !error.message.includes(fields[0] ?? '')
      ? `${error.message} (${fields.join('; ')})`
      : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Runs `body` with the services over the configured database, closing it afterwards. */
export async function withServices<T>(
  flags: ConfigFlags,
  body: (services: Services, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig(flags);
  const services = await createServices(config);
  try {
    return await body(services, config);
  } finally {
    await services.close();
  }
}
