// The hub's pocketbase client (its sign-in is kept apart from the console's) and its typed calls.
import { createClient } from '../shared/pb';

export const pb = createClient('gatehouse_auth');

/** The signed-in user as the auth store holds it. */
export interface HubUser {
  id: string;
  email: string;
  name: string;
}

export function currentUser(): HubUser | null {
  const record = pb.authStore.record;
  if (!record || !pb.authStore.isValid) return null;
  return {
    id: record.id,
    email: typeof record.email === 'string' ? record.email : '',
    name: typeof record.name === 'string' ? record.name : '',
  };
}

export const setupQuery = {
  queryKey: ['setup'],
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    pb.send<{ firstRun: boolean; passwordMinLength: number }>('/api/setup', { signal }),
  staleTime: 60_000,
};

/** Ends this browser's session on the server (best effort) and forgets it here. */
export async function signOut(): Promise<void> {
  try {
    const { items } = await pb.send<{ items: { id: string; current: boolean }[] }>(
      '/api/sessions',
      {},
    );
    const current = items.find((s) => s.current);
    if (current) await pb.send(`/api/sessions/${current.id}`, { method: 'DELETE' });
  } catch {
    // Already gone or unreachable: forgetting the token here is what matters.
  }
  pb.authStore.clear();
}
