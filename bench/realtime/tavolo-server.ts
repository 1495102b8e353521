// Child process: Tavolo's real server (createServer) on embedded PGlite in a bench data dir or on a
// PostgreSQL database the bench made, with a user, an API token, a tavolo and two meetings (made
// once through the services, then reused when the server restarts on the same database). Answers
// the bench's questions over IPC.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import * as Y from "yjs";
import { sql } from "kysely";
import { readPositions } from "../../core/board-positions";
import { migrateToLatest, openDb, type DbTarget } from "../../db/create-db";
import { createServer } from "../../server/create-server";
import { logger } from "../../server/logger";
import { createServices, type Services } from "../../server/services";
import { DEFAULT_YJS_LIMITS, type YjsLimits } from "../../server/yjs/limits";
import { createDocumentStore, GroupCommitter } from "../../server/yjs/persistence";
import { ColdSync } from "../../server/yjs/cold-sync";
import { Room, type RoomDeps } from "../../server/yjs/room";
import { answerRequests, childArgs, tell } from "./ipc";

export interface TavoloFixture {
  email: string;
  token: string;
  /** The meeting whose board carries the fan-out load and moves between its agenda steps. */
  meetingId: string;
  /** The meeting whose board holds the 5,000 cards. */
  boardMeetingId: string;
}

/** Where Tavolo's data lives: PGlite in a data dir (in this process), or a PostgreSQL database. */
export type TavoloDatabase = { kind: "pglite" } | { kind: "postgres"; url: string };

export interface TavoloServerArgs {
  /** Holds the fixture file, and PGlite's data (`<dataDir>/pglite`) when the database is PGlite. */
  dataDir: string;
  database: TavoloDatabase;
  port: number;
  yjsLimits?: Partial<YjsLimits>;
}

/** The server's own part of a join to an unloaded room, timed in the server process. */
export interface LoadTiming {
  rows: number;
  /** store.load alone: snapshot and log rows. */
  readMs: number;
  /** Room.load: reads the rows again, builds the document and its shadow, starts the mirror. */
  roomLoadMs: number;
  /** `room.diff(empty state vector)`: the sync step 2, encoded by the cold-sync worker. */
  diffMs: number;
  diffBytes: number;
  /** Whether the worker answered (false: the room encoded the reply on the main thread). */
  byWorker: boolean;
}

const { dataDir, database, port, yjsLimits } = childArgs<TavoloServerArgs>();

