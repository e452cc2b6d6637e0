// `gatehouse superuser …`: manage console accounts against the configured database (as PocketBase).
import type { Command } from 'commander';
import type { ConfigFlags } from '../config.js';
import { CLI_ACTOR, type Io, withServices } from './io.js';

export function superuserCommand(program: Command, io: Io, flags: () => ConfigFlags): void {
  const superuser = program
    .command('superuser')
    .description(
      'Manage superuser (console) accounts. Never changes the user account of the same email.',
    );

  superuser
    .command('upsert')
    .description('Create the superuser, or set its password if the email exists')
    .argument('<email>')
    .argument('<password>')
    .action(async (email: string, password: string) => {
      const result = await withServices(flags(), (services) =>
        services.superusers.upsert(CLI_ACTOR, email, password),
      );
      io.out(
        `Successfully ${result === 'created' ? 'created' : 'updated'} superuser "${email.trim().toLowerCase()}".`,
      );
    });

  superuser
    .command('create')
    .description('Create a new superuser (fails if the email exists)')
    .argument('<email>')
    .argument('<password>')
    .action(async (email: string, password: string) => {
      await withServices(flags(), (services) =>
        services.superusers.create(CLI_ACTOR, email, password),
      );
      io.out(`Successfully created superuser "${email.trim().toLowerCase()}".`);
    });

  superuser
    .command('update')
    .description("Change an existing superuser's password (fails if missing)")
    .argument('<email>')
    .argument('<password>')
    .action(async (email: string, password: string) => {
      await withServices(flags(), (services) =>
        services.superusers.update(CLI_ACTOR, email, password),
      );
      io.out(`Successfully changed superuser "${email.trim().toLowerCase()}" password.`);
    });

  superuser
    .command('delete')
    .description('Delete a superuser (no error if it does not exist)')
    .argument('<email>')
    .action(async (email: string) => {
      const deleted = await withServices(flags(), (services) =>
        services.superusers.delete(CLI_ACTOR, email),
      );
      io.out(
        deleted
          ? `Successfully deleted superuser "${email.trim().toLowerCase()}".`
          : `Superuser "${email.trim().toLowerCase()}" does not exist; nothing to delete.`,
      );
    });

  superuser
    .command('otp')
    .description('Make a one-time console sign-in code (valid 180 s)')
    .argument('<email>')
    .action(async (email: string) => {
      const otp = await withServices(flags(), (services) =>
        services.superusers.otp(CLI_ACTOR, email),
      );
      io.out(`One-time code for "${email.trim().toLowerCase()}": ${otp.code}`);
      io.out(`otpId: ${otp.otpId} (valid until ${otp.expires})`);
      io.out(
        'Sign in with POST /api/collections/_superusers/auth-with-otp {"otpId", "password": code}.',
      );
    });

  superuser
    .command('ips')
    .description(
      'Restrict superuser access to these IPs or CIDR blocks; no arguments clears the list',
    )
    .argument('[ips...]')
    .action(async (ips: string[]) => {
      const list = await withServices(flags(), (services) =>
        services.superusers.setAllowedIps(CLI_ACTOR, ips),
      );
      io.out(
        list.length === 0
          ? 'Superuser access is allowed from any IP address.'
          : `Superuser access is allowed only from: ${list.join(', ')}`,
      );
    });
}
