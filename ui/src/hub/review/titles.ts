// The access review's list names as the page shows them (also naming the counts recorded).
export const LIST_TITLES = {
  inactiveAccounts: 'Accounts with no sign-in',
  disabledWithTokens: 'Disabled accounts with live tokens',
  tokensNeverUsed: 'Tokens never used',
  tokensUnused: 'Tokens unused',
  tokensWithoutExpiry: 'Tokens without expiry',
  tokensExpiringSoon: 'Tokens expiring soon',
  privilegedUsers: 'Privileged users',
  emptyGroups: 'Groups without members',
  unownedServiceAccounts: 'Service accounts without an owner',
} as const;
