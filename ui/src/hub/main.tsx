// The hub's entry: providers, router, and the rule that a session ending on the server means sign-in.
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Providers } from '../shared/providers';
import { pb } from './pb';
import { queryClient, setSessionEndedHandler } from './query-client';
import { createHubRouter } from './router';

const router = createHubRouter(queryClient);

setSessionEndedHandler(() => {
  if (!pb.authStore.token) return;
  pb.authStore.clear();
  queryClient.clear();
  const here = router.state.location.href;
  void router.navigate({
    to: '/sign-in',
    search: { redirect: here, reason: 'expired' },
    replace: true,
  });
});

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <Providers queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);
