// Who runs the access review (GET/POST /api/access/review): it lists stale accounts, tokens,
// privileged users and ownerless service accounts, and its remedies disable and revoke — the work
// of admin:users.manage. Operators may; a scoped token only when its scopes name that grant
// (`grantFor` narrows every hasAdmin by the token's scopes).
import { type AccessSnapshot, hasAdmin } from './grants.js';
import { type Decision, allowIf, deny } from './decision.js';
import { isOperator, type Principal } from './principal.js';

export function mayReviewAccess(p: Principal, s: AccessSnapshot): Decision {
  if (p.type === 'guest')
    return deny('The request requires valid record authorization token.', 401);
  return allowIf(
    isOperator(p) || hasAdmin(p, s, ['users.manage']),
    'The access review needs admin.users.manage.',
  );
}
