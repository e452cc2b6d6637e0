// The hub's TanStack Query client: a 401 from any call ends the session and goes to sign-in.
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isUnauthorized } from '../shared/pb';

/** Called when the server says the session is over (expired, revoked, account disabled). */
let onSessionEnded: () => void = () => undefined;
export function setSessionEndedHandler(handler: () => void): void {
  onSessionEnded = handler;
}

function check(error: unknown): void {
  if (isUnauthorized(error)) onSessionEnded();
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: check }),
  mutationCache: new MutationCache({ onError: check }),
  defaultOptions: {
    queries: {
      retry: (count, error) => !isUnauthorized(error) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});
