// The hub's entry: providers, router, and the rule that a session ending on the server means sign-in.
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Providers } from '../shared/providers';
import { legacyInvitationPath } from './import/legacy-link';
import { pb } from './pb';
import { queryClient, setSessionEndedHandler } from './query-client';
import { createHubRouter } from './router';

// An invitation link of an earlier version (/#/invitation/<token>) opens the invitation page.
const moved = legacyInvitationPath(window.location);
if (moved) window.history.replaceState(null, '', moved);

const router = createHubRouter(queryClient);

function sessionEnded(): void {
  if (!pb.authStore.token) return;
  pb.authStore.clear();
  queryClient.clear();
  const here = router.state.location.href;
  void router.navigate({
    to: '/sign-in',
    search: { redirect: here, reason: 'expired' },
    replace: true,
  });
}
setSessionEndedHandler(sessionEnded);
// Forms call the SDK directly, outside TanStack Query: a 401 there ends the session the same way
// (not an alert over a page that can no longer do anything). A revoked token is a guest to the
// server, which may answer a guest's write with 403 or 404: then ask whether the session still is.
let checking = false;
pb.afterSend = (response, data: unknown) => {
  if (response.status === 401) sessionEnded();
  else if (
    (response.status === 403 || response.status === 404) &&
    pb.authStore.token &&
    !checking
  ) {
    checking = true;
    void pb
      .collection('users')
      .authRefresh()
      .catch(() => undefined)
      .finally(() => {
        checking = false;
      });
  }
  return data;
};

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <Providers queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);
