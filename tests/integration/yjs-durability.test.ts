// Yjs documents in the database: the log, compaction, restarts, failing loads, graceful shutdown.
import http from "node:http";
import type { AddressInfo } from "node:net";
import * as Y from "yjs";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../../server/create-server";
import { startTestApp, type TestApp } from "../support/app";
import { getTestDb, testDbKind } from "../support/test-db";
import {
  boardFixture,
  connectClient,
  countLogRows,
  rawSocket,
  storedDoc,
  until,
  wsUrl,
  type Client,
} from "../support/yjs";
import type { Db } from "../../db/create-db";
import { CLOSE } from "../../server/yjs/protocol";
import { createYjsEndpoint } from "../../server/yjs/endpoint";
import { createDocumentStore, type DocumentStore } from "../../server/yjs/persistence";

describe(`Yjs documents in ${testDbKind()}`, () => {
  let app: TestApp;
  let db: Db;
  let board: Awaited<ReturnType<typeof boardFixture>>;
  const servers: RunningServer[] = [];
  const clients: Client[] = [];

  async function start(options: Parameters<typeof startTestApp>[0] = {}) {
    app = await startTestApp(options);
    servers.push(app);
    db = await getTestDb();
    board = await boardFixture(app);
  }

  /** A second server on the same database, as after a restart. */
  async function restart(): Promise<RunningServer> {
    const next = await createServer({ db, services: app.services, port: 0 });
    servers.push(next);
    return next;
  }

  async function client(server: { url: string }, token = board.owner.token) {
    const c = await connectClient(wsUrl(server), board.docName, token);
    clients.push(c);
    return c;
  }

  beforeEach(() => {
    servers.length = 0;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const s of servers.splice(0)) await s.close();
  });

  it("appends every update to the log and serves it again after a restart", async () => {
    await start();
    const writer = await client(app);
    for (let i = 0; i < 10; i += 1) writer.doc.getMap("cards").set(`c${i}`, { text: `idea ${i}` });
    const reader = await client(app);
    await until("the reader to see ten cards", () => reader.doc.getMap("cards").size === 10);
    expect(await countLogRows(db, board.docName)).toBeGreaterThan(0);
    writer.destroy();
    reader.destroy();
    await app.close();
    servers.splice(servers.indexOf(app), 1);

    const next = await restart();
    const late = await client(next);
    expect(late.doc.getMap("cards").size).toBe(10);
    expect(late.doc.getMap("cards").get("c7")).toEqual({ text: "idea 7" });
  });

  it("a client that only connects and reads writes nothing to the log", async () => {
    await start();
    const first = await client(app);
    const second = await client(app);
    first.destroy();
    second.destroy();
    await app.yjs.getDocument(board.docName);
    expect(await countLogRows(db, board.docName)).toBe(0);
  });

  it("compacts the log into a snapshot past the threshold, losing nothing", async () => {
    await start({ yjsLimits: { compactAfterUpdates: 10 } });
    const writer = await client(app);
    const reader = await client(app);
    for (let i = 0; i < 35; i += 1) writer.doc.getMap("cards").set(`c${i}`, { text: `${i}` });
    await until("the reader to see every card", () => reader.doc.getMap("cards").size === 35);
    await until("a snapshot row", async () => {
      const row = await db
        .selectFrom("yjs_snapshots")
        .select("doc_name")
        .where("doc_name", "=", board.docName)
        .executeTakeFirst();
      return row !== undefined;
    });
    await until("the log to shrink", async () => (await countLogRows(db, board.docName)) < 35);
    const stored = await storedDoc(db, board.docName);
    expect(stored.getMap("cards").size).toBe(35);
  });

  it.skipIf(testDbKind() !== "postgres")(
    "keeps a log row that commits with a lower seq while a compaction runs",
    async () => {
      await start();
      const store = createDocumentStore(db);
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on("update", (update: Uint8Array) => updates.push(update));
      doc.getMap("cards").set("a", "prima");
      doc.getMap("cards").set("b", "seconda");
      doc.getMap("cards").set("c", "terza");
      await store.append([{ docName: board.docName, update: updates[0]! }]);

      // An insert takes its seq, then waits to commit while a later one commits first.
      let commitLate!: () => void;
      const late = db.transaction().execute(async (tx) => {
        await tx
          .insertInto("yjs_updates")
          .values({ doc_name: board.docName, update: updates[1]! })
          .execute();
        await new Promise<void>((resolve) => (commitLate = resolve));
      });
      await until("the late insert to hold its seq", () => commitLate !== undefined);
      await store.append([{ docName: board.docName, update: updates[2]! }]);

      // The compaction reads the log without the late row, which commits during the merge.
      await store.compact(board.docName, async (stored) => {
        commitLate();
        await late;
        const merged = new Y.Doc();
        for (const update of stored) Y.applyUpdate(merged, update);
        return Y.encodeStateAsUpdate(merged);
      });
      const stored = await storedDoc(db, board.docName);
      expect(stored.getMap("cards").toJSON()).toEqual({ a: "prima", b: "seconda", c: "terza" });
    },
  );

  it("a graceful shutdown saves every applied update before it returns", async () => {
    // A long commit window: the updates wait in memory until the shutdown flushes them.
    await start({ yjsLimits: { commitDelayMs: 60_000 } });
    const writer = await client(app);
    for (let i = 0; i < 5; i += 1) writer.doc.getMap("cards").set(`c${i}`, { text: `${i}` });
    const live = await app.yjs.getDocument(board.docName);
    await until("the server to apply the edits", () => live.getMap("cards").size === 5);
    expect(await countLogRows(db, board.docName)).toBe(0);
    await app.close();
    servers.splice(servers.indexOf(app), 1);
    const stored = await storedDoc(db, board.docName);
    expect(stored.getMap("cards").size).toBe(5);
  });

  it("refuses a document whose stored updates fail to load, and leaves the rows intact", async () => {
    await start();
    const good = new Y.Doc();
    good.getMap("cards").set("c1", { text: "salvata" });
    const corrupt = new Uint8Array([1, 5, 200, 200, 200, 1]);
    await db
      .insertInto("yjs_updates")
      .values([
        { doc_name: board.docName, update: Y.encodeStateAsUpdate(good) },
        { doc_name: board.docName, update: corrupt },
      ])
      .execute();
    const before = await sql<{
      seq: string;
      update: Uint8Array;
    }>`select seq, update from yjs_updates where doc_name = ${board.docName} order by seq`.execute(
      db,
    );

    const { closed } = await rawSocket(wsUrl(app), board.docName, board.owner.token);
    expect((await closed).code).toBe(CLOSE.UNAVAILABLE);
    await expect(app.yjs.getDocument(board.docName)).rejects.toThrow();

    const after = await sql<{
      seq: string;
      update: Uint8Array;
    }>`select seq, update from yjs_updates where doc_name = ${board.docName} order by seq`.execute(
      db,
    );
    expect(after.rows.map((r) => [r.seq, [...new Uint8Array(r.update)]])).toEqual(
      before.rows.map((r) => [r.seq, [...new Uint8Array(r.update)]]),
    );
    const snapshots = await db
      .selectFrom("yjs_snapshots")
      .select("doc_name")
      .where("doc_name", "=", board.docName)
      .execute();
    expect(snapshots).toEqual([]);
  });

  it("unloads an idle document and loads it again from storage on the next join", async () => {
    await start({ yjsLimits: { idleUnloadMs: 50 } });
    const writer = await client(app);
    writer.doc.getMap("cards").set("c1", { text: "prima della pausa" });
    const live = await app.yjs.getDocument(board.docName);
    await until("the edit to be applied", () => live.getMap("cards").has("c1"));
    await until("the edit to be stored", async () => (await countLogRows(db, board.docName)) > 0);
    writer.destroy();
    await until("the document to be unloaded", () => app.yjs.stats().documents === 0);
    const back = await client(app);
    expect(back.doc.getMap("cards").get("c1")).toEqual({ text: "prima della pausa" });
  });

  it("drops a document whose update cannot be saved: nothing unsaved is sent, clients are closed with 4503", async () => {
    await start();
    const store = createDocumentStore(db);
    const failing: DocumentStore = {
      ...store,
      append: async () => {
        throw new Error("database unavailable");
      },
    };
    const endpoint = createYjsEndpoint({
      db,
      services: app.services,
      allowedOrigins: () => [],
      store: failing,
    });
    const server = http.createServer();
    server.on("upgrade", (req, socket, head) => endpoint.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const writer = await connectClient(url, board.docName, board.owner.token);
      const reader = await connectClient(url, board.docName, board.owner.token);
      clients.push(writer, reader);
      const closes: number[] = [];
      writer.provider.on("connection-close", (event: CloseEvent | null) => {
        if (event) closes.push(event.code);
      });
      writer.doc.getMap("cards").set("c1", { text: "non salvata" });
      await until("the writer to be closed with 4503", () => closes.includes(CLOSE.UNAVAILABLE));
      writer.provider.disconnect();
      reader.provider.disconnect();
      expect(reader.doc.getMap("cards").has("c1")).toBe(false);
      expect(await countLogRows(db, board.docName)).toBe(0);
    } finally {
      await endpoint.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("tells the projection hook after each persisted update, and reads documents by name", async () => {
    const seen: string[] = [];
    await start({
      onDocumentUpdated: (name, doc) => {
        seen.push(`${name}:${doc.getMap("cards").size}`);
      },
    });
    const writer = await client(app);
    writer.doc.getMap("cards").set("c1", { text: "uno" });
    await until("the hook to be called", () => seen.includes(`${board.docName}:1`));
    const doc = await app.yjs.getDocument(board.docName);
    expect(doc.getMap("cards").get("c1")).toEqual({ text: "uno" });
  });
});
