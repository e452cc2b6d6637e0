// Tests of the shared measuring loop and of rounds interleaving, on a fake clock.
import { describe, expect, it } from 'vitest';
import { type Figure, interleave, joinSamples, loops } from './measure.js';

/** A clock that only moves when an operation says so. */
function fakeClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('loops', () => {
  it('counts every operation started before the deadline, timed one by one', async () => {
    const clock = fakeClock();
    const sample = await loops(
      1,
      1,
      async () => {
        clock.advance(10);
      },
      clock.now,
    );
    expect(sample.latencies).toHaveLength(100);
    expect(sample.latencies.every((l) => l === 10)).toBe(true);
    expect(sample.seconds).toBe(1);
  });

  it('starts nothing after the deadline and ends when the last operation does', async () => {
    const clock = fakeClock();
    const starts: number[] = [];
    const sample = await loops(
      4,
      0.1,
      async () => {
        starts.push(clock.now());
        await Promise.resolve();
        clock.advance(7);
      },
      clock.now,
    );
    expect(starts.every((s) => s < 100)).toBe(true);
    expect(sample.latencies).toHaveLength(starts.length);
    // Each operation adds 7 ms to the one clock, so the window is their sum.
    expect(sample.seconds).toBeCloseTo((starts.length * 7) / 1000, 10);
    expect(sample.seconds).toBeGreaterThanOrEqual(0.1);
    expect(sample.seconds).toBeLessThan(0.1 + (4 * 7) / 1000);
  });

  it('stops every loop at the first error and throws it', async () => {
    const clock = fakeClock();
    let calls = 0;
    const run = loops(
      1,
      10,
      async () => {
        calls++;
        clock.advance(1);
        if (calls === 5) throw new Error('fifth answer was wrong');
      },
      clock.now,
    );
    await expect(run).rejects.toThrow('fifth answer was wrong');
    expect(calls).toBe(5);
  });

  it('refuses a concurrency that is not a positive integer', async () => {
    await expect(loops(0, 1, async () => {})).rejects.toThrow(RangeError);
    await expect(loops(1.5, 1, async () => {})).rejects.toThrow(RangeError);
  });
});

describe('interleave', () => {
  it('warms each figure up once, then rotates the order every round', async () => {
    const calls: string[] = [];
    const figure = (name: string): Figure<string> => ({
      name,
      round: async (seconds, first) => {
        calls.push(`${name}:${seconds}${first ? '*' : ''}`);
        return `${name}${calls.length}`;
      },
    });
    const samples = await interleave([figure('a'), figure('b'), figure('c')], {
      seconds: 6,
      rounds: 3,
      warmup: 1,
    });
    expect(calls).toEqual([
      'a:1',
      'b:1',
      'c:1',
      'a:2*',
      'b:2*',
      'c:2*',
      'b:2',
      'c:2',
      'a:2',
      'c:2',
      'a:2',
      'b:2',
    ]);
    expect(samples).toEqual([
      ['a4', 'a9', 'a11'],
      ['b5', 'b7', 'b12'],
      ['c6', 'c8', 'c10'],
    ]);
  });

  it('skips the warm-up at 0', async () => {
    let calls = 0;
    const only: Figure<number> = { name: 'x', round: async () => ++calls };
    expect(await interleave([only], { seconds: 1, rounds: 2, warmup: 0 })).toEqual([[1, 2]]);
  });
});

describe('joinSamples', () => {
  it('joins latencies and adds the seconds', () => {
    expect(
      joinSamples([
        { latencies: [1, 2], seconds: 0.5 },
        { latencies: [3], seconds: 0.25 },
      ]),
    ).toEqual({ latencies: [1, 2, 3], seconds: 0.75 });
  });
});
