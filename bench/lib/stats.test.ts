// Tests of the shared statistics: nearest-rank percentiles, medians, rates and rounding.
import { describe, expect, it } from 'vitest';
import { ascending, cpuMsPerOp, median, percentile, perSecond, round, spread } from './stats.js';

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('percentile (nearest rank)', () => {
  it('is the smallest value with at least p·n values at or below it', () => {
    expect(percentile(oneToHundred, 0.5)).toBe(50);
    expect(percentile(oneToHundred, 0.95)).toBe(95);
    expect(percentile(oneToHundred, 0.99)).toBe(99);
    expect(percentile(oneToHundred, 0.991)).toBe(100);
    const tens = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(percentile(tens, 0.5)).toBe(50);
    expect(percentile(tens, 0.9)).toBe(90);
    expect(percentile(tens, 0.95)).toBe(100);
    expect(percentile([7, 8, 9], 0.5)).toBe(8);
  });

  it('is the minimum at 0 and the maximum at 1; 0 with no samples', () => {
    expect(percentile(oneToHundred, 0)).toBe(1);
    expect(percentile(oneToHundred, 1)).toBe(100);
    expect(percentile([42], 0.99)).toBe(42);
    expect(percentile([], 0.5)).toBe(0);
  });

  it('reads typed arrays and refuses p outside [0, 1] (a percent passed by mistake)', () => {
    expect(percentile(Float64Array.from([1, 2, 3, 4]), 0.75)).toBe(3);
    expect(() => percentile(oneToHundred, 50)).toThrow(RangeError);
    expect(() => percentile(oneToHundred, Number.NaN)).toThrow(RangeError);
  });
});

describe('ascending, spread, median', () => {
  it('sorts numbers as numbers, without touching the input', () => {
    const input = [10, 9, 100, 1.5];
    expect(ascending(input)).toEqual([1.5, 9, 10, 100]);
    expect(input).toEqual([10, 9, 100, 1.5]);
  });

  it('gives p50/p95/p99/max of unsorted samples', () => {
    const shuffled = [...oneToHundred].reverse();
    expect(spread(shuffled)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(spread([])).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe('rates', () => {
  it('divides counts by seconds and CPU by operations', () => {
    expect(perSecond(500, 2)).toBe(250);
    expect(perSecond(5, 0)).toBe(0);
    // 0.5 cores for 2 s is 1000 ms of CPU; over 100 operations, 10 ms each.
    expect(cpuMsPerOp(0.5, 2, 100)).toBe(10);
    expect(cpuMsPerOp(0.5, 2, 0)).toBe(1000);
  });

  it('rounds to the given decimals', () => {
    expect(round(1234.5678, 2)).toBe(1234.57);
    expect(round(1.26)).toBe(1.3);
    expect(round(0.0004, 3)).toBe(0);
  });
});
