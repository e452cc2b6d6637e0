// The pocketbase SDK clients: one per app, each with its own auth store (hub and console share an origin).
import PocketBase, { ClientResponseError, LocalAuthStore } from 'pocketbase';

/** A client for this origin whose sign-in is kept under `storageKey` in localStorage. */
export function createClient(storageKey: string): PocketBase {
  const pb = new PocketBase('/', new LocalAuthStore(storageKey));
  // Two components may load the same path at once; TanStack Query's signal cancels instead.
  pb.autoCancellation(false);
  return pb;
}

/** The server's message and field errors (`data.<field>.message`) from a refused request. */
export function serverProblem(error: unknown): { message: string; fields: Record<string, string> } {
  if (error instanceof ClientResponseError) {
    const fields: Record<string, string> = {};
    const data = error.response.data as
      Record<string, { message?: unknown } | undefined> | undefined;
    for (const [field, value] of Object.entries(data ?? {})) {
      if (typeof value?.message === 'string') fields[field] = value.message;
    }
    const message =
      typeof error.response.message === 'string' && error.response.message
        ? error.response.message
        : error.status === 0
          ? 'The server could not be reached. Check your connection and try again.'
          : error.message;
    return { message, fields };
  }
  return { message: error instanceof Error ? error.message : String(error), fields: {} };
}

/** Whether `error` is the server saying the caller is not (or no longer) signed in. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ClientResponseError && error.status === 401;
}
