// `npm run bench:pact`: the pact editor (issue 6) in headless Chromium. (1) Time to editable: a
// 40-page pact from navigation to every section's editor editable and a character typed into the
// last one shown, beside an empty pact of the same template (the floor). (2) Typing latency: a
// writer's keypress to the character in two remote writers' pages while all three type in one
// section, beside one writer and one reader (the peer). Real server (built app, PGlite in a
// temporary data dir), text imported through services.pacts.putSection, real browser.
// The issue sets no numeric goal: it prints figures and asserts nothing.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import * as Y from "yjs";
import { SESSION_COOKIE } from "../core/cookies";
import { countCharacters } from "../core/pact/counting";
import { pactDocName } from "../core/pact/extensions";
import { markdownToSection } from "../core/pact/markdown";
import { builtInTemplate, CHARACTERS_PER_PAGE } from "../core/pact/templates";
import { migrateToLatest, openDb } from "../db/create-db";
import { createServer, type RunningServer } from "../server/create-server";
import type { Actor } from "../server/services/accounts";
import { envInt } from "./env";
import { fmt, loadAverage, median, quantile, table } from "./stats";
import { pactText, typingText } from "./pact-text";

const CHROMIUM = process.env.TAVOLO_CHROMIUM_PATH ?? "/usr/bin/chromium";
const LOADS = envInt("BENCH_PACT_LOADS", 5);
const PAGES = envInt("BENCH_PACT_PAGES", 40);
const TYPED = envInt("BENCH_PACT_TYPED", 200);
const KEYS_PER_SECOND = envInt("BENCH_PACT_KEYS_PER_SECOND", 10);
const TEMPLATE = "patto-educativo";
/** The section the writers share: the template's longest in the generated text (≈ 10 pages). */
const TYPING_SECTION = "azioni";
const PASSWORD = "una-password-per-il-bench";
const WRITERS = ["A", "B", "C"] as const;
type WriterName = (typeof WRITERS)[number];
/** Each writer types at the end of a paragraph of its own that starts with this marker. */
const marker = (writer: WriterName) => `«${writer}»`;
/** The character typed into the last section when the editors are ready (none in the text). */
const TYPED_KEY = "Q";

// --- Time to editable ---------------------------------------------------------------------------

/**
 * Runs in every document of the context (a string: tsx's helpers such as __name do not exist in
 * the page). Records, on the page's clock (0 = navigation start): `readyAt`, the first moment the
 * pact has synced and every section's editor is contenteditable with at least `minBlocks` blocks
 * (the imported text is on screen); and `typedAt`, the first moment after that the last section's
 * DOM holds one more TYPED_KEY than it did.
 */
function readinessScript(minBlocks: number): string {
  return `(() => {
    const bench = (window.__pactBench = {});
    bench.ready = new Promise((resolve) => (bench.onReady = resolve));
    bench.typed = new Promise((resolve) => (bench.onTyped = resolve));
    const countTyped = (element) => element.textContent.split(${JSON.stringify(TYPED_KEY)}).length - 1;
    const ready = () => {
      const screen = document.querySelector('.pact-editor[data-ready="true"]');
      if (!screen) return null;
      const sections = screen.querySelectorAll("section[data-section]");
      const texts = screen.querySelectorAll(".pact-section__text");
      if (sections.length === 0 || texts.length !== sections.length) return null;
      for (const text of texts) {
        if (text.getAttribute("contenteditable") !== "true") return null;
        if (text.childElementCount < ${minBlocks}) return null;
      }
      return texts[texts.length - 1];
    };
    const observer = new MutationObserver(() => {
      const last = ready();
      if (!last) return;
      observer.disconnect();
      bench.readyAt = performance.now();
      bench.onReady(null);
      bench.lastSectionCharacters = last.textContent.length;
      const before = countTyped(last);
      const typed = new MutationObserver(() => {
        if (countTyped(last) <= before) return;
        bench.typedAt = performance.now();
        bench.onTyped(null);
        typed.disconnect();
      });
      typed.observe(last, { subtree: true, childList: true, characterData: true });
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true });
  })()`;
}

/** Puts the caret at the end of the last section's text (or in its empty paragraph). */
const FOCUS_LAST_SECTION = `(() => {
  const texts = document.querySelectorAll(".pact-section__text");
  const last = texts[texts.length - 1];
  const walker = document.createTreeWalker(last, NodeFilter.SHOW_TEXT);
  let node = null;
  while (walker.nextNode()) node = walker.currentNode;
  last.focus();
  if (node) {
    const range = document.createRange();
    range.setStart(node, node.length);
    range.collapse(true);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
})()`;