async function fixture(services: Services): Promise<TavoloFixture> {
  const file = path.join(dataDir, "bench-fixture.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as TavoloFixture;
  const email = "facilitatrice@bench.test";
  const actor = await services.accounts.createUser({
    email,
    name: "Giulia Facilitatrice",
    password: "password-del-bench",
  });
  const token = await services.accounts.createApiToken(email, "bench");
  const roundtable = await services.roundtables.create(actor, {
    name: "Tavolo del bench",
    territory: "Chieri",
  });
  const meeting = (title: string, agenda: { title: string; durationMinutes: number }[] = []) =>
    services.meetings.create(actor, roundtable.id, {
      title,
      kind: "workshop",
      startsAt: "2026-12-01T18:00",
      agenda,
    });
  // Three steps: the meeting-control load moves the room between them.
  const steps = ["Ascolto", "Raggruppamento", "Priorità"].map((title) => ({
    title,
    durationMinutes: 20,
  }));
  const made: TavoloFixture = {
    email,
    token,
    meetingId: (await meeting("Assemblea", steps)).id,
    boardMeetingId: (await meeting("Laboratorio")).id,
  };
  writeFileSync(file, JSON.stringify(made));
  return made;
}

mkdirSync(dataDir, { recursive: true });
const target: DbTarget =
  database.kind === "postgres"
    ? { kind: "postgres", url: database.url }
    : { kind: "pglite", dataDir: path.join(dataDir, "pglite") };
const opened = await openDb(target);
await migrateToLatest(opened.db);
const services = createServices(opened.db);
const made = await fixture(services);
const server = await createServer({ db: opened.db, services, port, yjsLimits });
const store = createDocumentStore(opened.db);

answerRequests({
  /** What the database holds for a document: snapshot and log, in bytes. */
  async storage({ docName }) {
    const name = String(docName);
    const { rows } = await sql<{ snapshot: number | null; log: number | null; rows: number }>`
      select (select octet_length(state) from yjs_snapshots where doc_name = ${name}) as snapshot,
             (select sum(octet_length(update)) from yjs_updates where doc_name = ${name}) as log,
             (select count(*) from yjs_updates where doc_name = ${name})::int as rows`.execute(
      opened.db,
    );
    const row = rows[0]!;
    return { snapshot: Number(row.snapshot ?? 0), log: Number(row.log ?? 0), rows: row.rows };
  },
  /** Merges the log into the snapshot, as a room does every `compactAfterUpdates` rows. */
  async compact({ docName }) {
    return store.compact(String(docName));
  },
  /** The loaded document as the server holds it in memory. */
  async memory({ docName }) {
    const doc = await server.yjs.getDocument(String(docName));
    return { bytes: Y.encodeStateAsUpdate(doc).length };
  },
  /** Card positions (core/board-positions.ts) of the loaded document, and of the stored one. */
  async positions({ docName }) {
    const name = String(docName);
    const stored = new Y.Doc();
    for (const update of (await store.load(name)).updates) Y.applyUpdate(stored, update);
    const entries = (doc: Y.Doc) => [...readPositions(doc)];
    const result = {
      inMemory: entries(await server.yjs.getDocument(name)),
      stored: entries(stored),
    };
    stored.destroy();
    return result;
  },
  /** Rooms loaded now (a join meant to find its room unloaded checks there is none). */
  loadedDocuments: () => server.yjs.stats().documents,
  /**
   * The server's own part of a join to an unloaded room, timed here with the server's code, `times`
   * times: reading the rows (store.load), building the room (Room.load) and the reply to an empty
   * state vector (`room.diff`), encoded by a cold-sync worker as in production. The worker is
   * started by an untimed first load, as the server's is by the first big document it loads.
   */
  async loadTimings({ docName, times }) {
    const name = String(docName);
    const coldSync = new ColdSync(logger("bench"));
    const deps: RoomDeps = {
      store,
      committer: new GroupCommitter(store, DEFAULT_YJS_LIMITS.commitDelayMs),
      limits: DEFAULT_YJS_LIMITS,
      log: logger("bench"),
      onBroken: () => {},
      coldSync,
    };
    const emptyVector = Y.encodeStateVector(new Y.Doc());
    const once = async (): Promise<LoadTiming> => {
      const started = performance.now();
      const stored = await store.load(name);
      const read = performance.now();
      const room = await Room.load(name, deps);
      const loaded = performance.now();
      const answered = coldSync.answered;
      const diff = await room.diff(emptyVector);
      const encoded = performance.now();
      const byWorker = coldSync.answered === answered + 1;
      room.destroy();
      return {
        rows: stored.updates.length,
        readMs: read - started,
        roomLoadMs: loaded - read,
        diffMs: encoded - loaded,
        diffBytes: diff.length,
        byWorker,
      };
    };
    try {
      const workerStart = await once();
      const timings: LoadTiming[] = [];
      for (let i = 0; i < Number(times); i++) timings.push(await once());
      return { workerStart, timings };
    } finally {
      await coldSync.close();
    }
  },
  memoryUsage: () => process.memoryUsage(),
});

let stopping = false;
process.on("SIGTERM", () => {
  if (stopping) return;
  stopping = true;
  // Saves every document (as the real server does on SIGTERM), so a restart reads it all back.
  void server
    .close()
    .then(() => opened.close())
    .finally(() => process.exit(0));
});

tell({ type: "ready", port: server.port, info: { ...made } });
