// The barrel of access/: every decision and type other folders use. Pure, no I/O; other folders
// import from here, files inside access/ import each other directly.

// Who acts (principal.ts) and what every decision reads (grants.ts).
export {
  CLI,
  GUEST,
  SYSTEM,
  canAdministerInstance,
  isAuthenticated,
  isOperator,
  isSuperuser,
} from './principal.js';
export type { AccountCollection, Actor, Principal } from './principal.js';
export { hasAdmin } from './grants.js';
export type { AccessSnapshot } from './grants.js';

// The index of effective permissions (access-index.ts), the index with a change applied
// (overlay.ts), and what every directory change must keep (directory-guard.ts).
export { AccessIndex } from './access-index.js';
export type { GroupData, RoleData, UserData } from './access-index.js';
export { DirectoryOverlay } from './overlay.js';
export { checkDirectoryChange } from './directory-guard.js';
export type { GuardResult } from './directory-guard.js';
// What-if previews: a proposed change on an overlay, who gains and loses what, who may preview it.
export { diffAccess, overlayOf } from './preview.js';
export type { AccessDiff, GrantLine, LevelLine, ProposedChange } from './preview.js';
export { mayProposeGroup, mayProposeRole } from './preview-guard.js';
export { BUILTIN_ROLES } from './builtin-roles.js';

// Directory reads for the admin screens (groups tree, a role's holders).
export { mayReadGroupTree, mayReadRoleHolders } from './directory-reads.js';

// Records: which records of a collection a principal may act on, as a scope rule.
export {
  creatorDefaults,
  mayAssignOwner,
  mayDescribeCollection,
  mayFilterBy,
  mayFilterHiddenFields,
  maySeeEmail,
  recordAccess,
  referenceMustBeVisible,
  viewRule,
} from './records.js';
export type { ParentRule, RecordAction, ScopeRule } from './records.js';

// Sharing member-mode records: who may share, whom a search may match, who has access and how.
export {
  describeAccess,
  emailSearch,
  groupRef,
  mayShare,
  mayShareRecords,
  reachedThroughGroups,
  shareFields,
} from './sharing.js';
export type {
  AccessEntry,
  GroupRef,
  RecordAccessView,
  ShareFields,
  ShareUser,
  Via,
} from './sharing.js';

// Accounts, levels and roles: who sees and changes which account, who assigns and defines which role.
export {
  canExportUsers,
  canImportCreateGroups,
  canImportUsers,
  canManageUsers,
  canViewUser,
  editableUserFields,
  mayExportUsers,
  mayImportUsers,
  mayManageEach,
  mayManageSessionsOf,
  mayManageUsers,
  needsOldPassword,
  readsDirectory,
  ownsImport,
} from './users.js';
export { mayChangeMembers, mayGiveGroupRoles, mayJoinGroups } from './groups.js';
export { mayAssignLevel, mayManageUser } from './levels.js';
export { mayDefineRole } from './roles.js';

// Service accounts and API tokens.
export {
  canCreateServiceAccounts,
  canListAllServiceAccounts,
  canRevokeServiceAccountTokens,
  canViewServiceAccount,
  canViewServiceAccountTokens,
  editableServiceAccountFields,
  mayAdministerServiceAccount,
  mayMintServiceAccountToken,
} from './service-accounts.js';
export type { ServiceAccountRef } from './service-accounts.js';
export {
  canListAllTokens,
  canSeeToken,
  firstScopeNotHeld,
  mayListTokensOf,
  mayRevokeToken,
  revocationOnChange,
  tokenAllows,
} from './tokens.js';
export type { RevokeReason } from './tokens.js';

// The console: from which addresses superuser accounts may be used.
export { mayUseConsole, parseCidr } from './console.js';
export type { ConsoleUse } from './console.js';

// The decision API: who may ask about whose access.
export { askingAboutSelf, canUseDecisionApi, mayExplainFor } from './access-query.js';
export { mayReviewAccess } from './review.js';

// The audit log, and explaining a decision.
export { canPurgeAudit, canViewAudit } from './audit.js';
export { grantReasons, recordReasons } from './explain.js';
export type { Reason, RecordFacts } from './explain.js';
