// Invitation links of earlier versions pointed at `/#/invitation/<token>`; the hub uses browser
// history, so such a link opens `/` with a hash the server never sees. The hub's entry moves it to
// the invitation page before the router starts (a guest would otherwise be sent to sign-in).

/** The page an old `/#/invitation/<token>` link means, or null for any other address. */
export function legacyInvitationPath(location: { pathname: string; hash: string }): string | null {
  if (location.pathname !== '/') return null;
  const match = /^#\/invitation\/([^/?#]+)$/.exec(location.hash);
  return match?.[1] ? `/invitation/${match[1]}` : null;
}
