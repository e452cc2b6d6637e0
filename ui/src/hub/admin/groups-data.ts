// The groups a picker offers: a server search answered as paths (GET /api/groups/tree/search), the
// top level when nothing is typed (GET /api/groups/tree), and the paths of the groups already chosen.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { pb } from '../pb';

export interface GroupOption {
  id: string;
  path: string;
}

interface TreePage {
  items: { id: string; path: string }[];
}

const PICKER_PAGE = 20;

/** The groups matching `search` (or the top level when it is empty), as paths. */
export function useGroupOptions(search: string) {
  const q = search.trim();
  return useQuery({
    queryKey: ['groups', 'picker', q],
    queryFn: async ({ signal }) => {
      const page = q
        ? await pb.send<TreePage>('/api/groups/tree/search', {
            query: { q, perPage: PICKER_PAGE },
            signal,
          })
        : await pb.send<TreePage>('/api/groups/tree', { query: { perPage: PICKER_PAGE }, signal });
      return page.items.map((g): GroupOption => ({ id: g.id, path: g.path }));
    },
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** The paths of the chosen groups (one request for all of them). */
export function useGroupPaths(ids: readonly string[]) {
  const sorted = [...new Set(ids)].sort();
  return useQuery({
    queryKey: ['groups', 'paths', sorted],
    enabled: sorted.length > 0,
    queryFn: async ({ signal }) => {
      const params = Object.fromEntries(sorted.map((id, i) => [`id${String(i)}`, id]));
      const filter = pb.filter(sorted.map((_, i) => `id = {:id${String(i)}}`).join(' || '), params);
      const records = await pb
        .collection('groups')
        .getFullList<{ id: string; path?: string; name: string }>({
          filter,
          fields: 'id,name,path',
          signal,
        });
      return new Map(records.map((r) => [r.id, r.path ?? r.name]));
    },
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** The options to show: the chosen ones first (so their labels stay), then the matches. */
export function pickerData(
  chosen: readonly string[],
  paths: ReadonlyMap<string, string> | undefined,
  matches: readonly GroupOption[] | undefined,
  exclude: readonly string[] = [],
): { value: string; label: string }[] {
  const seen = new Set<string>(exclude);
  const data: { value: string; label: string }[] = [];
  for (const id of chosen) {
    if (seen.has(id)) continue;
    seen.add(id);
    data.push({ value: id, label: paths?.get(id) ?? id });
  }
  for (const g of matches ?? []) {
    if (seen.has(g.id)) continue;
    seen.add(g.id);
    data.push({ value: g.id, label: g.path });
  }
  return data;
}
