// The relation picker's options: a record's name for it, and lists merged with each id once.

export interface Option {
  value: string;
  label: string;
}

/** A record's name for the picker: its display field, else another text field, else its id. */
export function optionOf(
  record: Record<string, unknown>,
  display: string,
  others: readonly string[],
): Option {
  const id = typeof record.id === 'string' ? record.id : '';
  for (const name of [display, ...others]) {
    const value = record[name];
    if (typeof value === 'string' && value) return { value: id, label: value };
  }
  return { value: id, label: id };
}

/** Options with the chosen ones first, each id once. */
export function mergeOptions(...lists: readonly (readonly Option[])[]): Option[] {
  const seen = new Map<string, Option>();
  for (const list of lists) for (const o of list) if (!seen.has(o.value)) seen.set(o.value, o);
  return [...seen.values()];
}
