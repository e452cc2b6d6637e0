// A record's values as the list shows them: numbers and dates in the browser's locale.
import { formatTime, parseServerTime } from '../../shared/format';
import type { FieldModel } from './schema';

// Grouped from five digits (12,345), so that a port or a year reads 8080 and 2026.
const numbers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 4, useGrouping: 'min2' });

export function formatNumber(value: number): string {
  return numbers.format(value);
}

/** A related record's name: its display field, else its id. */
export function recordLabel(record: Record<string, unknown> | undefined, display: string): string {
  if (!record) return '';
  const shown = record[display];
  if (typeof shown === 'string' && shown) return shown;
  if (typeof shown === 'number') return String(shown);
  return typeof record.id === 'string' ? record.id : '';
}

/** `value` of `field` as text; `related` is the expanded relation (if any) named by `display`. */
export function formatValue(
  field: FieldModel,
  value: unknown,
  related?: { record?: Record<string, unknown>; display: string },
): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (field.type) {
    case 'number':
      return typeof value === 'number' ? numbers.format(value) : JSON.stringify(value);
    case 'bool':
      return value === true ? 'Yes' : 'No';
    case 'date':
    case 'autodate':
      return typeof value === 'string' && parseServerTime(value) ? formatTime(value) : '—';
    case 'relation': {
      const label = related ? recordLabel(related.record, related.display) : '';
      if (label) return label;
      if (Array.isArray(value))
        return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
      return typeof value === 'string' ? value : JSON.stringify(value);
    }
    case 'json': {
      const text = JSON.stringify(value);
      return text.length > 80 ? `${text.slice(0, 79)}…` : text;
    }
    default:
      if (Array.isArray(value)) return value.map(String).join(', ') || '—';
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}
