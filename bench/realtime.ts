// `npm run bench:realtime`: the real-time figures of the issue, each next to its peers — fan-out on
// one document (Tavolo's /yjs, Hocuspocus, a bare ws relay), a phase change to a 500-socket room
// (Tavolo's /live, a raw io.to(room).emit), a 5,000-card board's joins and its growth under card
// moves. Tavolo runs twice in each: on PGlite (in its own process) and on PostgreSQL. Every server
// runs in its own process, every load generator in another. Measures and prints, with each goal
// beside its figure; asserts nothing.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { BoardArgs, JoinTiming, MovesResult, PushResult } from "./realtime/board-load";
import type { FanoutArgs, FanoutResult } from "./realtime/fanout-load";
import { percentile, progress, sleep, type ChildMessage, type ChildRequest } from "./realtime/ipc";
import type { LiveArgs, LiveResult } from "./realtime/live-load";
import type { LoadTiming, TavoloFixture, TavoloServerArgs } from "./realtime/tavolo-server";
import { envInt } from "./env";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const CONFIG = {
  fanoutClients: envInt("BENCH_FANOUT_CLIENTS", 200),
  fanoutSeconds: envInt("BENCH_FANOUT_SECONDS", 30),
  fanoutWarmup: envInt("BENCH_FANOUT_WARMUP", 5),
  liveClients: envInt("BENCH_LIVE_CLIENTS", 500),
  liveChanges: envInt("BENCH_LIVE_CHANGES", 50),
  liveWarmup: envInt("BENCH_LIVE_WARMUP", 5),
  boardCards: envInt("BENCH_BOARD_CARDS", 5000),
  coldJoins: envInt("BENCH_COLD_JOINS", 5),
  warmJoins: envInt("BENCH_WARM_JOINS", 10),
  moves: envInt("BENCH_MOVES", 100_000),
  moveClients: envInt("BENCH_MOVE_CLIENTS", 10),
  movesPerSecond: envInt("BENCH_MOVES_PER_SECOND", 1000),
  /** Comma-separated subset of fanout,live,board. */
  only: new Set((process.env.BENCH_ONLY ?? "fanout,live,board").split(",").map((s) => s.trim())),
  /** A directory: Tavolo's server children then run with --cpu-prof and write their profiles there. */
  cpuProfileDir: process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null,
  /** The PostgreSQL server for the Tavolo-on-PostgreSQL columns (its own database is made there). */
  pgUrl: process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  pgDatabase: "tavolo_bench_rt",
};

// ---------------------------------------------------------------------------------------------
// Cleanup: every child process and temp dir is registered, and removed on any exit path; the
// PostgreSQL database is dropped at the end and on Ctrl-C (dropping needs a connection, so not on
// a bare `exit`).

const children = new Set<ChildProcess>();
const TEMP_ROOT = mkdtempSync(path.join(os.tmpdir(), "tavolo-bench-rt-"));

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function cleanUp() {
  for (const child of children) killGroup(child, "SIGKILL");
  rmSync(TEMP_ROOT, { recursive: true, force: true });
}

/** Kills the children, then drops the bench's PostgreSQL database if this run made one. */
async function cleanUpAll() {
  for (const child of children) killGroup(child, "SIGKILL");
  if (benchDatabaseMade) {
    await dropBenchDatabase().catch((error: unknown) =>
      console.error(`could not drop ${CONFIG.pgDatabase}: ${String(error)}`),
    );
  }
  cleanUp();
}

process.on("exit", cleanUp);
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) return; // tsx relays the terminal's signal: it may arrive twice
    interrupted = true;
    console.error(`\n${signal}: cleaning up`);
    setTimeout(() => process.exit(130), 10_000).unref();
    void cleanUpAll().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: one private database on the server at BENCH_PG_URL, dropped and made afresh for each
// scenario (as PGlite gets a fresh data dir), dropped at the end.

let benchDatabaseMade = false;

