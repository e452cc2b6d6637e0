// What the records screens load: the collections the user's grants reach (GET /api/collections,
// which answers a user only those) and the user's grants (GET /api/access/me).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { pb } from '../pb';
import { type CollectionModel, isResource, shareFields } from './schema';

export const collectionsQuery = queryOptions({
  queryKey: ['collections'],
  queryFn: ({ signal }) => pb.collections.getFullList<CollectionModel>({ signal }),
  staleTime: 5 * 60_000,
});

export interface Grant {
  actions: string[];
  scope: string;
}

/** The signed-in user's module grants (module → actions and scope). */
export const grantsQuery = queryOptions({
  queryKey: ['access', 'me'],
  queryFn: async ({ signal }) => {
    const me = await pb.send<{ permissions?: Record<string, Grant> }>('/api/access/me', {
      signal,
    });
    return me.permissions ?? {};
  },
  staleTime: 60_000,
});

export type RecordAction = 'view' | 'create' | 'edit' | 'delete';

/** Whether the grants allow `action` on a resource collection (its module is named as it is). */
export function can(
  grants: Readonly<Record<string, Grant>> | undefined,
  collection: string,
  action: RecordAction,
): boolean {
  return grants?.[collection]?.actions.includes(action) ?? false;
}

/** The resource collections for the navigation, in the server's order. */
export function useResourceCollections() {
  return useQuery({ ...collectionsQuery, select: (all) => all.filter(isResource) });
}

/** One collection's schema with what the screens derive from it, once loaded. */
export function useCollection(name: string) {
  const query = useQuery(collectionsQuery);
  const all = query.data ?? [];
  const collection = all.find((c) => c.name === name && isResource(c));
  return {
    query,
    all,
    collection,
    share: collection ? shareFields(collection) : null,
  };
}

/** The collection a relation field points at (by id, as PocketBase names it). */
export function targetOf(
  all: readonly CollectionModel[],
  collectionId: string | undefined,
): CollectionModel | undefined {
  return all.find((c) => c.id === collectionId);
}
