// The services of one Gatehouse instance, wired over one database. HTTP and the CLI both use it.
import type { Config } from './config.js';
import { connectAndMigrate, type Db } from './db/connect.js';
import type { SqlDialect } from './db/dialect.js';
import { AuthService } from './accounts/auth.service.js';
import { type HashParams, OWASP_PARAMS, PasswordHasher } from './accounts/passwords.js';
import { SessionsService } from './accounts/sessions.service.js';
import { SetupService } from './accounts/setup.service.js';
import { SuperusersService } from './accounts/superusers.service.js';
import { UsersService } from './accounts/users.service.js';
import { SettingsService } from './settings/settings.service.js';
import { Directory } from './directory/directory.js';
import { RecordsService } from './records/records.service.js';
import { groupHooks } from './groups/groups.hooks.js';
import { userHooks } from './accounts/users.hooks.js';
import { roleHooks } from './roles/roles.hooks.js';
import { AccessQueryService } from './access-query/access-query.service.js';
import { MembershipsService } from './groups/memberships.service.js';
import { DirectoryReadsService } from './groups/directory-reads.service.js';
import { TokensService } from './tokens/tokens.service.js';
import { ImportsService } from './imports/imports.service.js';
import { ExportService } from './imports/export.service.js';
import { InvitationsService } from './accounts/invitations.service.js';
import { AuditService } from './audit/audit.service.js';
import { ServiceAccountsService } from './service-accounts/service-accounts.service.js';
import { ServiceAccountTokens } from './service-accounts/service-accounts.tokens.js';
import { SharingService } from './sharing/sharing.service.js';
import { AccessReviewService } from './review/review.service.js';

export interface Services {
  config: Config;
  db: Db;
  dialect: SqlDialect;
  hasher: PasswordHasher;
  settings: SettingsService;
  auth: AuthService;
  sessions: SessionsService;
  users: UsersService;
  superusers: SuperusersService;
  setup: SetupService;
  directory: Directory;
  records: RecordsService;
  accessQuery: AccessQueryService;
  review: AccessReviewService;
  memberships: MembershipsService;
  directoryReads: DirectoryReadsService;
  sharing: SharingService;
  tokens: TokensService;
  audit: AuditService;
  serviceAccounts: ServiceAccountsService;
  serviceAccountTokens: ServiceAccountTokens;
  imports: ImportsService;
  exports: ExportService;
  invitations: InvitationsService;
  close: () => Promise<void>;
}

export async function createServices(
  config: Config,
  options: { hashParams?: HashParams } = {},
): Promise<Services> {
  const handle = await connectAndMigrate(config.db, config.dbSchema);
  const { db } = handle;
  const hasher = new PasswordHasher(options.hashParams ?? OWASP_PARAMS);
  const settings = new SettingsService(db, {
    dialect: handle.dialect,
    connection: { url: config.db, schema: config.dbSchema },
  });
  const directory = new Directory(db, handle.dialect, config.shareAllSystems, {
    url: config.db,
    schema: config.dbSchema,
  });
  const records = new RecordsService(db, handle.dialect, directory);
  records.useHooks('groups', groupHooks(db));
  records.useHooks('users', userHooks(db));
  records.useHooks('roles', roleHooks(db));
  const audit = new AuditService(db, directory, settings);
  const users = new UsersService(db, settings, hasher, directory);
  const tokens = new TokensService(db, directory);
  return {
    config,
    db,
    dialect: handle.dialect,
    hasher,
    settings,
    auth: new AuthService(db, settings, hasher, (row, viewer, expand) =>
      records.presentRow(viewer, 'users', row, expand),
    ),
    sessions: new SessionsService(db, directory),
    users,
    superusers: new SuperusersService(db, settings, hasher),
    setup: new SetupService(db, settings, hasher, directory),
    directory,
    records,
    accessQuery: new AccessQueryService(db, directory, records),
    review: new AccessReviewService(db, directory),
    memberships: new MembershipsService(db, directory),
    directoryReads: new DirectoryReadsService(db, directory),
    sharing: new SharingService(db, directory),
    tokens,
    serviceAccounts: new ServiceAccountsService(db, directory, users),
    serviceAccountTokens: new ServiceAccountTokens(db, directory, tokens),
    audit,
    imports: new ImportsService(db, settings, hasher, directory, users),
    exports: new ExportService(db, directory),
    invitations: new InvitationsService(db, settings, hasher),
    close: async () => {
      audit.stop();
      await directory.stop();
      await settings.stop();
      await handle.close();
    },
  };
}
