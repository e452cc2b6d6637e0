// The report of a benchmark: the machine it ran on, a console table, and the JSON written into
// bench/results/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/results/, where every benchmark writes its JSON. */
export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

/**
 * Where and when a run happened: the first keys of every results file. `loadAverage` is the
 * machine's 1, 5 and 15 minute load averages when the report is written: other tenants' load,
 * next to the figures it distorts.
 */
export function environment(now = new Date()) {
  return {
    date: now.toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? '',
    loadAverage: os.loadavg().map((v) => Number(v.toFixed(2))),
  };
}

/** Writes `results` as `<dir>/<name>.json` (pretty, one trailing newline); returns the file. */
export function writeResults(name: string, results: unknown, dir = RESULTS_DIR): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`results name ${JSON.stringify(name)}`);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

export type Cell = string | number | null;

/** A number with thousands separators and `digits` decimals; text as is; null as '–'. */
export function cell(value: Cell, digits = 0): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/**
 * A console table: a header row, a rule, then the rows; the first column left-aligned, the
 * others right-aligned (figures), every column as wide as its widest cell.
 */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    widths
      .map((w, c) => (c === 0 ? (cells[c] ?? '').padEnd(w) : (cells[c] ?? '').padStart(w)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A ratio as a percentage with one decimal: 0.853 → '85.3 %'. */
export const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)} %`;

/** A whole number with thousands separators. */
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
