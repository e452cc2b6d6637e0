// A CPU profile of this process (the server) over one part of a benchmark, written as a
// .cpuprofile file (open it in Chrome DevTools or speedscope). `--cpu-prof` would profile the whole
// run, set-up included; this covers only the measured requests.
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

export interface Profiling {
  /** Stops the profiler and writes `<dir>/<name>.cpuprofile`; returns the file. */
  stop: () => Promise<string>;
}

/** Starts profiling when `dir` is set; null otherwise. */
export async function startProfile(dir: string, name: string): Promise<Profiling | null> {
  if (dir === '') return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  // 200 µs between samples: fine enough for per-request costs well under a millisecond.
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}
