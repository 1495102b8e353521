// `npm run bench`: start-up time and GET /api/v1/roundtables latency on PGlite and PostgreSQL,
// next to the raw driver running the same SQL (the floor). Measures and prints; asserts no timing.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
} from "kysely";
import pg from "pg";
import { PGliteDialect } from "../db/pglite-dialect";
import type { Database } from "../db/schema";
import { createAccounts, DEFAULT_SESSION_POLICY } from "../server/services/accounts";
import { createRoundtables } from "../server/services/roundtables";
import { tokenHash } from "../server/services/secrets";
import { envInt } from "./env";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

const CONFIG = {
  starts: envInt("BENCH_STARTS", 3),
  requests: envInt("BENCH_REQUESTS", 2000),
  warmup: envInt("BENCH_WARMUP", 200),
  concurrency: envInt("BENCH_CONCURRENCY", 10),
  tavoli: 500,
  memberOf: 50,
  pgUrl: process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  pgDatabase: "tavolo_bench",
  /** The API allows 600 requests a minute per token; each bench token serves at most this many. */
  usesPerToken: 500,
};

// ---------------------------------------------------------------------------------------------
// Cleanup: every child process and temp dir is registered, and removed on any exit path.

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];
const TEMP_ROOT = mkdtempSync(path.join(os.tmpdir(), "tavolo-bench-"));

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // detached: the group is tsx and the node it starts
  } catch {
    // Already gone.
  }
}

async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch((error: unknown) => console.error(`cleanup: ${String(error)}`));
  }
  for (const child of children) killGroup(child, "SIGKILL");
  rmSync(TEMP_ROOT, { recursive: true, force: true });
}

