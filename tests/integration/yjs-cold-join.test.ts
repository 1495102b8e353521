// Joining a big board: the reply to sync step 1 comes from the cold-sync worker, and stays right
// as the board changes, after the room reloads from storage, and if the worker is gone.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { putCard } from "../../core/board";
import { setPosition } from "../../core/board-positions";
import { startTestApp, type TestApp } from "../support/app";
import { getTestDb, testDbKind } from "../support/test-db";
import { boardFixture, connectClient, rawSocket, until, wsUrl, type Client } from "../support/yjs";
import { createDocumentStore } from "../../server/yjs/persistence";
import { CLOSE } from "../../server/yjs/protocol";

describe(`joining big boards over /yjs on ${testDbKind()}`, () => {
  let app: TestApp;
  let board: Awaited<ReturnType<typeof boardFixture>>;
  const clients: Client[] = [];

  async function client(token = board.owner.token) {
    const c = await connectClient(wsUrl(app), board.docName, token);
    clients.push(c);
    return c;
  }

  const cardsOf = (c: Client) => c.doc.getMap("cards").toJSON();

  beforeAll(async () => {
    // Every board above 2 KiB is "big" here, so a few dozen cards exercise the worker.
    app = await startTestApp({ yjsLimits: { offThreadSyncBytes: 2 * 1024, idleUnloadMs: 100 } });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    board = await boardFixture(app);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });

  it("gives late joiners the whole board as it grows past the threshold and keeps changing", async () => {
    const writer = await client();
    writer.doc.transact(() => {
      for (let i = 0; i < 60; i += 1) {
        putCard(writer.doc, `c${i}`, { text: `Idea numero ${i} sul quartiere`, authorLabel: "A" });
      }
    });
    const first = await client();
    await until("the first joiner to have 60 cards", () => first.doc.getMap("cards").size === 60);

    // Edits after the mirror started: moved, changed and deleted cards.
    writer.doc.getMap("cards").delete("c7");
    (writer.doc.getMap("cards").get("c8") as Y.Map<unknown>).set("text", "Testo cambiato");
    setPosition(writer.doc, "c9", { x: 10, y: 20 });
    await until("the first joiner to see the edits", () => !first.doc.getMap("cards").has("c7"));

    // The worker starts with the first big document; until its mirror is built, rooms answer.
    await until("the worker to hold the board", () => app.yjs.coldSync.isReady(board.docName));
    const answeredBefore = app.yjs.coldSync.answered;
    const late = await client();
    await until("the late joiner to match", () => late.doc.getMap("cards").size === 59);
    expect(app.yjs.coldSync.answered).toBeGreaterThan(answeredBefore);
    expect(cardsOf(late)).toEqual(cardsOf(writer));
    expect(late.doc.getArray("positions").toJSON()).toEqual(
      writer.doc.getArray("positions").toJSON(),
    );
  });

  it("answers a client that comes back with some of the board with what it lacks", async () => {
    const writer = await client();
    writer.doc.transact(() => {
      for (let i = 0; i < 60; i += 1)
        putCard(writer.doc, `c${i}`, { text: `Idea ${i}`, authorLabel: "A" });
    });
    const offline = new Y.Doc();
    const away = await connectClient(wsUrl(app), board.docName, board.owner.token, offline);
    await until("the returning client to sync", () => offline.getMap("cards").size === 60);
    away.provider.destroy();
    putCard(writer.doc, "mentre-ero-via", { text: "Scritta mentre era via", authorLabel: "B" });
    const back = await connectClient(wsUrl(app), board.docName, board.owner.token, offline);
    clients.push(back);
    await until("the returning client to get the missed card", () =>
      offline.getMap("cards").has("mentre-ero-via"),
    );
    expect(cardsOf(back)).toEqual(cardsOf(writer));
  });

  it("serves a board loaded from storage, and keeps serving when the worker is gone", async () => {
    const writer = await client();
    writer.doc.transact(() => {
      for (let i = 0; i < 60; i += 1)
        putCard(writer.doc, `c${i}`, { text: `Idea ${i}`, authorLabel: "A" });
    });
    const reference = await client();
    await until("the reference to sync", () => reference.doc.getMap("cards").size === 60);
    for (const c of clients.splice(0)) c.destroy();
    await until("the room to unload", () => app.yjs.stats().documents === 0);

    const reloaded = await client();
    expect(reloaded.doc.getMap("cards").size).toBe(60);
    const answeredBefore = app.yjs.coldSync.answered;

    await app.yjs.coldSync.close();
    putCard(reloaded.doc, "dopo", { text: "Dopo il lavoratore", authorLabel: "C" });
    const another = await client();
    await until(
      "the next joiner to have everything",
      () => another.doc.getMap("cards").size === 61,
    );
    expect(app.yjs.coldSync.answered).toBe(answeredBefore);
  });

  it("answers from a stored snapshot alone, and still asks a returning client for its edits", async () => {
    const writer = await client();
    writer.doc.transact(() => {
      for (let i = 0; i < 60; i += 1)
        putCard(writer.doc, `c${i}`, { text: `Idea ${i}`, authorLabel: "A" });
    });
    // A returning client with edits made offline, on top of what it had seen.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(writer.doc));
    for (const c of clients.splice(0)) c.destroy();
    await until("the room to unload", () => app.yjs.stats().documents === 0);
    await createDocumentStore(await getTestDb()).compact(board.docName);
    putCard(offline, "scritta-offline", { text: "Scritta senza rete", authorLabel: "B" });

    const fresh = await client();
    expect(fresh.doc.getMap("cards").size).toBe(60);
    const back = await connectClient(wsUrl(app), board.docName, board.owner.token, offline);
    clients.push(back);
    await until("the offline card to reach the fresh client", () =>
      fresh.doc.getMap("cards").has("scritta-offline"),
    );
  });

  it("closes the connections to a board whose stored snapshot does not apply, and keeps it", async () => {
    const db = await getTestDb();
    const corrupt = new Uint8Array([1, 5, 200, 200, 200, 1]);
    await db
      .insertInto("yjs_snapshots")
      .values({ doc_name: board.docName, state: corrupt })
      .execute();
    const { closed } = await rawSocket(wsUrl(app), board.docName, board.owner.token);
    expect((await closed).code).toBe(CLOSE.UNAVAILABLE);
    const row = await db
      .selectFrom("yjs_snapshots")
      .select("state")
      .where("doc_name", "=", board.docName)
      .executeTakeFirstOrThrow();
    expect([...new Uint8Array(row.state)]).toEqual([...corrupt]);
  });
});