interface Load {
  /** Navigation start → every editor editable with its text. */
  ready: number;
  /** Navigation start → the character typed into the last section is in its DOM. */
  typed: number;
  lastSectionCharacters: number;
}

/** Waits in the page for one of the bench's promises (waitForFunction would need eval: CSP). */
const awaitInPage = (page: Page, promise: string, seconds: number) =>
  page.evaluate(`Promise.race([
    window.__pactBench.${promise},
    new Promise((_, reject) => setTimeout(() => reject(new Error("${promise}: timed out")), ${seconds * 1000})),
  ])`);

async function timeToEditable(page: Page, url: string): Promise<Load> {
  await page.goto(url, { waitUntil: "commit" });
  await awaitInPage(page, "ready", 120);
  await page.evaluate(FOCUS_LAST_SECTION);
  await page.keyboard.type(TYPED_KEY);
  await awaitInPage(page, "typed", 30);
  return page.evaluate(`({
    ready: window.__pactBench.readyAt,
    typed: window.__pactBench.typedAt,
    lastSectionCharacters: window.__pactBench.lastSectionCharacters,
  })`);
}

// --- Typing latency -----------------------------------------------------------------------------

/** A clock all pages of the browser share: epoch milliseconds with sub-millisecond resolution. */
const PAGE_CLOCK = "performance.timeOrigin + performance.now()";
const nodeClock = () => performance.timeOrigin + performance.now();

/**
 * Records in the page, on PAGE_CLOCK, the moment each character of the paragraph starting with
 * `marker` first appears: `window.__arrivals[marker][i]` for the (i+1)-th character after the
 * marker. Other writers' carets (widgets with a name label) are not text of the paragraph.
 */
function watchScript(markers: string[]): string {
  return `(() => {
    const root = document.querySelector('.pact-section[data-section=${JSON.stringify(TYPING_SECTION)}] .pact-section__text');
    window.__arrivals = window.__arrivals || {};
    const watched = ${JSON.stringify(markers)}.map((marker) => {
      window.__arrivals[marker] = [];
      return { marker, paragraph: null };
    });
    const textOf = (paragraph) => {
      let text = "";
      const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.parentElement.closest(".collaboration-carets__caret")) text += node.data;
      }
      return text.replace(/\\u00a0/g, " ");
    };
    const find = (marker) => {
      for (const paragraph of root.querySelectorAll("p")) {
        if (textOf(paragraph).startsWith(marker)) return paragraph;
      }
      return null;
    };
    const check = () => {
      const now = performance.timeOrigin + performance.now();
      for (const w of watched) {
        if (!w.paragraph || !w.paragraph.isConnected) w.paragraph = find(w.marker);
        if (!w.paragraph) continue;
        const text = textOf(w.paragraph);
        w.last = text;
        const arrivals = window.__arrivals[w.marker];
        while (arrivals.length < text.length - w.marker.length) arrivals.push(now);
      }
    };
    window.__finalText = (marker) => watched.find((w) => w.marker === marker).last || "";
    check();
    new MutationObserver(check).observe(root, { subtree: true, childList: true, characterData: true });
  })()`;
}

/** Records the moment (PAGE_CLOCK) of every printable keydown in the page. */
const KEY_RECORDER = `(() => {
  window.__keys = [];
  document.addEventListener("keydown", (event) => {
    if (event.key.length === 1) window.__keys.push(performance.timeOrigin + event.timeStamp);
  }, true);
})()`;

/**
 * The page's PAGE_CLOCK minus the bench's (both epoch-based), from the round trip with the least
 * delay: how far two pages' clocks may disagree, to within ± half that round trip.
 */