process.on("exit", () => {
  for (const child of children) killGroup(child, "SIGKILL");
  rmSync(TEMP_ROOT, { recursive: true, force: true });
});
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) return; // tsx relays the terminal's signal: it may arrive twice
    interrupted = true;
    console.error(`\n${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

function progress(message: string) {
  process.stderr.write(`· ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Statistics and the closed-loop load generator.

interface Stats {
  p50: number;
  p99: number;
  mean: number;
  perSecond: number;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

function summarize(latencies: number[], wallSeconds: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
    perSecond: sorted.length / wallSeconds,
  };
}

/** Runs `once` `total` times from `concurrency` workers, each starting its next call when one ends. */
async function load(total: number, concurrency: number, once: () => Promise<void>): Promise<Stats> {
  const latencies: number[] = [];
  let issued = 0;
  const worker = async () => {
    while (issued < total) {
      issued++;
      const start = performance.now();
      await once();
      latencies.push(performance.now() - start);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarize(latencies, (performance.now() - start) / 1000);
}

/** Warm-up (discarded), then the measured run. */
async function bench(concurrency: number, once: () => Promise<void>): Promise<Stats> {
  await load(CONFIG.warmup, concurrency, once);
  return load(CONFIG.requests, concurrency, once);
}

/**
 * Two sequential variants called in alternation (a, b, a, b…), so that drift (JIT, GC, a busy
 * neighbour) touches both alike and their difference means something. Throughput is 1000 / mean.
 */
async function alternate(a: () => Promise<void>, b: () => Promise<void>): Promise<[Stats, Stats]> {
  const latencies: [number[], number[]] = [[], []];
  for (let i = 0; i < CONFIG.warmup + CONFIG.requests; i++) {
    for (const [k, once] of [a, b].entries()) {
      const start = performance.now();
      await once();
      if (i >= CONFIG.warmup) latencies[k]!.push(performance.now() - start);
    }
  }
  const sum = (values: number[]) => values.reduce((total, v) => total + v, 0) / 1000;
  return [summarize(latencies[0], sum(latencies[0])), summarize(latencies[1], sum(latencies[1]))];
}

// ---------------------------------------------------------------------------------------------
// Child processes: the server and the CLI, both run as `tsx <file>` like `npm start` does.

type Target = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

function childEnv(target: Target, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["DATABASE_URL", "TAVOLO_DEMO", "TAVOLO_PUBLIC_URL", "PORT"]) delete env[name];
  Object.assign(env, { NODE_ENV: "production", ...extra });
  if (target.kind === "postgres") env.DATABASE_URL = target.url;
  // Also set for PostgreSQL, so that nothing is ever written to ./data.
  env.TAVOLO_DATA_DIR = target.kind === "pglite" ? target.dataDir : path.join(TEMP_ROOT, "unused");
  return env;
}

function spawnTracked(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(TSX, args, { cwd: ROOT, env, detached: true, stdio: "pipe" });
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function runCli(target: Target, args: string[]): Promise<string> {
  const child = spawnTracked(["server/cli.ts", ...args], childEnv(target));
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`cli ${args[0]} exited with ${code}: ${stderr.trim()}`);
  return stdout.trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Server {
  url: string;
  /** Spawn to the first 200 from /healthz. */
  startMs: number;
  /** "database ready … in N ms" from the server's log: opening and migrating the database. */
  dbReadyMs: number;
  stop(): Promise<void>;
}

async function startServer(target: Target): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawnTracked(
    ["server/index.ts"],
    childEnv(target, { PORT: String(port), HOST: "127.0.0.1" }),
  );
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));

  const stop = async () => {
    killGroup(child, "SIGTERM");
    const killed = setTimeout(() => killGroup(child, "SIGKILL"), 15_000);
    await exited(child);
    clearTimeout(killed);
  };
  cleanups.push(stop);

  let startMs = NaN;
  while (Number.isNaN(startMs)) {
    const failure =
      child.exitCode !== null || child.signalCode !== null
        ? "server exited during start-up"
        : performance.now() - started > 120_000
          ? "server start timed out"
          : null;
    if (failure) {
      await stop();
      throw new Error(`${failure}:\n${log.trim()}`);
    }
    const ok = await fetch(`${url}/healthz`).then(
      async (res) => (await res.arrayBuffer(), res.status === 200),
      () => false,
    );
    if (ok) startMs = performance.now() - started;
    else await sleep(5);
  }

  const dbReadyMs = Number(/database ready \(\w+\) in (\d+) ms/.exec(log)?.[1] ?? NaN);
  return { url, startMs, dbReadyMs, stop };
}

// ---------------------------------------------------------------------------------------------
// The API client, seeding, and the tokens the rate limit calls for.

/** Round-robin over enough tokens that none passes the API's per-token rate limit. */
class TokenPool {
  private next = 0;
  constructor(private readonly tokens: string[]) {}
  take(): string {
    return this.tokens[this.next++ % this.tokens.length]!;
  }
}

/** GET (no body) or POST (body) /api/v1/roundtables; anything but 200/201 throws. */
async function api(
  server: Server,
  token: string,
  body?: unknown,
  encoding: "gzip" | "identity" = "gzip",
): Promise<Response> {
  const method = body ? "POST" : "GET";
  const response = await fetch(`${server.url}/api/v1/roundtables`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      // gzip is what browsers and most HTTP clients accept: the server then compresses over 1 kB.
      "accept-encoding": encoding,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status !== (method === "GET" ? 200 : 201)) {
    throw new Error(
      `${method} /api/v1/roundtables: HTTP ${response.status} ${await response.text()}`,
    );
  }
  return response;
}

interface Account {
  userId: string;
  tokens: TokenPool;
}

async function createAccount(target: Target, who: string, requests: number): Promise<Account> {
  const email = `${who}@bench.example`;
  const created = await runCli(target, [
    "user:create",
    "--email",
    email,
    "--name",
    who,
    "--password",
    "bench password 1234",
  ]);
  const userId = /created user ([0-9a-f-]{36})/.exec(created)?.[1];
  if (!userId) throw new Error(`unexpected user:create output: ${created}`);
  const count = Math.ceil(requests / CONFIG.usesPerToken);
  const tokens: string[] = [];
  while (tokens.length < count) {
    const batch = Array.from({ length: Math.min(2, count - tokens.length) }, () =>
      runCli(target, ["token:create", "--email", email]),
    );
    tokens.push(...(await Promise.all(batch)));
  }
  return { userId, tokens: new TokenPool(tokens) };
}

