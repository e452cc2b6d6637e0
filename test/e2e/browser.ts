// End-to-end machinery: the UI build (one per source content, ui-build.ts), `gatehouse serve` on
// 127.0.0.1 with a fresh data dir, Debian's Chromium through playwright-core, and axe-core (WCAG 2.1
// AA) run inside the page.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
  chromium,
} from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

/** Where a Chromium is: GATEHOUSE_CHROMIUM, else Debian's package (`apt-get install chromium`). */
export function chromiumPath(): string | null {
  const candidates = [
    process.env.GATEHOUSE_CHROMIUM,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
  ];
  return candidates.find((p): p is string => !!p && fs.existsSync(p)) ?? null;
}

/** The UI built once per source content, copied into a folder of the caller's (ui-build.ts). */
export { buildUi } from './ui-build.js';

export interface Gatehouse {
  url: string;
  dir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** `gatehouse serve` (from source, through tsx) on a random port, with a fresh data dir. */
export async function startGatehouse(
  uiDir: string,
  env: Record<string, string> = {},
): Promise<Gatehouse> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-e2e-data-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main.ts', 'serve', '--http', '127.0.0.1:0', '--dir', dir],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        GATEHOUSE_UI_DIR: uiDir,
        GATEHOUSE_LOG_LEVEL: 'warn',
        GATEHOUSE_USER_EMAIL: '',
        GATEHOUSE_USER_PASSWORD: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`gatehouse did not start:\n${output}`));
    }, 60_000);
    const check = () => {
      const match = /Gatehouse listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`gatehouse exited:\n${output}`));
    });
  });
  return {
    url,
    dir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
}

export type Scheme = 'light' | 'dark';

/** A fresh browser profile (its own localStorage) at `width`, with reduced motion. */
export async function newPage(
  browser: Browser,
  options: { width?: number; scheme?: Scheme } = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1440, height: 900 },
    colorScheme: options.scheme ?? 'light',
    reducedMotion: 'reduce',
  });
  // A step that waits longer than this is a failure with a locator in its message, not a hung test.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  // Script errors and CSP refusals show up here; a screen that logs any is broken.
  const problems: string[] = [];
  page.on('console', (msg) => {
    // A refused request (a wrong password's 400, a revoked session's 401) is logged too: expected.
    if (msg.type() === 'error' && !/status of 4\d\d/.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { context, page, problems };
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * axe-core's WCAG 2.1 A/AA violations on the page as it is, one line each. Injected with evaluate
 * (a <script> tag would be refused by the UI's own CSP, rightly).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // Let transitions and late renders settle (reduced motion makes them instant).
  await page.waitForTimeout(150);
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then(r => r.violations)`,
  );
  return violations.map(
    (v) =>
      `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`)
        .join(' | ')}`,
  );
}

/** Whether the page scrolls sideways (a layout wider than the viewport). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth',
  );
}

/** What describes a field (aria-describedby): its hint and, once refused, the error shown on it. */
export async function describedBy(field: Locator): Promise<string> {
  const ids = (await field.getAttribute('aria-describedby'))?.split(' ').filter(Boolean) ?? [];
  const page = field.page();
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

/**
 * Elements that scroll sideways: the page, or a box inside it (a table in a scroll container is
 * still a sideways scroll on a phone). One line each: tag, classes and how much wider it is.
 */
export async function sidewaysScrollers(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`[...document.querySelectorAll('*')]
    .filter((e) => {
      const x = getComputedStyle(e).overflowX;
      const scrolls = e === document.documentElement || x === 'auto' || x === 'scroll';
      return scrolls && e.scrollWidth > e.clientWidth + 1;
    })
    .map((e) => e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ' +' + (e.scrollWidth - e.clientWidth) + 'px')`);
}

/**
 * Waits (up to 2 s) until no CSS transition runs: a colour scheme switched a moment ago is still
 * fading some colours (Mantine's SegmentedControl label takes 200 ms, reduced motion or not), and
 * axe measuring one mid-fade reports a contrast no one sees once it settles. Polled from here with
 * `evaluate`: the hub's CSP forbids the eval that `waitForFunction` with a string needs to poll.
 */
async function transitionsSettled(page: Page): Promise<void> {
  const running = `document.getAnimations().some((a) => a instanceof CSSTransition && a.playState === 'running')`;
  for (let waited = 0; waited < 2_000; waited += 50) {
    if (!(await page.evaluate<boolean>(running))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Checks a screen in light and dark mode at 390 px and 1440 px: 0 axe violations, no sideways
 * scroll. Leaves the page light at 1440 px.
 */
export async function checkScreen(page: Page, name: string): Promise<string[]> {
  const failures: string[] = [];
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await transitionsSettled(page);
      for (const v of await axeViolations(page))
        failures.push(`${name} ${scheme} ${width}px: ${v}`);
    }
    if (await scrollsSideways(page)) failures.push(`${name} ${width}px: scrolls sideways`);
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  return failures;
}

/** Someone who signs in: the e2e worlds' accounts. */
export interface Account {
  name: string;
  email: string;
  password: string;
}

/** JSON requests to the server at `base`, as a test's world makes them (token optional). */
export function apiOf(base: string) {
  return async (path: string, init: { method?: string; body?: unknown; token?: string }) => {
    const res = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: init.token } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as unknown };
  };
}

/** Opens `path` (which sends a guest to sign-in) and signs in as `who` through the form. */
export async function signInAs(page: Page, base: string, who: Account, path: string) {
  await page.goto(`${base}${path}`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
