// `npm run bench:board`: a live board of 2,000 and of 5,000 cards in headless Chromium — the time
// from navigation to an interactive board, and frame times while panning — beside the same figures
// for an empty board (the floor). Real server (PGlite), real cards written over /yjs, real browser.
// Goals (issue 4): at 5,000 cards, interactive ≤ 1.5 s and p95 frame ≤ 18 ms. Prints; asserts nothing.
import os from "node:os";
import { performance } from "node:perf_hooks";
import { chromium, type Browser, type Page } from "playwright-core";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { putCard } from "../core/board";
import { setPositions } from "../core/board-positions";
import { SESSION_COOKIE } from "../core/cookies";
import { CONTRIBUTOR_GROUPS } from "../core/domain";
import { migrateToLatest, openDb } from "../db/create-db";
import { createServer, type RunningServer } from "../server/create-server";
import { envInt } from "./env";
import { fmt, median, quantile } from "./stats";

const CHROMIUM = process.env.TAVOLO_CHROMIUM_PATH ?? "/usr/bin/chromium";
const SIZES = (process.env.BENCH_BOARD_SIZES ?? "0,2000,5000").split(",").map(Number);
const LOADS = envInt("BENCH_BOARD_LOADS", 5);
const PAN_STEPS = envInt("BENCH_BOARD_PAN_STEPS", 120);
const PASSWORD = "una-password-per-il-bench";
/** A directory to save a screenshot of each board once loaded (to look at what was measured). */
const SCREENSHOTS = process.env.BENCH_BOARD_SCREENSHOTS;

const WORDS = (
  "spazi giovani doposcuola trasporti serali biblioteca aperta sera famiglie fragili scuola " +
  "sport gratuito quartiere consultorio ascolto genitori educatori oratorio parco sicuro " +
  "musica laboratori orientamento lavoro estate centri aggregazione volontariato"
).split(" ");

function cardText(i: number): string {
  const words = 4 + (i % 14);
  return Array.from({ length: words }, (_, k) => WORDS[(i * 7 + k * 13) % WORDS.length]).join(" ");
}

/** Writes `count` cards (in a grid, 60 per row) through the official y-websocket client. */
async function fillBoard(server: RunningServer, meetingId: string, token: string, count: number) {
  if (count === 0) return;
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(
    `${server.url.replace("http", "ws")}/yjs`,
    `board:${meetingId}`,
    doc,
    {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token },
      disableBc: true,
    },
  );
  await new Promise<void>((resolve) => provider.once("sync", () => resolve()));
  for (let start = 0; start < count; start += 500) {
    doc.transact(() => {
      const moves: [string, { x: number; y: number }][] = [];
      for (let i = start; i < Math.min(count, start + 500); i += 1) {
        const id = `card-${i}`;
        putCard(doc, id, {
          text: cardText(i),
          authorLabel: i % 3 ? "" : "Genitore",
          group: CONTRIBUTOR_GROUPS[i % CONTRIBUTOR_GROUPS.length]!,
          createdAt: Date.now() + i,
        });
        moves.push([id, { x: (i % 60) * 260, y: Math.floor(i / 60) * 180 }]);
      }
      setPositions(doc, moves);
    });
  }
  // Every card in the server's document (and a moment for its store) before the browser asks.
  const served = await server.yjs.getDocument(`board:${meetingId}`);
  while (served.getMap("cards").size < count) await new Promise((r) => setTimeout(r, 50));
  await new Promise((resolve) => setTimeout(resolve, 500));
  provider.destroy();
  doc.destroy();
}

/** Navigation start → the board says it is ready (first sync done and first frame drawn). */
async function timeToInteractive(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForSelector('[data-testid="board"][data-ready="true"]', { timeout: 60_000 });
  return page.evaluate("window.__boardReadyAt");
}

/** Frame-to-frame times (ms) while the board is panned by the wheel, one step per frame. */
async function panFrames(page: Page): Promise<number[]> {
  const box = await page.locator('[data-testid="board"]').boundingBox();
  if (!box) throw new Error("no board on the page");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // A string, not a function: tsx's helpers (__name) do not exist in the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__recording = true;
    let last = performance.now();
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      if (window.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  for (let i = 0; i < PAN_STEPS; i += 1) {
    // Across the whole board and back: a diagonal sweep, as a facilitator browsing the wall.
    const direction = i < PAN_STEPS / 2 ? 1 : -1;
    await page.mouse.wheel(40 * direction, 25 * direction);
    await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => resolve(null)))");
  }
  return page.evaluate(
    "(() => { window.__recording = false; return window.__frames.slice(1); })()",
  );
}

