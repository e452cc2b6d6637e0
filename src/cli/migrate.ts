// `gatehouse migrate`: bring the database schema up to date (serve does this at start-up too).
import type { Command } from 'commander';
import { loadConfig, type ConfigFlags } from '../config.js';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Kysely } from 'kysely';
import type { Io } from './io.js';

export function migrateCommand(program: Command, io: Io, flags: () => ConfigFlags): void {
  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(async () => {
      const config = loadConfig(flags());
      const handle = await connect(config.db, config.dbSchema);
      try {
        const applied = await migrateToLatest(
          handle.db as unknown as Kysely<unknown>,
          handle.dialect,
        );
        io.out(
          applied.length > 0
            ? `Applied migrations: ${applied.join(', ')}`
            : 'The database is up to date.',
        );
      } finally {
        await handle.close();
      }
    });
}