async function adminQuery<T extends pg.QueryResultRow>(statement: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: CONFIG.pgUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query<T>(statement)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

function dropBenchDatabase() {
  return adminQuery(`drop database if exists ${CONFIG.pgDatabase} with (force)`);
}

/** A fresh, empty bench database; its URL. */
async function freshBenchDatabase(): Promise<string> {
  benchDatabaseMade = true;
  await dropBenchDatabase();
  await adminQuery(`create database ${CONFIG.pgDatabase}`);
  const url = new URL(CONFIG.pgUrl);
  url.pathname = `/${CONFIG.pgDatabase}`;
  return url.href;
}

/** The PostgreSQL server's version, or why it cannot be used (then its columns say n/a). */
async function probePostgres(): Promise<{ version: string } | { error: string }> {
  try {
    const rows = await adminQuery<{ server_version: string }>("show server_version");
    return { version: rows[0]?.server_version ?? "?" };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.href;
}

let postgres: { version: string } | { error: string } = { error: "not probed" };

// ---------------------------------------------------------------------------------------------
// Tavolo's two columns: the same server on PGlite (in its process) and on PostgreSQL.

type TavoloDbKind = TavoloServerArgs["database"]["kind"];

const TAVOLO_COLUMNS: { kind: TavoloDbKind; label: string }[] = [
  { kind: "pglite", label: "Tavolo on PGlite" },
  { kind: "postgres", label: "Tavolo on PostgreSQL" },
];

/** A column's figures, or why it has none ("n/a: …"). */
type Column<T> = T | { missing: string };

function isMissing<T>(column: Column<T>): column is { missing: string } {
  return typeof column === "object" && column !== null && "missing" in column;
}

/** The arguments for a Tavolo server on a fresh data dir or database; throws Unavailable if none. */
class Unavailable extends Error {}

async function tavoloDatabase(
  kind: TavoloDbKind,
  scenario: string,
): Promise<Pick<TavoloServerArgs, "dataDir" | "database">> {
  const dataDir = path.join(TEMP_ROOT, `${scenario}-${kind}`);
  if (kind === "pglite") return { dataDir, database: { kind: "pglite" } };
  if ("error" in postgres) throw new Unavailable(`PostgreSQL unreachable (${postgres.error})`);
  try {
    return { dataDir, database: { kind: "postgres", url: await freshBenchDatabase() } };
  } catch (error) {
    throw new Unavailable(`cannot make ${CONFIG.pgDatabase}: ${String(error)}`);
  }
}

let columnFailed = false;

/** Runs one Tavolo column; if it cannot run or fails, the others still do (a failure is reported). */
async function tavoloColumn<T>(
  kind: TavoloDbKind,
  scenario: string,
  run: (args: Pick<TavoloServerArgs, "dataDir" | "database">) => Promise<T>,
): Promise<Column<T>> {
  try {
    return await run(await tavoloDatabase(kind, scenario));
  } catch (error) {
    if (error instanceof Unavailable) {
      progress(`${scenario}: ${kind}: n/a: ${error.message}`);
      return { missing: "n/a" };
    }
    if (interrupted) return { missing: "interrupted" };
    columnFailed = true;
    console.error(
      `${scenario} on ${kind} failed: ${error instanceof Error ? error.stack : String(error)}`,
    );
    return { missing: "failed" };
  } finally {
    if (kind === "postgres" && benchDatabaseMade) await dropBenchDatabase().catch(() => {});
  }
}

/** A cell of a column: its figure, or "n/a" / "failed". */
function cellOf<T>(column: Column<T>, cell: (c: T) => string): string {
  return isMissing(column) ? column.missing : cell(column);
}

/** "met" / "**not met**" for a column, or "n/a" / "failed". */
function verdictOf<T>(column: Column<T>, met: (c: T) => boolean): string {
  return isMissing(column) ? column.missing : verdict(met(column));
}

// ---------------------------------------------------------------------------------------------
// Child processes: `node --import tsx <file> '<json args>'`, so that the pid is the process itself
// (its RSS is the server's own) and --cpu-prof profiles the server, not a launcher.

interface Child {
  process: ChildProcess;
  pid: number;
  ready: Promise<{ port: number; info?: Record<string, unknown> }>;
  result: Promise<unknown>;
  request<T>(what: string, args?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

function startChild(file: string, args: unknown, nodeArgs: string[] = []): Child {
  const child = spawn(
    process.execPath,
    [...nodeArgs, "--import", "tsx", path.join(ROOT, file), JSON.stringify(args)],
    {
      cwd: ROOT,
      detached: true,
      env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    },
  );
  children.add(child);
  child.stdout?.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  const replies = new Map<number, (message: Extract<ChildMessage, { type: "reply" }>) => void>();
  let readyResolve!: (value: { port: number; info?: Record<string, unknown> }) => void;
  let resultResolve!: (value: unknown) => void;
  const ready = new Promise<{ port: number; info?: Record<string, unknown> }>((resolve, reject) => {
    readyResolve = resolve;
    void exited.then((code) => reject(new Error(`${file} exited with ${code} before ready`)));
  });
  const result = new Promise<unknown>((resolve, reject) => {
    resultResolve = resolve;
    void exited.then((code) => reject(new Error(`${file} exited with ${code} without a result`)));
  });
  ready.catch(() => {});
  result.catch(() => {});
  child.on("message", (message: ChildMessage) => {
    if (message.type === "ready") readyResolve(message);
    else if (message.type === "result") resultResolve(message.result);
    else if (message.type === "reply") replies.get(message.id)?.(message);
  });
  let nextId = 0;
  return {
    process: child,
    pid: child.pid!,
    ready,
    result,
    request<T>(what: string, requestArgs?: Record<string, unknown>) {
      const id = ++nextId;
      return new Promise<T>((resolve, reject) => {
        replies.set(id, (reply) => {
          replies.delete(id);
          if (reply.error) reject(new Error(`${what}: ${reply.error}`));
          else resolve(reply.value as T);
        });
        const message: ChildRequest = { type: "request", id, what, args: requestArgs };
        child.send(message);
      });
    },
    async stop() {
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startServer(file: string, args: Record<string, unknown> = {}) {
  const profile =
    CONFIG.cpuProfileDir && file.includes("tavolo")
      ? ["--cpu-prof", `--cpu-prof-dir=${CONFIG.cpuProfileDir}`]
      : [];
  const server = startChild(file, { ...args, port: await freePort() }, profile);
  const ready = await server.ready;
  return { ...server, port: ready.port, info: ready.info };
}

async function runLoad<T>(file: string, args: unknown): Promise<T> {
  const load = startChild(file, args);
  return (await load.result) as T;
}

/** RSS and CPU time of a process, from /proc (Linux). */
function processSample(pid: number): { at: number; rss: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
  // utime and stime are fields 14 and 15; the command name (2) may hold spaces, so split after it.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { at: Date.now(), rss, cpuMs: (ticks * 1000) / 100 };
}

/**
 * Samples a server every 250 ms until stopped: RSS and CPU time from /proc, and every second its
 * own process.memoryUsage() (to tell the JS heap from ArrayBuffers such as PGlite's WASM memory).
 */
function sampler(server: Child) {
  const samples = [{ ...processSample(server.pid), usage: null as NodeJS.MemoryUsage | null }];
  let tick = 0;
  const timer = setInterval(() => {
    try {
      const sample = { ...processSample(server.pid), usage: null as NodeJS.MemoryUsage | null };
      samples.push(sample);
      if (tick++ % 4 === 0) {
        server.request<NodeJS.MemoryUsage>("memoryUsage").then(
          (usage) => (sample.usage = usage),
          () => {},
        );
      }
    } catch {
      // The process is gone.
    }
  }, 250);
  return {
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}

type Sample = ReturnType<typeof processSample> & { usage: NodeJS.MemoryUsage | null };

function inWindow(samples: Sample[], window: { start: number; end: number }) {
  const inside = samples.filter((s) => s.at >= window.start && s.at <= window.end);
  const first = inside[0];
  const last = inside.at(-1);
  const usages = inside.flatMap((s) => (s.usage ? [s.usage] : []));
  const peak = (pick: (u: NodeJS.MemoryUsage) => number) => Math.max(...usages.map(pick));
  return {
    peakHeapUsed: peak((u) => u.heapUsed),
    peakArrayBuffers: peak((u) => u.arrayBuffers),
    peakRss: Math.max(...inside.map((s) => s.rss)),
    cpuPercent:
      first && last && last.at > first.at
        ? (100 * (last.cpuMs - first.cpuMs)) / (last.at - first.at)
        : NaN,
  };
}

// ---------------------------------------------------------------------------------------------
// Scenario 1: fan-out on one document.

interface FanoutColumn {
  load: FanoutResult;
  idleRss: number;
  peakRss: number;
  peakHeapUsed: number;
  peakArrayBuffers: number;
  cpuPercent: number;
}

async function fanoutOn(
  name: string,
  file: string,
  connection: (
    server: Awaited<ReturnType<typeof startServer>>,
  ) => Omit<FanoutArgs, "clients" | "seconds" | "warmupSeconds">,
  serverArgs: Record<string, unknown> = {},
): Promise<FanoutColumn> {
  progress(`fan-out: ${name}: starting the server`);
  const server = await startServer(file, serverArgs);
  try {
    const idleRss = processSample(server.pid).rss;
    const watch = sampler(server);
    progress(
      `fan-out: ${name}: ${CONFIG.fanoutClients} clients, ${CONFIG.fanoutWarmup} s warm-up + ${CONFIG.fanoutSeconds} s`,
    );
    const load = await runLoad<FanoutResult>("bench/realtime/fanout-load.ts", {
      ...connection(server),
      clients: CONFIG.fanoutClients,
      seconds: CONFIG.fanoutSeconds,
      warmupSeconds: CONFIG.fanoutWarmup,
    } satisfies FanoutArgs);
    const { peakRss, peakHeapUsed, peakArrayBuffers, cpuPercent } = inWindow(
      watch.stop(),
      load.window,
    );
    progress(
      `fan-out: ${name}: p50 ${ms(load.latency.p50)} p99 ${ms(load.latency.p99)} ms, lost ${load.lost}; ${load.sanity}`,
    );
    return { load, idleRss, peakRss, peakHeapUsed, peakArrayBuffers, cpuPercent };
  } finally {
    await server.stop();
  }
}

async function fanout(): Promise<string> {
  const tavolo: Column<FanoutColumn>[] = [];
  for (const { kind, label } of TAVOLO_COLUMNS) {
    tavolo.push(
      await tavoloColumn(kind, "fanout", (serverArgs) =>
        fanoutOn(
          label,
          "bench/realtime/tavolo-server.ts",
          (server) => {
            const made = server.info as unknown as TavoloFixture;
            return {
              baseUrl: `ws://127.0.0.1:${server.port}/yjs`,
              docName: `board:${made.meetingId}`,
              query: `token=${made.token}`,
              dialect: "y-websocket",
              sanity: "y-websocket",
            };
          },
          serverArgs,
        ),
      ),
    );
  }
  const hocuspocus = await fanoutOn("Hocuspocus", "bench/realtime/hocuspocus-server.ts", (s) => ({
    baseUrl: `ws://127.0.0.1:${s.port}`,
    docName: "board:fanout",
    query: "",
    dialect: "hocuspocus",
    sanity: "hocuspocus",
  }));
  const floor = await fanoutOn("ws floor", "bench/realtime/ws-floor-server.ts", (s) => ({
    baseUrl: `ws://127.0.0.1:${s.port}`,
    docName: "board:fanout",
    query: "",
    dialect: "relay",
    sanity: null,
  }));

  const columns: [string, Column<FanoutColumn>][] = [
    ...TAVOLO_COLUMNS.map(({ label }, i): [string, Column<FanoutColumn>] => [label, tavolo[i]!]),
    ["Hocuspocus", hocuspocus],
    ["ws floor", floor],
  ];
  const p99Goal = Math.min(40, 0.8 * hocuspocus.load.latency.p99);
  const rssGoal = 0.8 * hocuspocus.peakRss;
  const row = (
    label: string,
    cell: (c: FanoutColumn) => string,
    goal = "",
    met?: (c: FanoutColumn) => boolean,
  ) => [
    label,
    ...columns.map(([, c]) => cellOf(c, cell)),
    goal,
    ...tavolo.map((c) => (met ? verdictOf(c, met) : "")),
  ];
  const first = hocuspocus.load;
  return [
    `**Fan-out**: ${CONFIG.fanoutClients} clients on one document, each sending one update a second ` +
      `(${first.updateBytes.mean.toFixed(0)} bytes on average, ${first.updateBytes.max} at most), ` +
      `${CONFIG.fanoutSeconds} s measured after ${CONFIG.fanoutWarmup} s warm-up; delivery latency ` +
      `over every (sender, receiver) pair, in ms. Tavolo's goals are judged on each Tavolo column`,
    "",
    table(
      [
        "Measurement",
        ...columns.map(([name]) => name),
        "Goal (Tavolo)",
        ...TAVOLO_COLUMNS.map(
          ({ kind }) => `Met? (${kind === "pglite" ? "PGlite" : "PostgreSQL"})`,
        ),
      ],
      [
        row("deliveries measured", (c) => String(c.load.latency.count)),
        row("deliveries lost", (c) => String(c.load.lost)),
        row("latency p50", (c) => ms(c.load.latency.p50)),
        row(
          "latency p99",
          (c) => ms(c.load.latency.p99),
          `p99 ≤ ${ms(p99Goal)} (0.8 × Hocuspocus, ≤ 40)`,
          (c) => c.load.latency.p99 <= p99Goal,
        ),
        row("latency max", (c) => ms(c.load.latency.max)),
        row("latency mean", (c) => ms(c.load.latency.mean)),
        row("server RSS before the clients (MiB)", (c) => mib(c.idleRss)),
        row(
          "server RSS, peak under load (MiB)",
          (c) => mib(c.peakRss),
          `peak RSS ≤ ${mib(rssGoal)} (0.8 × Hocuspocus)`,
          (c) => c.peakRss <= rssGoal,
        ),
        row("  of which JS heap used, peak (MiB)", (c) => mib(c.peakHeapUsed)),
        row("  ArrayBuffers, peak (MiB)", (c) => mib(c.peakArrayBuffers)),
        row("server CPU under load (% of one core)", (c) => c.cpuPercent.toFixed(0)),
        row("load generator event-loop delay p99", (c) => ms(c.load.loadLagP99Ms)),
      ],
    ),
    "",
    ...columns.flatMap(([name, c]) =>
      !isMissing(c) && c.load.sanity ? [`Sanity (warm-up), ${name}: ${c.load.sanity}.`] : [],
    ),
    ...(columns.some(([, c]) => !isMissing(c) && c.load.unknownFrames)
      ? [
          `Unrecognised update frames: ${columns.map(([, c]) => cellOf(c, (x) => String(x.load.unknownFrames))).join(" / ")}.`,
        ]
      : []),
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Scenario 2: a phase change to a 500-socket room.

async function liveOn(name: string, file: string, serverArgs: Record<string, unknown> = {}) {
  progress(`meeting control: ${name}: starting the server`);
  const server = await startServer(file, serverArgs);
  try {
    const made = server.info as unknown as TavoloFixture | undefined;
    progress(
      `meeting control: ${name}: ${CONFIG.liveClients} sockets, ${CONFIG.liveChanges} changes`,
    );
    const result = await runLoad<LiveResult>("bench/realtime/live-load.ts", {
      url: `http://127.0.0.1:${server.port}`,
      target: made ? "tavolo" : "raw",
      token: made?.token ?? "",
      meetingId: made?.meetingId ?? "00000000-0000-4000-8000-000000000000",
      clients: CONFIG.liveClients,
      changes: CONFIG.liveChanges,
      warmupChanges: CONFIG.liveWarmup,
      pauseMs: 200,
    } satisfies LiveArgs);
    progress(`meeting control: ${name}: p99 ${ms(result.latency.p99)} ms`);
    return result;
  } finally {
    await server.stop();
  }
}

async function live(): Promise<string> {
  const tavolo: Column<LiveResult>[] = [];
  for (const { kind, label } of TAVOLO_COLUMNS) {
    tavolo.push(
      await tavoloColumn(kind, "live", (serverArgs) =>
        liveOn(label, "bench/realtime/tavolo-server.ts", serverArgs),
      ),
    );
  }
  const raw = await liveOn("raw socket.io", "bench/realtime/socketio-server.ts");
  const goal = 1.1 * raw.latency.p99;
  const row = (
    label: string,
    cell: (r: LiveResult) => string,
    g = "",
    met?: (r: LiveResult) => boolean,
  ) => [
    label,
    ...tavolo.map((c) => cellOf(c, cell)),
    cell(raw),
    g,
    ...tavolo.map((c) => (met ? verdictOf(c, met) : "")),
  ];
  return [
    `**Meeting control**: ${CONFIG.liveClients} socket.io clients (websocket transport) in one room; ` +
      `${CONFIG.liveChanges} phase changes measured after ${CONFIG.liveWarmup}, one at a time; ` +
      `latency from the facilitator's emit to each client's \`meeting:state\`, in ms. The goal is ` +
      `judged on each Tavolo column`,
    "",
    table(
      [
        "Measurement",
        ...TAVOLO_COLUMNS.map(({ label }) => `${label}: phase change`),
        "raw io.to(room).emit",
        "Goal (Tavolo)",
        ...TAVOLO_COLUMNS.map(
          ({ kind }) => `Met? (${kind === "pglite" ? "PGlite" : "PostgreSQL"})`,
        ),
      ],
      [
        row("deliveries measured", (r) => String(r.latency.count)),
        row("deliveries lost", (r) => String(r.lost)),
        row("delivery p50", (r) => ms(r.latency.p50)),
        row(
          "delivery p99",
          (r) => ms(r.latency.p99),
          `p99 ≤ ${ms(goal)} (1.1 × raw)`,
          (r) => r.latency.p99 <= goal,
        ),
        row("delivery max", (r) => ms(r.latency.max)),
        row("facilitator's ack p50", (r) => ms(r.ack.p50)),
        row("facilitator's ack p99", (r) => ms(r.ack.p99)),
        row("`meeting:state` payload (bytes of JSON)", (r) => String(r.payloadBytes)),
      ],
    ),
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Scenario 3: a 5,000-card board — joins with the room unloaded and loaded, growth under moves.

interface Storage {
  snapshot: number;
  log: number;
  rows: number;
}

interface PositionsCheck {
  cards: number;
  /** Cards whose position on the server differs from the clients' (or is missing, or extra). */
  differInMemory: number;
  differStored: number;
}

interface BoardColumn {
  pushed: PushResult;
  storedAsPushed: Storage;
  created: Storage;
  memoryCreated: number;
  /** Room not loaded: the first join after a restart, then joins after the room was unloaded. */
  firstJoin: JoinTiming;
  unloaded: JoinTiming[];
  /** Room loaded (another client connected): clients with an empty document joining. */
  loaded: JoinTiming[];
  serverSide: { workerStart: LoadTiming; timings: LoadTiming[] };
  moved: Omit<MovesResult, "positions">;
  positions: PositionsCheck;
  memoryMoved: number;
  storedMoved: Storage;
  compactedMoved: Storage;
}

/** Rooms unload this long after their last client leaves (the server's default is 30 s). */
const UNLOAD_MS = 1000;

/** How many cards sit elsewhere on the server than where the clients left them. */
function positionsDiffer(expected: [string, number, number][], actual: [string, unknown][]) {
  const server = new Map(actual.map(([id, at]) => [id, JSON.stringify(at)]));
  let differ = Math.max(0, server.size - expected.length);
  for (const [id, x, y] of expected) {
    if (server.get(id) !== JSON.stringify({ x, y })) differ += 1;
  }
  return differ;
}

async function boardOn(
  name: string,
  serverArgs: Pick<TavoloServerArgs, "dataDir" | "database">,
): Promise<BoardColumn> {
  const start = () =>
    startServer("bench/realtime/tavolo-server.ts", {
      ...serverArgs,
      // The moves go faster than a person drags (the endpoint closes a socket past 300 messages a
      // second by default): the bench lets them through, the figure is the document's growth.
      yjsLimits: {
        idleUnloadMs: UNLOAD_MS,
        maxMessagesPerSecond: Math.max(300, 2 * CONFIG.movesPerSecond),
      },
    } satisfies Omit<TavoloServerArgs, "port">);
  const connection = (server: Awaited<ReturnType<typeof start>>) => {
    const made = server.info as unknown as TavoloFixture;
    return {
      baseUrl: `ws://127.0.0.1:${server.port}/yjs`,
      docName: `board:${made.boardMeetingId}`,
      query: `token=${made.token}`,
    };
  };

  progress(`board: ${name}: pushing ${CONFIG.boardCards} cards`);
  let server = await start();
  const docName = connection(server).docName;
  const pushed = await runLoad<PushResult>("bench/realtime/board-load.ts", {
    ...connection(server),
    mode: "push",
    cards: CONFIG.boardCards,
    cardsPerUpdate: 250,
  } satisfies BoardArgs);
  const storedAsPushed = await server.request<Storage>("storage", { docName });
  await server.request("compact", { docName });
  const created = await server.request<Storage>("storage", { docName });
  const memoryCreated = (await server.request<{ bytes: number }>("memory", { docName })).bytes;
  await server.stop();

  progress(`board: ${name}: first join after a restart`);
  server = await start();
  const join = async (joins: number, holdRoom: boolean) =>
    runLoad<JoinTiming[]>("bench/realtime/board-load.ts", {
      ...connection(server),
      mode: "join",
      joins,
      holdRoom,
    } satisfies BoardArgs);
  const firstJoin = (await join(1, false))[0]!;
  const unloaded: JoinTiming[] = [];
  for (let r = 0; r < CONFIG.coldJoins; r++) {
    progress(`board: ${name}: join ${r + 1}/${CONFIG.coldJoins} with the room unloaded`);
    await sleep(UNLOAD_MS + 1000);
    for (let waited = 0; (await server.request<number>("loadedDocuments")) > 0; waited++) {
      if (waited === 20) throw new Error("the board's room stays loaded with no client");
      await sleep(250);
    }
    unloaded.push((await join(1, false))[0]!);
  }
  progress(`board: ${name}: ${CONFIG.warmJoins} joins of empty clients with the room loaded`);
  const loaded = await join(CONFIG.warmJoins, true);
  progress(`board: ${name}: server side of ${CONFIG.coldJoins} loads`);
  const serverSide = await server.request<BoardColumn["serverSide"]>("loadTimings", {
    docName,
    times: CONFIG.coldJoins,
  });

  progress(
    `board: ${name}: ${CONFIG.moves} moves from ${CONFIG.moveClients} clients at ${CONFIG.movesPerSecond}/s each`,
  );
  const { positions: expected, ...moved } = await runLoad<MovesResult>(
    "bench/realtime/board-load.ts",
    {
      ...connection(server),
      mode: "moves",
      moves: CONFIG.moves,
      clients: CONFIG.moveClients,
      movesPerSecond: CONFIG.movesPerSecond,
    } satisfies BoardArgs,
  );
  const onServer = await server.request<{
    inMemory: [string, unknown][];
    stored: [string, unknown][];
  }>("positions", { docName });
  const positions: PositionsCheck = {
    cards: expected.length,
    differInMemory: positionsDiffer(expected, onServer.inMemory),
    differStored: positionsDiffer(expected, onServer.stored),
  };
  progress(
    `board: ${name}: moves took ${moved.seconds.toFixed(1)} s; positions differing from the clients': ` +
      `${positions.differInMemory} in memory, ${positions.differStored} stored (of ${positions.cards})`,
  );
  const memoryMoved = (await server.request<{ bytes: number }>("memory", { docName })).bytes;
  const storedMoved = await server.request<Storage>("storage", { docName });
  await server.request("compact", { docName });
  const compactedMoved = await server.request<Storage>("storage", { docName });
  await server.stop();
  return {
    pushed,
    storedAsPushed,
    created,
    memoryCreated,
    firstJoin,
    unloaded,
    loaded,
    serverSide,
    moved,
    positions,
    memoryMoved,
    storedMoved,
    compactedMoved,
  };
}

async function board(): Promise<string> {
  const columns: Column<BoardColumn>[] = [];
  for (const { kind, label } of TAVOLO_COLUMNS) {
    columns.push(await tavoloColumn(kind, "board", (serverArgs) => boardOn(label, serverArgs)));
  }

  const med = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  const spread = (values: number[]) => `${ms(med(values))} (max ${ms(Math.max(...values))})`;
  const joinCell = (pick: (c: BoardColumn) => JoinTiming[], of: (t: JoinTiming) => number) => {
    return (c: BoardColumn) => spread(pick(c).map(of));
  };
  const sideCell = (of: (t: LoadTiming) => number) => (c: BoardColumn) =>
    spread(c.serverSide.timings.map(of));
  const storedBytes = (s: Storage) => s.snapshot + s.log;
  const growth = (after: number, before: number) =>
    `${after >= before ? "+" : "−"}${((100 * Math.abs(after - before)) / before).toFixed(1)} %`;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const maxOf = (values: JoinTiming[]) => Math.max(...values.map((t) => t.totalMs));

  type Row = [string, (c: BoardColumn) => string, string?, ((c: BoardColumn) => boolean)?];
  const rows: Row[] = [
    ["document after creation: encodeStateAsUpdate (client)", (c) => kb(c.pushed.docBytes)],
    ["  in the server's memory", (c) => kb(c.memoryCreated)],
    [
      "  stored: as pushed (snapshot + log rows)",
      (c) => `${kb(storedBytes(c.storedAsPushed))} (${c.storedAsPushed.rows} rows)`,
    ],
    ["  stored: after compaction", (c) => kb(storedBytes(c.created))],
    [
      "**Room not loaded**: a client with an empty document joins a board no one has open",
      () => "",
    ],
    [
      "first join after a restart: upgrade → open (auth + load room)",
      (c) => ms(c.firstJoin.openMs),
    ],
    ["  sync step 1 → sync step 2", (c) => ms(c.firstJoin.syncMs)],
    [
      "  upgrade → sync step 2",
      (c) => ms(c.firstJoin.totalMs),
      "≤ 50",
      (c) => c.firstJoin.totalMs <= 50,
    ],
    ["  sync step 2 size", (c) => kb(c.firstJoin.step2Bytes)],
    [
      `after idle unload (${CONFIG.coldJoins}×): upgrade → open (auth + load room)`,
      joinCell(
        (c) => c.unloaded,
        (t) => t.openMs,
      ),
    ],
    [
      "  sync step 1 → sync step 2",
      joinCell(
        (c) => c.unloaded,
        (t) => t.syncMs,
      ),
    ],
    [
      "  upgrade → sync step 2",
      joinCell(
        (c) => c.unloaded,
        (t) => t.totalMs,
      ),
      "≤ 50 (max)",
      (c) => maxOf(c.unloaded) <= 50,
    ],
    [
      `  server side (${CONFIG.coldJoins}×), in the server process: read snapshot + log rows`,
      sideCell((t) => t.readMs),
    ],
    [
      "    Room.load (reads again, keeps a snapshot as bytes, starts the mirror)",
      sideCell((t) => t.roomLoadMs),
    ],
    [
      "    reply to an empty state vector, via the cold-sync worker",
      (c) =>
        `${sideCell((t) => t.diffMs)(c)}, ${c.serverSide.timings.filter((t) => t.byWorker).length}/${c.serverSide.timings.length} by the worker`,
    ],
    [
      "    Room.load + reply",
      sideCell((t) => t.roomLoadMs + t.diffMs),
      "≤ 50 (max)",
      (c) => Math.max(...c.serverSide.timings.map((t) => t.roomLoadMs + t.diffMs)) <= 50,
    ],
    [
      "    the same, first in the process (includes the worker's start)",
      (c) => ms(c.serverSide.workerStart.roomLoadMs + c.serverSide.workerStart.diffMs),
    ],
    [
      `**Room loaded** (another client connected): a cold client, empty document, joins (${CONFIG.warmJoins}×)`,
      () => "",
    ],
    [
      "  upgrade → open (auth)",
      joinCell(
        (c) => c.loaded,
        (t) => t.openMs,
      ),
    ],
    [
      "  sync step 1 → sync step 2",
      joinCell(
        (c) => c.loaded,
        (t) => t.syncMs,
      ),
    ],
    [
      "  upgrade → sync step 2",
      joinCell(
        (c) => c.loaded,
        (t) => t.totalMs,
      ),
      "≤ 50 (max)",
      (c) => maxOf(c.loaded) <= 50,
    ],
    [
      `**Growth**: ${CONFIG.moves} card moves (${CONFIG.moveClients} clients at ${CONFIG.movesPerSecond}/s each, one update per move)`,
      (c) => `${c.moved.seconds.toFixed(1)} s (${(c.moved.moves / c.moved.seconds).toFixed(0)}/s)`,
    ],
    ["  update size, mean (bytes)", (c) => c.moved.meanUpdateBytes.toFixed(0)],
    [
      "  cards where the server's position ≠ the clients' (in memory / stored)",
      (c) => `${c.positions.differInMemory} / ${c.positions.differStored} of ${c.positions.cards}`,
    ],
    [
      "document after moves: in the server's memory",
      (c) => `${kb(c.memoryMoved)} (${growth(c.memoryMoved, c.memoryCreated)})`,
      "≤ +10 %",
      (c) => c.memoryMoved <= 1.1 * c.memoryCreated,
    ],
    [
      "  stored: snapshot + log as left by the server",
      (c) => `${kb(storedBytes(c.storedMoved))} (${c.storedMoved.rows} rows)`,
    ],
    [
      "  stored: after compaction",
      (c) =>
        `${kb(storedBytes(c.compactedMoved))} (${growth(storedBytes(c.compactedMoved), storedBytes(c.created))})`,
      "≤ +10 %",
      (c) => storedBytes(c.compactedMoved) <= 1.1 * storedBytes(c.created),
    ],
  ];
  const pushedWith = columns.find((c): c is BoardColumn => !isMissing(c));
  return [
    `**Board**: ${CONFIG.boardCards} cards (core/board.ts's putCard, text 20–100 characters; ` +
      `positions through core/board-positions.ts: setPositions on creation, setPosition per move), ` +
      `pushed through /yjs in ${pushedWith?.pushed.updates ?? "?"} updates; join times in ms, ` +
      `median (max); rooms unload ${UNLOAD_MS / 1000} s after their last client leaves (bench ` +
      `setting), so a join after idle unload reads the room from the database. Goals are judged ` +
      `on each Tavolo column`,
    "",
    table(
      [
        "Measurement",
        ...TAVOLO_COLUMNS.map(({ label }) => label),
        "Goal",
        ...TAVOLO_COLUMNS.map(
          ({ kind }) => `Met? (${kind === "pglite" ? "PGlite" : "PostgreSQL"})`,
        ),
      ],
      rows.map(([label, cell, goal = "", met]) => [
        label,
        ...columns.map((c) => cellOf(c, cell)),
        goal,
        ...columns.map((c) => (met ? verdictOf(c, met) : "")),
      ]),
    ),
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// The report.

function ms(value: number): string {
  if (!Number.isFinite(value)) return "?";
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

function mib(bytes: number): string {
  return Number.isFinite(bytes) ? (bytes / 2 ** 20).toFixed(0) : "?";
}

function verdict(met: boolean): string {
  return met ? "met" : "**not met**";
}

function table(header: string[], body: string[][]): string {
  const widths = header.map((_, i) =>
    Math.max(...[header, ...body].map((line) => line[i]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(header), rule, ...body.map(line)].join("\n");
}

function version(pkg: string): string {
  const file = path.join(ROOT, "node_modules", pkg, "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

async function main(): Promise<number> {
  const loadBefore = os.loadavg()[0]!;
  postgres = await probePostgres();
  progress(
    "error" in postgres
      ? `PostgreSQL at ${redact(CONFIG.pgUrl)} unreachable (${postgres.error}): its columns say n/a`
      : `PostgreSQL ${postgres.version} at ${redact(CONFIG.pgUrl)}`,
  );
  const sections: string[] = [];
  let failed = false;
  const scenarios: [string, () => Promise<string>][] = [
    ["fanout", fanout],
    ["live", live],
    ["board", board],
  ];
  for (const [name, run] of scenarios) {
    if (!CONFIG.only.has(name)) continue;
    try {
      sections.push(await run());
    } catch (error) {
      failed = true;
      console.error(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      sections.push(`**${name}**: failed (see stderr)`);
    }
  }
  const cpus = os.cpus();
  console.log(
    [
      "",
      `Tavolo real-time bench, ${new Date().toISOString().slice(0, 10)}`,
      `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
        `${os.platform()} ${os.release()}; 1-min load average ${loadBefore.toFixed(2)} before, ` +
        `${os.loadavg()[0]!.toFixed(2)} after`,
      `Node ${process.version}, yjs ${version("yjs")}, ws ${version("ws")}, ` +
        `@hocuspocus/server ${version("@hocuspocus/server")}, socket.io ${version("socket.io")}, ` +
        `PGlite ${version("@electric-sql/pglite")} (in Tavolo's server process), ` +
        ("error" in postgres
          ? `PostgreSQL unreachable at ${redact(CONFIG.pgUrl)} (${postgres.error})`
          : `PostgreSQL ${postgres.version} at ${redact(CONFIG.pgUrl)} (database ${CONFIG.pgDatabase}, ` +
            `pg pool of 10, on the same machine)`),
      CONFIG.cpuProfileDir ? `Tavolo's servers ran with --cpu-prof (${CONFIG.cpuProfileDir})` : "",
      "",
      sections.join("\n\n"),
      "",
    ].join("\n"),
  );
  return failed || columnFailed ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.stack : String(error));
} finally {
  await cleanUpAll();
}
process.exit(exitCode);
