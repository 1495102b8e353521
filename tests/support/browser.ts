// Chromium for the e2e tests: pages that fail on console errors, axe on every page, keyboard helpers.
import { existsSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe } from "vitest";
import { startTestApp, type TestApp } from "./app";

export const CHROMIUM_PATH = process.env.TAVOLO_CHROMIUM_PATH ?? "/usr/bin/chromium";
const REQUIRED = process.env.TAVOLO_REQUIRE_BROWSER === "1";
const AVAILABLE = existsSync(CHROMIUM_PATH);
const MISSING =
  `Chromium was not found at ${CHROMIUM_PATH}. Install it (Debian/Ubuntu: ` +
  "`sudo apt-get install chromium`) or point TAVOLO_CHROMIUM_PATH at a Chromium or Chrome binary.";

if (!AVAILABLE && !REQUIRED) {
  console.warn(
    `Skipping the browser (e2e) tests: ${MISSING} Set TAVOLO_REQUIRE_BROWSER=1 to make a missing browser fail the run instead.`,
  );
}

/** describe() for browser tests: skipped when Chromium is missing, unless TAVOLO_REQUIRE_BROWSER=1. */
export const describeInBrowser = describe.skipIf(!AVAILABLE && !REQUIRED);

const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

interface PageWatch {
  problems: string[];
  /** Console errors a test expects (a 4xx answer to a form it submits on purpose). */
  allowed: RegExp[];
  visited: Set<string>;
  checked: Set<string>;
}

const watches = new WeakMap<Page, PageWatch>();

function pathOf(url: string): string {
  const { pathname, search } = new URL(url);
  return pathname + search;
}

function watch(page: Page): PageWatch {
  const state: PageWatch = { problems: [], allowed: [], visited: new Set(), checked: new Set() };
  watches.set(page, state);
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    if (state.allowed.some((pattern) => pattern.test(text))) return;
    const where = message.location().url;
    state.problems.push(
      `console error on ${pathOf(page.url())}: ${text}${where ? ` (${where})` : ""}`,
    );
  });
  page.on("pageerror", (error) => {
    state.problems.push(`uncaught exception on ${pathOf(page.url())}: ${error.stack ?? error}`);
  });
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame() && frame.url().startsWith("http")) {
      state.visited.add(pathOf(frame.url()));
    }
  });
  return state;
}

function watchOf(page: Page): PageWatch {
  const state = watches.get(page);
  if (!state) throw new Error("This page was not opened through TestBrowser.newPage().");
  return state;
}

/**
 * Lets the page log "Failed to load resource: … status of 4xx" while a test submits a form that the
 * server answers with a 4xx on purpose (Chromium logs those answers as console errors).
 */
export function allowHttpErrorStatus(page: Page, status: number) {
  watchOf(page).allowed.push(
    new RegExp(`^Failed to load resource: the server responded with a status of ${status}\\b`),
  );
}

/** Runs axe (WCAG 2.1 A and AA) on the page as it is now; fails on serious or critical violations. */
export async function expectAccessible(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  watches.get(page)?.checked.add(pathOf(page.url()));
  const blocking = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  if (blocking.length === 0) return;
  const report = blocking
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => {
          const summary = (node.failureSummary ?? "").replace(/\n/g, "\n        ");
          return `    - ${node.target.join(" ")}\n      ${node.html}\n        ${summary}`;
        })
        .join("\n");
      return `  [${violation.impact}] ${violation.id}: ${violation.help}\n    ${violation.helpUrl}\n${nodes}`;
    })
    .join("\n");
  throw new Error(
    `Accessibility violations on ${pathOf(page.url())} (${blocking.length}):\n${report}`,
  );
}

/** Fails if the page logged a console error or threw since it opened. */
export function expectNoConsoleErrors(page: Page): void {
  const { problems } = watchOf(page);
  if (problems.length > 0) throw new Error(`The page reported errors:\n${problems.join("\n")}`);
}

/** Goes to a path of the app and checks the page it lands on with axe. */
export async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expectAccessible(page);
}

/**
 * Waits until React has hydrated the page: hydration tags the DOM nodes it adopts, so until then
 * buttons that only work with JavaScript do nothing.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const main = document.querySelector("main");
    return main !== null && Object.keys(main).some((key) => key.startsWith("__reactProps$"));
  });
}

/** Presses Tab until the target has the focus (and fails if it never gets it). */
export async function tabTo(page: Page, target: Locator, maxPresses = 40): Promise<void> {
  for (let i = 0; i < maxPresses; i += 1) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`Pressed Tab ${maxPresses} times without reaching ${target}`);
}

/** One Chromium per test file; each newPage() is a fresh context (its own cookies). */
export class TestBrowser {
  private contexts: BrowserContext[] = [];
  private pages: Page[] = [];

  private constructor(
    private readonly browser: Browser,
    private readonly baseURL: string,
  ) {}

  static async launch(baseURL: string): Promise<TestBrowser> {
    if (!AVAILABLE) {
      throw new Error(`${MISSING} (TAVOLO_REQUIRE_BROWSER=1 requires the browser tests to run.)`);
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: LAUNCH_ARGS,
    });
    return new TestBrowser(browser, baseURL);
  }

  async newPage(): Promise<Page> {
    const context = await this.browser.newContext({ baseURL: this.baseURL, locale: "it-IT" });
    context.setDefaultTimeout(10_000);
    this.contexts.push(context);
    const page = await context.newPage();
    watch(page);
    this.pages.push(page);
    return page;
  }

  /**
   * For afterEach: fails if a page logged errors or was visited without an accessibility check,
   * then closes every context the test opened.
   */
  async finishTest(): Promise<void> {
    const pages = this.pages.splice(0);
    const contexts = this.contexts.splice(0);
    try {
      const failures: string[] = [];
      for (const page of pages) {
        const state = watchOf(page);
        failures.push(...state.problems);
        for (const path of state.visited) {
          if (!state.checked.has(path))
            failures.push(`${path} was visited but never checked with axe`);
        }
      }
      if (failures.length > 0) throw new Error(failures.join("\n"));
    } finally {
      await Promise.all(contexts.map((context) => context.close()));
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/**
 * Registers the hooks every browser test file needs: the real server on port 0 and one browser
 * for the file, each test's pages checked (console errors, axe on every page) when it ends.
 */
export function serverAndBrowser(): { readonly app: TestApp; readonly browser: TestBrowser } {
  const env = {} as { app: TestApp; browser: TestBrowser };
  beforeAll(async () => {
    env.app = await startTestApp();
    env.browser = await TestBrowser.launch(env.app.url);
  });
  beforeEach(({ onTestFailed }) => {
    // A test that passes on CI's retry (TAVOLO_E2E_RETRY) shows only its last attempt: say here
    // why each failed attempt failed, so the flake can be mended.
    onTestFailed(({ task }) => {
      const attempt = (task.result?.retryCount ?? 0) + 1;
      const errors = (task.result?.errors ?? []).map((e) => e.stack ?? e.message).join("\n");
      process.stdout.write(`\nAttempt ${attempt} of «${task.name}» failed:\n${errors}\n`);
    });
  });
  afterEach(async () => {
    await env.browser.finishTest();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.app?.close();
  });
  return env;
}