const TERRITORIES = ["Bologna", "Modena", "Parma", "Reggio Emilia", "Ferrara", "Rimini", "Forlì"];

/** 500 tavoli through the API, one in ten created by (so facilitated by) the bench user. */
async function seed(server: Server, member: Account, other: Account) {
  const every = CONFIG.tavoli / CONFIG.memberOf;
  for (let i = 0; i < CONFIG.tavoli; i++) {
    const owner = i % every === 0 ? member : other;
    await api(server, owner.tokens.take(), {
      name: `Tavolo ${i + 1}`,
      territory: TERRITORIES[i % TERRITORIES.length],
      description: i % 3 === 0 ? `Tavolo di co-progettazione numero ${i + 1}.` : undefined,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The SQL the endpoint runs, compiled by Kysely from the services' own code (nothing copied).

async function captureQueries(run: (db: Kysely<Database>) => Promise<unknown>) {
  const queries: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (inner) => new PostgresIntrospector(inner),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level === "query") queries.push(event.query);
    },
  });
  await run(db);
  await db.destroy();
  return queries;
}

interface EndpointSql {
  auth: { sql: string; parameters: unknown[] };
  list: { sql: string; parameters: unknown[] };
}

async function endpointSql(userId: string, token: string): Promise<EndpointSql> {
  const actor = { userId, name: "bench", isAdmin: false, locale: null };
  const [auth] = await captureQueries((db) =>
    createAccounts(db, DEFAULT_SESSION_POLICY, () => new Date()).actorForApiToken(token),
  );
  const [list] = await captureQueries((db) => createRoundtables(db, () => new Date()).list(actor));
  if (!auth || !list) throw new Error("could not capture the endpoint's SQL");
  // The dummy driver finds no token, so the auth query ran with this token's hash: check it.
  if (!auth.parameters.includes(tokenHash(token))) throw new Error("unexpected auth query");
  return {
    auth: { sql: auth.sql, parameters: [...auth.parameters] },
    list: { sql: list.sql, parameters: [...list.parameters] },
  };
}

type RawQuery = (sql: string, parameters: unknown[]) => Promise<{ rows: unknown[] }>;

/** The database opened in the bench process: the raw driver, and Kysely over that same driver. */
interface Direct {
  query: RawQuery;
  db: Kysely<Database>;
  close(): Promise<void>;
}

interface DirectResults {
  listSql: string;
  listSequential: Stats;
  listConcurrent: Stats;
  authAndList: Stats;
  services: Stats;
}

/**
 * The driver alone: the list query, and the auth query followed by it (the SQL of one request);
 * then the same two steps through the services and Kysely, as the server calls them.
 */
async function direct(handles: Direct, member: Account, token: string): Promise<DirectResults> {
  const { query } = handles;
  const sql = await endpointSql(member.userId, token);
  const { rows } = await query(sql.list.sql, sql.list.parameters);
  if (rows.length !== CONFIG.memberOf) throw new Error(`list query returned ${rows.length} rows`);
  const list = async () => void (await query(sql.list.sql, sql.list.parameters));
  const clock = () => new Date();
  const accounts = createAccounts(handles.db, DEFAULT_SESSION_POLICY, clock);
  const roundtables = createRoundtables(handles.db, clock);
  const sqlOnly = async () => {
    await query(sql.auth.sql, sql.auth.parameters);
    await list();
  };
  const throughServices = async () => {
    const actor = await accounts.actorForApiToken(token);
    if (!actor) throw new Error("token not found");
    await roundtables.list(actor);
  };
  const [authAndList, services] = await alternate(sqlOnly, throughServices);
  const listSequential = await bench(1, list);
  const listConcurrent = await bench(CONFIG.concurrency, list);
  return { listSql: sql.list.sql, listSequential, listConcurrent, authAndList, services };
}

