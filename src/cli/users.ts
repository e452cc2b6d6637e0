// `gatehouse users import|export`: the CSV import (dry run, report, confirm) and the export, through
// the same services as HTTP, acting as the `cli` principal.
import fs from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { ConfigFlags } from '../config.js';
import { exportQuerySchema, importOptionsSchema } from '../imports/imports.schema.js';
import type { DryRun, ImportResult } from '../imports/imports.service.js';
import { parseInput } from '../lib/validation.js';
import { CLI_ACTOR, ExitError, type Io, processIo, withServices } from './io.js';

const SHOWN_ROWS = 50;

export function usersCommand(program: Command, io: Io, flags: () => ConfigFlags): void {
  const users = program.command('users').description('Import and export user accounts');

  users
    .command('import')
    .description(
      'Import users from a CSV file (name,email,groups[,role][,password]); dry run first',
    )
    .argument('<file>', 'the CSV file (UTF-8, comma-separated, with a header line)')
    .option('--dry-run', 'only check the file and print what would happen')
    .option('-y, --yes', 'apply without asking')
    .addOption(
      new Option('--on-existing <mode>', 'an email that already has an account')
        .choices(['skip', 'update'])
        .default('skip'),
    )
    .addOption(
      new Option('--on-unknown-group <mode>', 'a group path that does not exist')
        .choices(['error', 'create'])
        .default('error'),
    )
    .option('--no-invite', 'no set-password invitation links for new users without a password')
    .option(
      '--public-url <url>',
      'where users reach the server: invitation links start with it (env GATEHOUSE_PUBLIC_URL)',
    )
    .action(
      async (
        file: string,
        opts: {
          dryRun?: boolean;
          yes?: boolean;
          onExisting: string;
          onUnknownGroup: string;
          invite: boolean;
          publicUrl?: string;
        },
      ) => {
        let size: number;
        try {
          size = fs.statSync(file).size;
        } catch {
          throw new ExitError(1, `Cannot read "${file}".`);
        }
        await withServices({ ...flags(), publicUrl: opts.publicUrl }, async (services, config) => {
          const bar = progressBar(io, size);
          let dry: DryRun;
          try {
            dry = await services.imports.dryRun(
              CLI_ACTOR,
              fs.createReadStream(file),
              parseInput(
                importOptionsSchema,
                {
                  onExisting: opts.onExisting,
                  onUnknownGroup: opts.onUnknownGroup,
                  invite: opts.invite,
                },
                'Invalid import options.',
              ),
              { onBytes: bar.update },
            );
          } finally {
            bar.done();
          }
          await report(io, dry, async () => {
            const page = await services.imports.rows(CLI_ACTOR, dry.id, {
              page: 1,
              action: 'error',
              perPage: SHOWN_ROWS,
            });
            return page.items;
          });
          if (dry.summary.error > 0)
            throw new ExitError(
              1,
              `${dry.summary.error} row(s) have errors; nothing was imported. Fix the file and run again.`,
            );
          if (opts.dryRun) {
            io.out('Dry run: nothing was written.');
            return;
          }
          if (!opts.yes && !(await ask(io, 'Apply this import? [y/N] '))) {
            throw new ExitError(1, 'Not applied (confirm with --yes, or answer y).');
          }
          const result = await services.imports.confirm(CLI_ACTOR, dry.id, {}, config.publicUrl);
          printResult(io, result, config.publicUrl !== '');
        });
      },
    );

  users
    .command('export')
    .description('Export every user as CSV (formula-safe) or JSON, to stdout or --output')
    .addOption(
      new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'),
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (opts: { format: string; output?: string }) => {
      await withServices(flags(), async (services) => {
        const out = await services.exports.exportUsers(
          CLI_ACTOR,
          parseInput(exportQuerySchema, { format: opts.format }, 'Invalid export options.'),
        );
        if (opts.output) {
          const stream = fs.createWriteStream(opts.output);
          for await (const chunk of out.chunks) {
            if (!stream.write(chunk))
              await new Promise<void>((r) => {
                stream.once('drain', () => {
                  r();
                });
              });
          }
          await new Promise<void>((resolve, reject) => {
            stream.end(() => {
              resolve();
            });
            stream.once('error', reject);
          });
          io.err(`Exported users to ${opts.output}.`);
        } else if (io === processIo) {
          for await (const chunk of out.chunks) {
            if (!process.stdout.write(chunk))
              await new Promise<void>((r) => {
                process.stdout.once('drain', () => {
                  r();
                });
              });
          }
        } else {
          for await (const chunk of out.chunks) io.out(chunk.replace(/\r?\n$/, ''));
        }
      });
    });
}

async function report(io: Io, dry: DryRun, errorRows: () => Promise<DryRun['rows']>) {
  const s = dry.summary;
  io.out(
    `${s.rows} rows: ${s.create} to create, ${s.update} to update, ${s.skip} to skip, ${s.error} with errors.`,
  );
  if (dry.ignoredColumns.length > 0) io.out(`Ignored columns: ${dry.ignoredColumns.join(', ')}.`);
  if (s.error > 0) {
    for (const row of await errorRows())
      io.out(`  line ${row.line} (${row.email || 'no email'}): ${row.reasons.join('; ')}`);
    if (s.error > SHOWN_ROWS) io.out(`  … and ${s.error - SHOWN_ROWS} more.`);
  }
}

function printResult(io: Io, result: ImportResult, absolute: boolean) {
  io.out(
    `Imported: ${result.created} created, ${result.updated} updated, ${result.skipped} skipped.`,
  );
  if (result.groupsCreated.length > 0)
    io.out(`Groups created: ${result.groupsCreated.join(', ')}.`);
  if (result.invitations.length > 0) {
    io.out(
      absolute
        ? 'Invitation links (each works once):'
        : 'Invitation links (append to the server URL, or pass --public-url; each works once):',
    );
    for (const i of result.invitations) io.out(`  ${i.email}: ${i.link}`);
  }
}

async function ask(io: Io, question: string): Promise<boolean> {
  if (io !== processIo || !process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** A progress bar on stderr when it is a terminal; nothing otherwise. */
function progressBar(io: Io, total: number) {
  const tty = io === processIo && process.stderr.isTTY;
  let last = -1;
  return {
    update: (bytes: number) => {
      if (!tty || total === 0) return;
      const share = Math.min(1, bytes / total);
      const percent = Math.floor(share * 100);
      if (percent === last) return;
      last = percent;
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(
        `\rReading [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}%`,
      );
    },
    done: () => {
      if (tty && last >= 0) process.stderr.write('\r\x1b[K');
    },
  };
}
