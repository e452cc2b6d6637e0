// One browser spec's lifecycle, called inside its `describe`: the UI built once, the spec's world (a
// server and its data), Chromium, every page's console problems (script errors, CSP refusals)
// checked when the spec ends; and, with E2E_SHOTS=<dir>, screenshots to look at — each `shot` at
// 1440 px light and 390 px dark, and the last page of a failed test.
import fs from 'node:fs';
import type { BrowserContext, Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type Gatehouse, buildUi, chromiumPath, launchBrowser, newPage } from './browser.js';

const SHOTS = process.env.E2E_SHOTS ?? '';

/**
 * State that arrives after an action (a fetch, a router navigation, a re-render, focus moved on a
 * timer), read again every 50 ms for up to 5 s until the matcher passes:
 * `await eventually(() => save.isDisabled()).toBe(true)`. One read right after the action races
 * with the page on a loaded machine. A state that never comes still fails, with the last value
 * read (and `message`, when given) in the error, as a one-shot `expect` would. For page state,
 * poll `page.evaluate('…')` with it: `page.waitForFunction('…')` with a string must eval in the page
 * to poll, which the hub's CSP refuses (an EvalError, and a console error failing the spec).
 */
export function eventually<T>(read: () => T | Promise<T>, message?: string) {
  return expect.poll(read, { timeout: 5_000, interval: 50, message });
}

export interface BrowserSuite<W> {
  /** The world `build` made before the first test. */
  readonly w: W;
  /** A page in a fresh context (its own sign-in), watched for console problems. */
  open: () => Promise<Page>;
  /** `open`, with the page's context (clipboard permissions, a longer default timeout). */
  openWithContext: () => Promise<{ page: Page; context: BrowserContext }>;
  /** With E2E_SHOTS=<dir>: `page` at 1440 px light and 390 px dark, as `<dir>/<name>-….png`. */
  shot: (page: Page, name: string) => Promise<void>;
}

export function browserSuite<W extends { server: Gatehouse }>(
  build: (uiDir: string) => Promise<W>,
): BrowserSuite<W> {
  let ui: { dir: string } | undefined;
  let world: W | undefined;
  let browser: Browser | undefined;
  let last: Page | undefined;
  const problems: string[][] = [];

  beforeAll(async () => {
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    ui = await buildUi();
    world = await build(ui.dir);
    browser = await launchBrowser(chromiumPath()!);
  }, 180_000);

  afterEach(async (ctx) => {
    if (SHOTS && last && ctx.task.result?.state === 'fail')
      await last.screenshot({ path: `${SHOTS}/failed-${ctx.task.name}.png`, fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await world?.server.stop();
    if (ui) fs.rmSync(ui.dir, { recursive: true, force: true });
    expect(problems.flat(), 'browser console errors (script errors, CSP refusals)').toEqual([]);
  });

  const openWithContext = async () => {
    const opened = await newPage(browser!);
    // The machine may be shared with other builds: a fresh profile's first page gets longer.
    opened.context.setDefaultTimeout(30_000);
    problems.push(opened.problems);
    last = opened.page;
    return { page: opened.page, context: opened.context };
  };

  return {
    get w() {
      if (!world) throw new Error('The world is built in beforeAll.');
      return world;
    },
    openWithContext,
    open: async () => (await openWithContext()).page,
    shot: async (page, name) => {
      if (!SHOTS) return;
      for (const [width, scheme] of [
        [1440, 'light'],
        [390, 'dark'],
      ] as const) {
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        // The navigation's collapse after a resize is a transition: let it end.
        await page.waitForTimeout(600);
        await page.screenshot({ path: `${SHOTS}/${name}-${width}-${scheme}.png`, fullPage: true });
      }
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    },
  };
}
