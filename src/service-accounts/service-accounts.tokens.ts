// A service account's API tokens (SPEC §7): listed, minted (the secret in that answer only) and
// revoked by whoever access/service-accounts.ts allows; the tokens themselves are TokensService's.
import {
  type Actor,
  canRevokeServiceAccountTokens,
  canViewServiceAccount,
  canViewServiceAccountTokens,
  mayMintServiceAccountToken,
} from '../access/index.js';
import type { Db } from '../db/connect.js';
import { AppError, forbidden, refuse } from '../errors.js';
import type { Directory } from '../directory/directory.js';
import type { TokensService } from '../tokens/tokens.service.js';
import type { TokenCreate, TokenView } from '../tokens/tokens.schema.js';
import { type Visible, loadServiceAccount, refOf } from './service-accounts.load.js';

export class ServiceAccountTokens {
  constructor(
    private readonly db: Db,
    private readonly directory: Directory,
    private readonly tokens: TokensService,
  ) {}

  async list(actor: Actor, id: string): Promise<TokenView[]> {
    await this.load(actor, id, canViewServiceAccountTokens);
    return this.tokens.listOf(id);
  }

  /**
   * Mints a token for the account; the secret is in this answer only. Not while it is disabled:
   * disabling revoked its tokens for good, and a new one would come alive when it is enabled.
   */
  async mint(actor: Actor, id: string, input: TokenCreate) {
    const { row, snapshot } = await this.load(actor, id, canViewServiceAccount);
    const check = mayMintServiceAccountToken(actor.principal, snapshot, refOf(row));
    if (!check.ok) throw refuse(check);
    if (row.status !== 'active')
      throw new AppError(
        400,
        'validation_disabled',
        'The service account is disabled; enable it before minting tokens.',
      );
    return this.tokens.issue(actor, id, input);
  }

  async revoke(actor: Actor, id: string, tokenId: string): Promise<void> {
    const { row, snapshot } = await this.load(actor, id, canViewServiceAccountTokens);
    if (!canRevokeServiceAccountTokens(actor.principal, snapshot, refOf(row)))
      throw forbidden("Revoking a service account's tokens needs its owner or admin.users.manage.");
    await this.tokens.revokeOf(actor, id, tokenId);
  }

  private load(actor: Actor, id: string, visible: Visible) {
    return loadServiceAccount(this.db, this.directory, actor, id, visible);
  }
}
