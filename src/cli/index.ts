// The `gatehouse` command line: global options, one file per command, errors as one line.
import { Command, CommanderError } from 'commander';
import type { ConfigFlags } from '../config.js';
import { describeError, type Io, processIo } from './io.js';
import { migrateCommand } from './migrate.js';
import { serveCommand } from './serve.js';
import { superuserCommand } from './superuser.js';
import { usersCommand } from './users.js';
import { auditCommand } from './audit.js';

export function buildProgram(io: Io = processIo): Command {
  const program = new Command('gatehouse')
    .description('Gatehouse: a self-hosted users & access hub with a PocketBase-compatible API')
    .option('--dir <path>', 'data directory (env GATEHOUSE_DIR)', undefined)
    .option(
      '--db <url>',
      'sqlite:<file> or postgres://… (env GATEHOUSE_DB; default sqlite in --dir)',
    )
    .option('--db-schema <name>', 'PostgreSQL schema to use (env GATEHOUSE_DB_SCHEMA)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => {
        io.out(text.replace(/\n$/, ''));
      },
      writeErr: (text) => {
        io.err(text.replace(/\n$/, ''));
      },
    });
  const flags = (): ConfigFlags => program.opts<ConfigFlags>();
  serveCommand(program, io, flags);
  migrateCommand(program, io, flags);
  superuserCommand(program, io, flags);
  usersCommand(program, io, flags);
  auditCommand(program, io, flags);
  for (const command of program.commands) applyExitOverride(command);
  return program;
}

function applyExitOverride(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) applyExitOverride(sub);
}

/** Runs the CLI and returns its exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message (or the help) already.
      return error.exitCode === 0 ? 0 : 2;
    }
    io.err(`Error: ${describeError(error)}`);
    return 1;
  }
}