async function clockOffset(page: Page): Promise<{ offset: number; rtt: number }> {
  let best = { offset: 0, rtt: Infinity };
  for (let i = 0; i < 30; i += 1) {
    const before = nodeClock();
    const clock = await page.evaluate<number>(PAGE_CLOCK);
    const after = nodeClock();
    if (after - before < best.rtt)
      best = { offset: clock - (before + after) / 2, rtt: after - before };
  }
  return best;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Types `text` one key at a time on a fixed schedule (KEYS_PER_SECOND), starting at `start`. */
async function typeAtPace(page: Page, text: string, start: number) {
  const interval = 1000 / KEYS_PER_SECOND;
  for (let i = 0; i < text.length; i += 1) {
    await sleep(start + i * interval - performance.now());
    await page.keyboard.type(text[i]!);
  }
}

async function openPact(page: Page, url: string) {
  await page.goto(url);
  await page.locator('.pact-editor[data-ready="true"]').waitFor({ timeout: 120_000 });
}

/** Clicks at the end of the writer's own paragraph in the shared section. */
async function placeCaret(page: Page, writer: WriterName) {
  await page
    .locator(`.pact-section[data-section="${TYPING_SECTION}"] .pact-section__text p`, {
      hasText: marker(writer),
    })
    .click();
  await page.keyboard.press("End");
}

interface TypingResult {
  /** Keypress in A → the character in each remote page, in ms. */
  remote: number[];
  /** Keypress in A → the character in A's own DOM. */
  local: number[];
  /** Characters typed per second by A, as reached. */
  rate: number;
  /** Every page ended with exactly A's text (and the others' own text). */
  intact: boolean;
  /** Largest disagreement of two pages' clocks, measured, and its uncertainty. */
  skew: { value: number; within: number };
}

/**
 * A types TYPED characters into its paragraph of the shared section; the pages in `readers` watch
 * it, and the writers in `others` type their own text at the same pace at the same time.
 */
async function typingLatency(
  pages: Map<WriterName, Page>,
  readers: WriterName[],
  others: WriterName[],
): Promise<TypingResult> {
  const a = pages.get("A")!;
  const texts = new Map<WriterName, string>(
    WRITERS.map((w, i) => [w, typingText(TYPED, 17 + i)] as const),
  );
  for (const writer of ["A", ...others] as WriterName[])
    await placeCaret(pages.get(writer)!, writer);
  await a.evaluate(KEY_RECORDER);
  await a.evaluate(watchScript([marker("A")]));
  for (const reader of readers) {
    const watched = [marker("A"), ...others.filter((o) => o !== reader).map(marker)];
    await pages.get(reader)!.evaluate(watchScript(watched));
  }
  const offsets = new Map<WriterName, { offset: number; rtt: number }>();
  for (const [name, page] of pages) offsets.set(name, await clockOffset(page));

  // The writers' keys interleave: B a third of an interval after A, C two thirds.
  const start = performance.now() + 200;
  const interval = 1000 / KEYS_PER_SECOND;
  await Promise.all(
    (["A", ...others] as WriterName[]).map((writer, i) =>
      typeAtPace(pages.get(writer)!, texts.get(writer)!, start + (i * interval) / 3),
    ),
  );
  // Everything delivered (or 30 s at most).
  const deadline = performance.now() + 30_000;
  for (const page of [a, ...readers.map((r) => pages.get(r)!)]) {
    while (
      performance.now() < deadline &&
      (await page.evaluate<number>(`window.__arrivals[${JSON.stringify(marker("A"))}].length`)) <
        TYPED
    ) {
      await sleep(100);
    }
  }
  await sleep(500);

  const keys = await a.evaluate<number[]>("window.__keys");
  const arrivalsIn = (page: Page, writer: WriterName) =>
    page.evaluate<number[]>(`window.__arrivals[${JSON.stringify(marker(writer))}]`);
  const latencies = (arrivals: number[]) =>
    arrivals.slice(0, keys.length).map((at, i) => at - keys[i]!);
  const remote: number[] = [];
  for (const reader of readers)
    remote.push(...latencies(await arrivalsIn(pages.get(reader)!, "A")));
  const local = latencies(await arrivalsIn(a, "A"));

  let intact = keys.length === TYPED;
  for (const reader of readers) {
    const page = pages.get(reader)!;
    const expected = [
      ["A", texts.get("A")!],
      ...others.filter((o) => o !== reader).map((o) => [o, texts.get(o)!]),
    ];
    for (const [writer, text] of expected) {
      const seen = await page.evaluate<string>(
        `window.__finalText(${JSON.stringify(marker(writer as WriterName))})`,
      );
      if (seen !== marker(writer as WriterName) + text) intact = false;
    }
  }
  const values = [...offsets.values()];
  const spread =
    Math.max(...values.map((o) => o.offset)) - Math.min(...values.map((o) => o.offset));
  return {
    remote,
    local,
    rate: ((keys.length - 1) * 1000) / (keys[keys.length - 1]! - keys[0]!),
    intact,
    skew: { value: spread, within: Math.max(...values.map((o) => o.rtt)) / 2 },
  };
}

// --- Set-up -------------------------------------------------------------------------------------

async function signedInContext(browser: Browser, server: RunningServer, token: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addCookies([
    { name: SESSION_COOKIE, value: token, url: server.url, httpOnly: true, sameSite: "Lax" },
  ]);
  return context;
}

/** A pact of the template filled with `sections` (Markdown per key) through putSection. */
async function makePact(
  server: RunningServer,
  actor: Actor,
  roundtableId: string,
  title: string,
  sections: Record<string, string> | null,
) {
  const pact = await server.services.pacts.create(actor, roundtableId, {
    title,
    template: TEMPLATE,
  });
  let characters = 0;
  for (const [key, markdown] of Object.entries(sections ?? {})) {
    characters += (await server.services.pacts.putSection(actor, pact.id, key, { markdown }))
      .characters;
  }
  const doc = await server.yjs.getDocument(pactDocName(pact.id));
  return { id: pact.id, characters, bytes: Y.encodeStateAsUpdate(doc).byteLength };
}

/** The text with the writers' paragraphs in the middle of the shared section. */
function withWriterParagraphs(sections: Record<string, string>): Record<string, string> {
  const blocks = sections[TYPING_SECTION]!.split("\n\n");
  const middle = Math.floor(blocks.length / 2);
  blocks.splice(middle, 0, ...WRITERS.map(marker));
  return { ...sections, [TYPING_SECTION]: blocks.join("\n\n") };
}

// --- Figures ------------------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  const loadBefore = loadAverage();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "tavolo-bench-pact-"));
  const opened = await openDb({ kind: "pglite", dataDir });
  await migrateToLatest(opened.db);
  const server = await createServer({ db: opened.db, port: 0 });
  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  try {
    const accounts = server.services.accounts;
    const users = new Map<WriterName, { actor: Actor; session: string }>();
    for (const writer of WRITERS) {
      const email = `scrittrice-${writer.toLowerCase()}@example.test`;
      const actor = await accounts.createUser({
        email,
        name: `Scrittrice ${writer}`,
        password: PASSWORD,
      });
      const { token } = await accounts.logIn({ email, password: PASSWORD }, null);
      users.set(writer, { actor, session: token });
    }
    const chair = users.get("A")!.actor;
    const roundtable = await server.services.roundtables.create(chair, {
      name: "Tavolo bench",
      territory: "Bench",
    });
    for (const writer of ["B", "C"] as const) {
      const invite = await server.services.roundtables.createInvite(chair, roundtable.id, {
        role: "member",
      });
      await server.services.roundtables.acceptInvite(users.get(writer)!.actor, invite.token);
    }

    const keys = builtInTemplate(TEMPLATE)!.sections.map((s) => s.key);
    const text = pactText(keys, { characters: PAGES * CHARACTERS_PER_PAGE });
    const generated = keys.reduce(
      (sum, key) => sum + countCharacters(markdownToSection(text[key]!)),
      0,
    );
    const full = await makePact(server, chair, roundtable.id, `Patto di ${PAGES} pagine`, text);
    const empty = await makePact(server, chair, roundtable.id, "Patto vuoto", null);
    const writing = withWriterParagraphs(text);
    const shared = await makePact(server, chair, roundtable.id, "Tre scrittrici", writing);
    const peer = await makePact(
      server,
      chair,
      roundtable.id,
      "Una scrittrice, una lettrice",
      writing,
    );
    console.error(`pacts made: ${full.characters} characters, Yjs document ${full.bytes} bytes`);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });

    // (1) Time to editable: one warm-up load, then LOADS measured ones, same page.
    const loads = new Map<string, Load[]>();
    for (const [label, pact, minBlocks] of [
      ["full", full, 2],
      ["empty", empty, 1],
    ] as const) {
      const context = await signedInContext(browser, server, users.get("A")!.session);
      contexts.push(context);
      await context.addInitScript(readinessScript(minBlocks));
      const page = await context.newPage();
      const url = `${server.url}/pacts/${pact.id}`;
      await timeToEditable(page, url);
      const measured: Load[] = [];
      for (let i = 0; i < LOADS; i += 1) measured.push(await timeToEditable(page, url));
      loads.set(label, measured);
      await context.close();
      console.error(`${label} pact: ${LOADS} loads measured`);
    }

    // (2) Typing latency: three writers in one section, then one writer and one reader.
    const typing = new Map<string, TypingResult>();
    for (const [label, pact, names] of [
      ["three", shared, ["A", "B", "C"]],
      ["peer", peer, ["A", "B"]],
    ] as const) {
      const pages = new Map<WriterName, Page>();
      for (const name of names) {
        const context = await signedInContext(browser, server, users.get(name)!.session);
        contexts.push(context);
        const page = await context.newPage();
        await openPact(page, `${server.url}/pacts/${pact.id}`);
        pages.set(name, page);
      }
      const readers = names.filter((n) => n !== "A");
      const others = label === "three" ? readers : [];
      typing.set(label, await typingLatency(pages, readers, others));
      for (const page of pages.values()) await page.context().close();
      console.error(`typing with ${label === "three" ? "three writers" : "one reader"} measured`);
    }

    const version = browser.version();
    const cpus = os.cpus();
    console.log(
      `\nPact editor in headless Chromium ${version}, ${new Date().toISOString().slice(0, 10)}\n` +
        `Machine: ${cpus.length} × ${cpus[0]?.model ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
        `${os.platform()} ${os.release()}; 1-min load average ${loadBefore} before, ${loadAverage()} after\n` +
        `Node ${process.version}; server on PGlite (temporary data dir) on the same machine; viewport 1440×900\n` +
        `Pact: template ${TEMPLATE}, ${keys.length} sections, ${full.characters.toLocaleString("en")} characters ` +
        `(${(full.characters / CHARACTERS_PER_PAGE).toFixed(1)} pages of ${CHARACTERS_PER_PAGE}; generator ` +
        `counted ${generated.toLocaleString("en")}), Yjs document ${(full.bytes / 1024).toFixed(0)} KiB; ` +
        `shared section «${TYPING_SECTION}»\n`,
    );
    const loadRow = (name: string, measured: Load[]) => [
      name,
      ...[(l: Load) => l.ready, (l: Load) => l.typed].flatMap((pick) => [
        fmt(median(measured.map(pick))),
        fmt(Math.max(...measured.map(pick))),
      ]),
    ];
    const fullLoads = loads.get("full")!;
    const emptyLoads = loads.get("empty")!;
    console.log(
      `Time to editable, ms from navigation start; ${LOADS} loads after one warm-up\n\n` +
        table(
          [
            "pact",
            "editors ready, median",
            "editors ready, max",
            "typed key shown, median",
            "typed key shown, max",
          ],
          [loadRow(`${PAGES} pages`, fullLoads), loadRow("empty (floor)", emptyLoads)],
        ),
    );
    console.log(
      `\n${PAGES} pages: typed key shown ${fmt(median(fullLoads.map((l) => l.typed)) - median(emptyLoads.map((l) => l.typed)))} ms ` +
        `over the empty pact (medians). The last section showed ` +
        `${Math.min(...fullLoads.map((l) => l.lastSectionCharacters)).toLocaleString("en")} characters ` +
        `when its editors were ready (the text was on screen).`,
    );
    const three = typing.get("three")!;
    const alone = typing.get("peer")!;
    const latencyRow = (name: string, values: number[], result: TypingResult) => [
      name,
      String(values.length),
      fmt(median(values)),
      fmt(quantile(values, 0.95)),
      fmt(Math.max(...values)),
      result.rate.toFixed(1),
      result.intact ? "yes" : "**no**",
    ];
    console.log(
      `\nTyping latency, ms from the keydown in A's page to the character in the other page's DOM; ` +
        `A types ${TYPED} characters at ${KEYS_PER_SECOND}/s in «${TYPING_SECTION}»\n\n` +
        table(
          ["scenario", "samples", "p50", "p95", "max", "A's keys/s", "text intact"],
          [
            latencyRow("A → B and C, B and C typing too", three.remote, three),
            latencyRow("A → B, nobody else typing (peer)", alone.remote, alone),
            latencyRow("A → A's own DOM, three writers", three.local, three),
            latencyRow("A → A's own DOM, one writer", alone.local, alone),
          ],
        ),
    );
    console.log(
      `\nClocks: the pages' performance.timeOrigin + now() agreed within ` +
        `${fmt(Math.max(three.skew.value, alone.skew.value))} ms (measured to ± ` +
        `${fmt(Math.max(three.skew.within, alone.skew.within))} ms).`,
    );
    console.log(`\n(run took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server.close();
    await opened.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
