// The measuring loop every benchmark shares: `concurrency` loops of an async operation for a given
// time, and figures measured in interleaved rounds (after a warm-up) and added back up.
import { performance } from 'node:perf_hooks';

/** One measured window: the latencies of the completed operations (ms, unsorted) and its length. */
export interface Sample {
  latencies: number[];
  /** Wall time from the start until the last operation finished, in seconds. */
  seconds: number;
}

/**
 * Runs `operation` from `concurrency` loops for `seconds`; no loop starts an operation after the
 * deadline, and `seconds` is the time until the last one finished (so the rate counts no
 * operation twice and no time twice). The first error stops every loop and is thrown. `now` is
 * the clock in milliseconds (a test passes its own).
 */
export async function loops(
  concurrency: number,
  seconds: number,
  operation: () => Promise<void>,
  now: () => number = () => performance.now(),
): Promise<Sample> {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  const latencies: number[] = [];
  /** Errors of the loops, the first one first; any stops them all. */
  const failures: unknown[] = [];
  const start = now();
  const deadline = start + seconds * 1000;
  const loop = async () => {
    while (failures.length === 0 && now() < deadline) {
      const began = now();
      try {
        await operation();
      } catch (error) {
        failures.push(error);
        return;
      }
      latencies.push(now() - began);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  if (failures.length > 0) {
    const [first] = failures;
    throw first instanceof Error ? first : new Error(String(first));
  }
  return { latencies, seconds: (now() - start) / 1000 };
}

/** A figure measured in rounds: `round(seconds, first)` measures one window of it. */
export interface Figure<S> {
  name: string;
  /** `first` is true for the figure's first measured round (not for the warm-up). */
  round: (seconds: number, first: boolean) => Promise<S>;
}

export interface RoundsOptions {
  /** Measured seconds per figure, split over the rounds. */
  seconds: number;
  rounds: number;
  /** Unmeasured seconds of each figure before the first round (0 for none). */
  warmup: number;
}

/**
 * Measures every figure in `rounds` rounds of `seconds / rounds` each, the order rotated each
 * round (figure k runs at position (k − round) mod n), so that the machine's slow drifts (other
 * tenants of a VM, thermal states) fall on every figure alike instead of on whichever ran first.
 * Each figure warms up once first. Returns each figure's rounds, in the figures' order.
 */
export async function interleave<S>(
  figures: readonly Figure<S>[],
  options: RoundsOptions,
): Promise<S[][]> {
  if (options.warmup > 0) {
    for (const figure of figures) await figure.round(options.warmup, false);
  }
  const samples = figures.map((): S[] => []);
  const seconds = options.seconds / options.rounds;
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < figures.length; k++) {
      const index = (k + round) % figures.length;
      samples[index]!.push(await figures[index]!.round(seconds, round === 0));
    }
  }
  return samples;
}

/** A warm-up of `warmup` seconds, unmeasured, then one measured window of `seconds`. */
export async function warmedUp<S>(
  warmup: number,
  seconds: number,
  measure: (seconds: number) => Promise<S>,
): Promise<S> {
  if (warmup > 0) await measure(warmup);
  return measure(seconds);
}

/** Rounds of one figure as one window: latencies joined, seconds added. */
export function joinSamples(samples: readonly Sample[]): Sample {
  return {
    latencies: samples.flatMap((s) => s.latencies),
    seconds: samples.reduce((sum, s) => sum + s.seconds, 0),
  };
}