// ---------------------------------------------------------------------------------------------
// One database kind, end to end.

interface Results {
  coldStart: number[];
  coldDbReady: number[];
  warmStart: number[];
  warmDbReady: number[];
  responseBytes: number;
  health: Stats;
  httpSequential: Stats;
  httpIdentity: Stats;
  httpConcurrent: Stats;
  direct: DirectResults;
}

interface Backend {
  /** A fresh, empty database; `rep` numbers the cold starts. */
  fresh(rep: number): Promise<Target>;
  /** The seeded database opened in this process, once the server has stopped. */
  openDirect(target: Target): Promise<Direct>;
}

async function measureBackend(name: string, backend: Backend): Promise<Results> {
  const coldStart: number[] = [];
  const coldDbReady: number[] = [];
  let target: Target | undefined;
  for (let rep = 0; rep < CONFIG.starts; rep++) {
    target = await backend.fresh(rep);
    const server = await startServer(target);
    progress(`${name}: cold start ${rep + 1}/${CONFIG.starts}: ${server.startMs.toFixed(0)} ms`);
    coldStart.push(server.startMs);
    coldDbReady.push(server.dbReadyMs);
    await server.stop();
  }
  if (!target) throw new Error("no start");

  const warmStart: number[] = [];
  const warmDbReady: number[] = [];
  let server: Server | undefined;
  for (let rep = 0; rep < CONFIG.starts; rep++) {
    await server?.stop();
    server = await startServer(target);
    progress(`${name}: warm start ${rep + 1}/${CONFIG.starts}: ${server.startMs.toFixed(0)} ms`);
    warmStart.push(server.startMs);
    warmDbReady.push(server.dbReadyMs);
  }
  if (!server) throw new Error("no start");
  const running = server;

  progress(`${name}: creating accounts and tokens (CLI)`);
  const perRun = CONFIG.warmup + CONFIG.requests;
  const member = await createAccount(target, "member", CONFIG.memberOf + 3 * perRun + 1);
  const other = await createAccount(target, "other", CONFIG.tavoli);
  progress(`${name}: seeding ${CONFIG.tavoli} tavoli through the API`);
  await seed(running, member, other);

  const first = await api(running, member.tokens.take());
  const firstBody = (await first.json()) as { roundtables: unknown[] };
  if (firstBody.roundtables.length !== CONFIG.memberOf)
    throw new Error(`GET returned ${firstBody.roundtables.length} tavoli`);
  const responseBytes = JSON.stringify(firstBody).length;

  progress(`${name}: HTTP load`);
  const health = await bench(1, async () => {
    const res = await fetch(`${running.url}/healthz`);
    await res.arrayBuffer();
  });
  const get = (encoding: "gzip" | "identity") => async () => {
    const response = await api(running, member.tokens.take(), undefined, encoding);
    await response.arrayBuffer();
  };
  const [httpSequential, httpIdentity] = await alternate(get("gzip"), get("identity"));
  const httpConcurrent = await bench(CONFIG.concurrency, get("gzip"));
  await running.stop();

  progress(`${name}: in-process driver and services`);
  const handles = await backend.openDirect(target);
  try {
    return {
      coldStart,
      coldDbReady,
      warmStart,
      warmDbReady,
      responseBytes,
      health,
      httpSequential,
      httpIdentity,
      httpConcurrent,
      direct: await direct(handles, member, member.tokens.take()),
    };
  } finally {
    await handles.close();
  }
}

