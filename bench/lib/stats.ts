// Statistics every benchmark reports: nearest-rank percentiles, the median, rates and rounding.

/**
 * The nearest-rank percentile of ascending `sorted` values, `p` in [0, 1]: the smallest value with
 * at least p·n values at or below it (p = 0 is the minimum, p = 1 the maximum). 0 when empty.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile: p must be in [0, 1], got ${p}`);
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = Math.ceil(p * n);
  return sorted[Math.min(n - 1, Math.max(0, rank - 1))]!;
}

/** Numbers sorted ascending, as a new array (Array#sort alone would sort them as strings). */
export const ascending = (values: readonly number[]): number[] => [...values].sort((x, y) => x - y);

/** The latency spread of one figure, in the unit of the samples. */
export interface Spread {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** p50/p95/p99 and the maximum of unsorted samples. */
export function spread(samples: readonly number[]): Spread {
  const sorted = ascending(samples);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? 0,
  };
}

/** The median (the mean of the two middle values when the count is even); 0 when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = ascending(values);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Operations per second over `seconds` of wall time; 0 for an empty window. */
export const perSecond = (count: number, seconds: number): number =>
  seconds > 0 ? count / seconds : 0;

/** `cores` of CPU over `seconds`, per operation, in milliseconds (count 0 counts as 1). */
export const cpuMsPerOp = (cores: number, seconds: number, count: number): number =>
  (cores * seconds * 1000) / Math.max(1, count);

/** `value` rounded to `digits` decimals, as a number (for the JSON). */
export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** `value` rounded, or null. */
export const roundOrNull = (value: number | null, digits = 1): number | null =>
  value === null ? null : round(value, digits);