async function main() {
  const started = performance.now();
  const opened = await openDb({ kind: "pglite", dataDir: null });
  await migrateToLatest(opened.db);
  const server = await createServer({ db: opened.db, port: 0 });
  const email = "bench@example.test";
  const user = await server.services.accounts.createUser({
    email,
    name: "Bench",
    password: PASSWORD,
  });
  const token = await server.services.accounts.createApiToken(email);
  const session = await server.services.accounts.logIn({ email, password: PASSWORD }, null);
  const roundtable = await server.services.roundtables.create(user, {
    name: "Tavolo bench",
    territory: "Bench",
  });

  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const rows: { cards: number; interactive: number[]; frames: number[] }[] = [];
  try {
    for (const cards of SIZES) {
      const meeting = await server.services.meetings.create(user, roundtable.id, {
        title: `Lavagna da ${cards} schede`,
        kind: "workshop",
        startsAt: "2026-12-01T18:00",
      });
      await fillBoard(server, meeting.id, token, cards);
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addCookies([
        {
          name: SESSION_COOKIE,
          value: session.token,
          url: server.url,
          httpOnly: true,
          sameSite: "Lax",
        },
      ]);
      await context.addInitScript(`
        new MutationObserver((_, observer) => {
          if (document.querySelector('[data-testid="board"][data-ready="true"]')) {
            window.__boardReadyAt = performance.now();
            observer.disconnect();
          }
        }).observe(document, { subtree: true, attributes: true, childList: true });
      `);
      const page = await context.newPage();
      const url = `${server.url}/meetings/${meeting.id}/board`;
      // The first load warms the browser's and the server's caches; the next ones are measured.
      await timeToInteractive(page, url);
      const interactive: number[] = [];
      for (let i = 0; i < LOADS; i += 1) interactive.push(await timeToInteractive(page, url));
      if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/board-${cards}.png` });
      const frames = await panFrames(page);
      rows.push({ cards, interactive, frames });
      await context.close();
      console.error(`board of ${cards} cards measured`);
    }
  } finally {
    await browser.close();
    await server.close();
    await opened.close();
  }

  const floor = rows.find((r) => r.cards === 0);
  console.log(
    `\nBoard rendering in headless Chromium (${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? "?"}), ` +
      `${new Date().toISOString().slice(0, 10)}; ${LOADS} measured loads each (after one warm-up), ` +
      `${PAN_STEPS} wheel steps of panning, viewport 1440×900; server on PGlite in the same machine.\n`,
  );
  console.log(
    "| board                  | interactive, median (ms) | interactive, max (ms) | frame p50 (ms) | frame p95 (ms) | frame max (ms) | goal (5,000 cards)                 |",
  );
  console.log(
    "|------------------------|-------------------------:|----------------------:|---------------:|---------------:|---------------:|------------------------------------|",
  );
  for (const row of rows) {
    const label = row.cards === 0 ? "empty (floor)" : `${row.cards.toLocaleString("en")} cards`;
    const interactive = median(row.interactive);
    const p95 = quantile(row.frames, 0.95);
    const goal =
      row.cards === 5000
        ? `${interactive <= 1500 ? "met" : "**not met**"} ≤1.5 s; ${p95 <= 18 ? "met" : "**not met**"} p95 ≤18 ms`
        : "";
    console.log(
      `| ${label.padEnd(22)} | ${fmt(interactive).padStart(24)} | ${fmt(Math.max(...row.interactive)).padStart(21)} | ${fmt(median(row.frames)).padStart(14)} | ${fmt(p95).padStart(14)} | ${fmt(Math.max(...row.frames)).padStart(14)} | ${goal.padEnd(34)} |`,
    );
  }
  if (floor) {
    for (const row of rows.filter((r) => r.cards > 0)) {
      console.log(
        `\n${row.cards} cards: interactive ${fmt(median(row.interactive) - median(floor.interactive))} ms over the empty board; ` +
          `frame p95 ${fmt(quantile(row.frames, 0.95) - quantile(floor.frames, 0.95))} ms over it.`,
      );
    }
  }
  console.log(`\n(run took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