const pgliteBackend: Backend = {
  async fresh(rep) {
    return { kind: "pglite", dataDir: path.join(TEMP_ROOT, `pglite-${rep}`) };
  },
  async openDirect(target) {
    if (target.kind !== "pglite") throw new Error("not PGlite");
    // The server has stopped: its data dir, with the seeded rows, is free to open in-process.
    const pglite = await PGlite.create(target.dataDir);
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      query: (sql, parameters) => pglite.query(sql, parameters),
      db,
      close: async () => {
        await db.destroy(); // closes PGlite, if Kysely ever used it
        if (!pglite.closed) await pglite.close();
      },
    };
  },
};

function postgresBackend(adminUrl: string): Backend {
  const benchUrl = new URL(adminUrl);
  benchUrl.pathname = `/${CONFIG.pgDatabase}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const drop = () => admin(`drop database if exists ${CONFIG.pgDatabase} with (force)`);
  let registered = false;
  return {
    async fresh() {
      if (!registered) {
        cleanups.push(drop);
        registered = true;
      }
      await drop();
      await admin(`create database ${CONFIG.pgDatabase}`);
      return { kind: "postgres", url: benchUrl.href };
    },
    async openDirect() {
      const pool = new pg.Pool({ connectionString: benchUrl.href, max: 10 }); // as the server's
      // pool.end() does not wait for sockets to close; the final drop may still reach one.
      pool.on("error", () => {});
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
      return {
        query: (sql, parameters) => pool.query(sql, parameters),
        db,
        close: async () => {
          await db.destroy(); // ends the pool, if Kysely ever used it
          if (!pool.ending && !pool.ended) await pool.end();
        },
      };
    },
  };
}

/** The PostgreSQL version, or why it cannot be used. */
async function probePostgres(url: string): Promise<{ version: string } | { error: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>("show server_version");
    return { version: rows[0]?.server_version ?? "?" };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// The report.

type Column = Results | string; // a string explains why there are no figures

const ms = (v: number) => (Number.isNaN(v) ? "?" : v < 10 ? v.toFixed(2) : v.toFixed(0));
const rate = (v: number) => v.toFixed(0);

type Row = [string, (r: Results) => string] | [string];
type Stat = "p50" | "p99" | "mean" | "perSecond";
const ALL: Stat[] = ["p50", "p99", "mean", "perSecond"];
const LATENCY: Stat[] = ["p50", "p99", "mean"];

function statRows(label: string, pick: (r: Results) => Stats, stats = ALL, unit = "req/s"): Row[] {
  const title: Record<Stat, string> = { p50: "p50", p99: "p99", mean: "mean", perSecond: unit };
  return stats.map((stat) => [
    `${label}: ${title[stat]}`,
    (r) => (stat === "perSecond" ? rate(pick(r)[stat]) : ms(pick(r)[stat])),
  ]);
}

function rows(): Row[] {
  const c = CONFIG.concurrency;
  const startCell = (values: number[]) => `${ms(median(values))} (${ms(Math.min(...values))})`;
  return [
    ["**Start-up**: spawn of `tsx server/index.ts` → first 200 from /healthz; median (min)"],
    ["cold: fresh empty data dir / database", (r) => startCell(r.coldStart)],
    ["  of which open + migrate (server log)", (r) => startCell(r.coldDbReady)],
    ["warm: already-migrated data dir / database", (r) => startCell(r.warmStart)],
    ["  of which open + migrate (server log)", (r) => startCell(r.warmDbReady)],
    ["**HTTP**: through the server (fetch, keep-alive, other process)"],
    ...statRows("GET /healthz (no auth, no DB), sequential", (r) => r.health, ["p50", "p99"]),
    ...statRows("GET /api/v1/roundtables, sequential", (r) => r.httpSequential),
    ...statRows("  same, no gzip (identity)", (r) => r.httpIdentity, ["p50", "mean"]),
    ...statRows(`GET /api/v1/roundtables, concurrency ${c}`, (r) => r.httpConcurrent),
    ["**In process**: the same database opened by the bench, server stopped"],
    ...statRows("services + Kysely: auth + list, sequential", (r) => r.direct.services, LATENCY),
    ...statRows("raw driver: auth + list SQL, sequential", (r) => r.direct.authAndList, LATENCY),
    ...statRows("raw driver: list SQL, sequential", (r) => r.direct.listSequential, ALL, "q/s"),
    ...statRows(
      `raw driver: list SQL, concurrency ${c}`,
      (r) => r.direct.listConcurrent,
      ALL,
      "q/s",
    ),
    ["**Where a sequential request's p50 goes** (differences of p50s, approximate)"],
    ["SQL: auth + list queries in the driver", (r) => ms(r.direct.authAndList.p50)],
    ["Kysely + services around them", (r) => ms(r.direct.services.p50 - r.direct.authAndList.p50)],
    [
      "HTTP: client, Express, headers, JSON, gzip",
      (r) => ms(r.httpSequential.p50 - r.direct.services.p50),
    ],
    ["  of which gzip", (r) => ms(r.httpSequential.p50 - r.httpIdentity.p50)],
  ];
}

function table(columns: [string, Column][]): string {
  const header = ["Measurement", ...columns.map(([name]) => name)];
  const body = rows().map(([label, cell], index) => [
    label,
    ...columns.map(([, column]) => {
      if (!cell) return "";
      if (typeof column !== "string") return cell(column);
      return index === 1 ? column : "—"; // the reason, once
    }),
  ]);
  const widths = header.map((_, i) =>
    Math.max(...[header, ...body].map((line) => line[i]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(header), rule, ...body.map(line)].join("\n");
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.href;
}

function version(pkg: string): string {
  const file = path.join(ROOT, "node_modules", pkg, "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

function report(columns: [string, Column][], postgres: string, loadBefore: number): string {
  const cpus = os.cpus();
  const first = columns.find(
    (column): column is [string, Results] => typeof column[1] !== "string",
  );
  const results = first?.[1];
  const loadAverage = (value: number) => value.toFixed(2);
  return [
    "",
    `Tavolo HTTP API bench, ${new Date().toISOString().slice(0, 10)}`,
    `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `${os.platform()} ${os.release()}; 1-min load average ${loadAverage(loadBefore)} before, ` +
      `${loadAverage(os.loadavg()[0]!)} after`,
    `Node ${process.version}, tsx ${version("tsx")}, PGlite ${version("@electric-sql/pglite")}, ` +
      `pg ${version("pg")}, PostgreSQL ${postgres} (same machine)`,
    `Dataset: ${CONFIG.tavoli} tavoli, the caller a member of ${CONFIG.memberOf}` +
      (results ? ` (response ${(results.responseBytes / 1024).toFixed(1)} kB of JSON)` : ""),
    `Load: ${CONFIG.requests} requests or queries after ${CONFIG.warmup} warm-up, per scenario; ` +
      `${CONFIG.starts} starts of each kind; times in ms`,
    ...(results ? [`List SQL (Kysely, from roundtables.list()): ${results.direct.listSql}`] : []),
    "",
    table(columns),
    "",
  ].join("\n");
}

async function main() {
  const loadBefore = os.loadavg()[0]!;
  const pgProbe = await probePostgres(CONFIG.pgUrl);
  const columns: [string, Column][] = [];
  let failed = false;

  const run = async (name: string, backend: Backend) => {
    try {
      columns.push([name, await measureBackend(name, backend)]);
    } catch (error) {
      failed = true;
      console.error(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      columns.push([name, "failed (see stderr)"]);
    }
  };

  await run("PGlite", pgliteBackend);
  if ("version" in pgProbe) await run("PostgreSQL", postgresBackend(CONFIG.pgUrl));
  else {
    console.error(`PostgreSQL skipped: ${pgProbe.error}`);
    columns.push(["PostgreSQL", `n/a (no PostgreSQL at ${redact(CONFIG.pgUrl)})`]);
  }

  console.log(report(columns, "version" in pgProbe ? pgProbe.version : "n/a", loadBefore));
  return failed ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.stack : String(error));
} finally {
  await cleanUp();
}
process.exit(exitCode);
