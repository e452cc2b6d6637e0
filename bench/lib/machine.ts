// What a benchmark reads from the machine around a measured window: this process's CPU, its main
// thread's CPU and event loop, and the whole machine's busy CPU (the other tenants' load), on Linux.
import fs from 'node:fs';
import { type EventLoopUtilization, performance } from 'node:perf_hooks';

/** USER_HZ, the unit of the CPU times in /proc (100 on every mainstream Linux). */
const CLOCK_TICKS = 100;

/** CPU seconds the main thread has used so far, or null without Linux's /proc. */
export function mainThreadCpuSeconds(): number | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // After "pid (comm) ", utime and stime are the 12th and 13th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** CPU seconds process `pid` (of any user) has used so far, or null when /proc cannot tell. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Busy CPU seconds of a /proc/stat text's first line (all CPUs): all but idle and iowait. */
export function busySecondsOf(procStat: string): number {
  const line = procStat.split('\n', 1)[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal …
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  return (total - (ticks[3] ?? 0) - (ticks[4] ?? 0)) / CLOCK_TICKS;
}

/** Busy CPU seconds of the whole machine so far, or null without Linux's /proc. */
export function machineBusySeconds(): number | null {
  try {
    return busySecondsOf(fs.readFileSync('/proc/stat', 'utf8'));
  } catch {
    return null;
  }
}

export const delta = (before: number | null, after: number | null): number | null =>
  before === null || after === null ? null : after - before;

/** What a window saw: this process's CPU, its event loop, its main thread, the machine. */
export interface WindowFigures {
  cpu: NodeJS.CpuUsage;
  elu: EventLoopUtilization;
  /** CPU seconds of the main thread (null without /proc). */
  main: number | null;
  /** Busy CPU seconds of the whole machine (null without /proc). */
  machine: number | null;
}

/** Starts reading this process's CPU, event loop and the machine; the result ends the window. */
export function startWindow(): () => WindowFigures {
  const mainBefore = mainThreadCpuSeconds();
  const machineBefore = machineBusySeconds();
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  return () => ({
    cpu: process.cpuUsage(cpuBefore),
    elu: performance.eventLoopUtilization(eluBefore),
    main: delta(mainBefore, mainThreadCpuSeconds()),
    machine: delta(machineBefore, machineBusySeconds()),
  });
}

/** CPU seconds of a process.cpuUsage() difference. */
export const cpuSeconds = (cpu: NodeJS.CpuUsage): number => (cpu.user + cpu.system) / 1e6;

/** The sum, or null when any value is null (a reading the machine could not give). */
export const sumOrNull = (values: readonly (number | null)[]): number | null =>
  values.some((v) => v === null) ? null : values.reduce<number>((sum, v) => sum + (v ?? 0), 0);

/** The windows of a figure's rounds as one: CPU, event-loop time and /proc readings added up. */
export function joinWindows(windows: readonly WindowFigures[]): WindowFigures {
  const idle = windows.reduce((sum, w) => sum + w.elu.idle, 0);
  const active = windows.reduce((sum, w) => sum + w.elu.active, 0);
  return {
    cpu: {
      user: windows.reduce((sum, w) => sum + w.cpu.user, 0),
      system: windows.reduce((sum, w) => sum + w.cpu.system, 0),
    },
    elu: { idle, active, utilization: active / Math.max(1e-9, idle + active) },
    main: sumOrNull(windows.map((w) => w.main)),
    machine: sumOrNull(windows.map((w) => w.machine)),
  };
}
