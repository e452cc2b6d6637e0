// Tests of the report: the console table, cells, the results file and the machine readings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { busySecondsOf, joinWindows } from './machine.js';
import { cell, environment, percent, table, writeResults } from './report.js';

describe('table', () => {
  it('aligns the first column left, the figures right, under a rule', () => {
    expect(
      table(
        ['figure', 'per s'],
        [
          ['raw', '1,234.5'],
          ['HTTP sqlite', '99.0'],
        ],
      ),
    ).toBe(
      [
        'figure         per s',
        '-----------  -------',
        'raw          1,234.5',
        'HTTP sqlite     99.0',
      ].join('\n'),
    );
  });
});

describe('cells', () => {
  it('formats numbers with separators and fixed decimals, null as a dash', () => {
    expect(cell(1234.56, 1)).toBe('1,234.6');
    expect(cell(1234.4)).toBe('1,234');
    expect(cell(0.5, 2)).toBe('0.50');
    expect(cell(null)).toBe('–');
    expect(cell('text')).toBe('text');
    expect(percent(0.853)).toBe('85.3 %');
  });
});

describe('writeResults', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes <name>.json, pretty with a trailing newline', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-report-'));
    dirs.push(dir);
    const file = writeResults('login', { ratio: 0.9, http: { sqlite: 1 } }, dir);
    expect(file).toBe(path.join(dir, 'login.json'));
    expect(fs.readFileSync(file, 'utf8')).toBe(
      '{\n  "ratio": 0.9,\n  "http": {\n    "sqlite": 1\n  }\n}\n',
    );
    expect(() => writeResults('../escape', {}, dir)).toThrow();
  });

  it('starts every results file with the same machine keys', () => {
    const env = environment(new Date('2026-01-02T03:04:05.000Z'));
    expect(Object.keys(env)).toEqual([
      'date',
      'node',
      'platform',
      'cpus',
      'cpuModel',
      'loadAverage',
    ]);
    expect(env.loadAverage).toHaveLength(3);
    expect(env.date).toBe('2026-01-02T03:04:05.000Z');
    expect(env.cpus).toBeGreaterThan(0);
  });
});

describe('machine readings', () => {
  it('counts all but idle and iowait ticks of /proc/stat as busy', () => {
    // user nice system idle iowait irq softirq steal (guest columns ignored)
    expect(busySecondsOf('cpu  100 0 50 1000 30 5 5 10 99 99\ncpu0 1 2 3\n')).toBe(1.7);
  });

  it('adds windows up, the event loop share weighted by time', () => {
    const joined = joinWindows([
      {
        cpu: { user: 100, system: 50 },
        elu: { idle: 300, active: 100, utilization: 0.25 },
        main: 1,
        machine: 2,
      },
      {
        cpu: { user: 10, system: 5 },
        elu: { idle: 100, active: 500, utilization: 500 / 600 },
        main: null,
        machine: 3,
      },
    ]);
    expect(joined.cpu).toEqual({ user: 110, system: 55 });
    expect(joined.elu.utilization).toBe(0.6);
    expect(joined.main).toBeNull();
    expect(joined.machine).toBe(5);
  });
});
