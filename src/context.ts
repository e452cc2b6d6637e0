// The services of one Gatehouse instance, wired over one database. HTTP and the CLI both use it.
import type { Config } from './config.js';
import { connectAndMigrate, type Db } from './db/connect.js';
import type { DialectName } from './db/dialect.js';
import { AuthService } from './accounts/auth.service.js';
import { type HashParams, OWASP_PARAMS, PasswordHasher } from './accounts/passwords.js';
import { SessionsService } from './accounts/sessions.service.js';
import { SetupService } from './accounts/setup.service.js';
import { SuperusersService } from './accounts/superusers.service.js';
import { UsersService } from './accounts/users.service.js';
import { SettingsService } from './settings/settings.service.js';
import { AccessService } from './directory/access.service.js';
import { RecordsService } from './records/records.service.js';
import { groupHooks, roleHooks } from './directory/directory.hooks.js';
import { AccessQueryService } from './directory/access-query.service.js';
import { MembershipsService } from './directory/memberships.service.js';
import { TokensService } from './tokens/tokens.service.js';
import { ImportsService } from './imports/imports.service.js';
import { ExportService } from './imports/export.service.js';
import { InvitationsService } from './imports/invitations.service.js';
import { AuditService } from './audit/audit.service.js';
import { ServiceAccountsService } from './service-accounts/service-accounts.service.js';

export interface AppContext {
  config: Config;
  db: Db;
  dialect: DialectName;
  hasher: PasswordHasher;
  settings: SettingsService;
  auth: AuthService;
  sessions: SessionsService;
  users: UsersService;
  superusers: SuperusersService;
  setup: SetupService;
  access: AccessService;
  records: RecordsService;
  accessQuery: AccessQueryService;
  memberships: MembershipsService;
  tokens: TokensService;
  audit: AuditService;
  serviceAccounts: ServiceAccountsService;
  imports: ImportsService;
  exports: ExportService;
  invitations: InvitationsService;
  close: () => Promise<void>;
}

export async function createContext(
  config: Config,
  options: { hashParams?: HashParams } = {},
): Promise<AppContext> {
  const handle = await connectAndMigrate(config.db, config.dbSchema);
  const { db } = handle;
  const hasher = new PasswordHasher(options.hashParams ?? OWASP_PARAMS);
  const settings = new SettingsService(db);
  const access = new AccessService(db, handle.dialect, config.shareAllSystems, {
    url: config.db,
    schema: config.dbSchema,
  });
  const records = new RecordsService(db, handle.dialect, access);
  records.useHooks('groups', groupHooks(db));
  records.useHooks('roles', roleHooks(db));
  const audit = new AuditService(db, access, settings);
  const users = new UsersService(db, settings, hasher, access);
  const tokens = new TokensService(db, access);
  return {
    config,
    db,
    dialect: handle.dialect,
    hasher,
    settings,
    auth: new AuthService(db, settings, hasher, (row, viewer, expand) =>
      records.presentRow(viewer, 'users', row, expand),
    ),
    sessions: new SessionsService(db),
    users,
    superusers: new SuperusersService(db, settings, hasher),
    setup: new SetupService(db, settings, hasher, access),
    access,
    records,
    accessQuery: new AccessQueryService(db, access, records),
    memberships: new MembershipsService(db, access),
    tokens,
    serviceAccounts: new ServiceAccountsService(db, access, users, tokens),
    audit,
    imports: new ImportsService(db, settings, hasher, access, users),
    exports: new ExportService(db, access),
    invitations: new InvitationsService(db, settings, hasher),
    close: async () => {
      audit.stop();
      await access.stop();
      await handle.close();
    },
  };
}
