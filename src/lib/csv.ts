// Writing CSV for spreadsheets: RFC 4180 quoting, and no cell that a spreadsheet would run as a
// formula (OWASP "CSV injection": a leading = + - @, tab or carriage return gets a ' in front).

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: text as is, numbers and booleans printed, null/undefined empty, objects as JSON. */
export function csvCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  else text = JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line, CRLF-terminated as RFC 4180 asks. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
