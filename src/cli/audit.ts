// `gatehouse audit …`: verify the hash chain, export entries, purge past the retention setting.
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { ConfigFlags } from '../config.js';
import type { VerifyReport } from '../audit/audit.service.js';
import type { ChainBreak } from '../audit/chain.js';
import { auditExportSchema } from '../audit/audit.schema.js';
import { parseInput } from '../lib/validation.js';
import { CLI_ACTOR, ExitError, type Io, withServices } from './io.js';

export function auditCommand(program: Command, io: Io, flags: () => ConfigFlags): void {
  const audit = program.command('audit').description('Verify, export and purge the audit log');

  audit
    .command('verify')
    .description('Walk the hash chain; exit 1 listing every broken entry with its reason')
    .action(async () => {
      const report = await withServices(flags(), (services) =>
        services.audit.verify(CLI_ACTOR.principal),
      );
      if (!report.ok) throw new ExitError(1, brokenChainMessage(report));
      io.out(`Audit chain intact: ${report.checked} entries verified.`);
    });

  audit
    .command('export')
    .description('Write entries (oldest first) as CSV or JSON to stdout or --out')
    .option('--format <format>', 'csv or json', 'json')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--from <time>', 'entries at or after this time')
    .option('--to <time>', 'entries before this time')
    .option('--actor <id|email>', 'one actor')
    .option('--action <action>', 'an action, or a prefix ending in *')
    .option('--target-type <type>', 'a target type')
    .option('--target-id <id>', 'a target id')
    .option('--result <result>', 'success or failure')
    .action(async (options: Record<string, string | undefined>) => {
      const { out, ...filters } = options;
      const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
      await withServices(flags(), async (services) => {
        const { stream } = await services.audit.export(
          CLI_ACTOR,
          parseInput(auditExportSchema, query, 'Invalid audit export.'),
        );
        if (out) {
          await pipeline(stream, fs.createWriteStream(out));
          io.out(`Exported the audit log to ${out}.`);
          return;
        }
        for await (const chunk of stream) {
          const text = String(chunk);
          if (io.write) await io.write(text);
          else io.out(text.replace(/\r?\n$/, ''));
        }
      });
    });

  audit
    .command('purge')
    .description('Delete entries older than the retention setting (audit.retentionDays) now')
    .action(async () => {
      const { deleted, before } = await withServices(flags(), (services) =>
        services.audit.purge(CLI_ACTOR),
      );
      io.out(`Purged ${deleted} audit entries older than ${before}.`);
    });
}

const entryName = ({ seq, id }: ChainBreak) => `#${seq}${id ? ` (${id})` : ''}`;

/** The first broken entry on the first line (as before), then every listed one, one per line. */
export function brokenChainMessage(report: VerifyReport): string {
  const { broken, brokenEntries, brokenCount, checked } = report;
  const lines = [
    broken
      ? `Audit chain broken at entry ${entryName(broken)}: ${broken.reason}.`
      : 'Audit chain broken.',
    `Broken entries: ${brokenCount} of ${checked} checked.`,
    ...brokenEntries.map((entry) => `  ${entryName(entry)}: ${entry.reason}`),
  ];
  if (brokenCount > brokenEntries.length) {
    lines.push(
      `  … and ${brokenCount - brokenEntries.length} more (only the first ${brokenEntries.length} are listed).`,
    );
  }
  return lines.join('\n');
}
