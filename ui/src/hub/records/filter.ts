// The list's search and sort parameters: a PocketBase filter from the search box, header clicks → sort.

/** `pb.filter(raw, params)`: binds params safely (quoted and escaped by the SDK). */
export type FilterBinder = (raw: string, params?: Record<string, unknown>) => string;

/** "name ~ 'x' || host ~ 'x'" over `fields` for the search box's text; empty for no search. */
export function searchFilter(fields: readonly string[], term: string, bind: FilterBinder): string {
  const q = term.trim();
  if (!q || fields.length === 0) return '';
  return bind(fields.map((f) => `${f} ~ {:q}`).join(' || '), { q });
}

export type SortDirection = 'asc' | 'desc';

/** How `sort` ("name", "-name", "") orders by `field`, if it does. */
export function sortDirection(sort: string, field: string): SortDirection | null {
  if (sort === field) return 'asc';
  if (sort === `-${field}`) return 'desc';
  return null;
}

/** The sort after a click on `field`'s header: ascending first, then flipping. */
export function nextSort(sort: string, field: string): string {
  return sortDirection(sort, field) === 'asc' ? `-${field}` : field;
}
