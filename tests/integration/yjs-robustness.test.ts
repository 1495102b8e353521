// What clients send cannot hurt the /yjs endpoint: bad frames close only their own connection.
import fc from "fast-check";
import * as Y from "yjs";
import type { WebSocket } from "ws";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { getTestDb, testDbKind } from "../support/test-db";
import {
  boardFixture,
  connectClient,
  rawSocket,
  storedDoc,
  until,
  wsUrl,
  type Client,
} from "../support/yjs";
import type { Db } from "../../db/create-db";
import {
  CLOSE,
  awarenessFrame,
  encodeAwarenessEntries,
  syncStep1Frame,
  updateFrame,
} from "../../server/yjs/protocol";

const LIMITS = {
  maxFrameBytes: 64 * 1024,
  maxDocumentBytes: 48 * 1024,
  maxMessagesPerSecond: 100,
};

/** Sends a frame then a sync step 1; resolves when the reply to the probe or a close arrives. */
function sendAndProbe(socket: WebSocket, frame: Uint8Array): Promise<"answered" | "closed"> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no answer and no close")), 10_000);
    const done = (how: "answered" | "closed") => {
      clearTimeout(timer);
      resolve(how);
    };
    socket.on("message", (data: Buffer) => {
      // A sync step 2 ([0, 1, …]) answers our probe; the server's own step 1 is [0, 0, …].
      if (data[0] === 0 && data[1] === 1) done("answered");
    });
    socket.on("close", () => done("closed"));
    socket.send(frame);
    if (socket.readyState === socket.OPEN) socket.send(syncStep1Frame(new Uint8Array([0])));
  });
}

describe(`the /yjs endpoint under hostile input on ${testDbKind()}`, () => {
  let app: TestApp;
  let db: Db;
  let board: Awaited<ReturnType<typeof boardFixture>>;
  const clients: Client[] = [];
  const sockets: WebSocket[] = [];

  async function raw() {
    const opened = await rawSocket(wsUrl(app), board.docName, board.owner.token);
    sockets.push(opened.socket);
    return opened;
  }

  /** Two official clients still exchange a fresh edit. */
  async function expectOthersStillSync(label: string) {
    const [a, b] = clients;
    a!.doc.getMap("cards").set(label, { text: label });
    await until(`${label} to reach the other client`, () => b!.doc.getMap("cards").has(label));
  }

  beforeAll(async () => {
    app = await startTestApp({ yjsLimits: LIMITS });
    db = await getTestDb();
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    board = await boardFixture(app);
    for (let i = 0; i < 2; i += 1) {
      clients.push(await connectClient(wsUrl(app), board.docName, board.owner.token));
    }
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
    for (const s of sockets.splice(0)) s.terminate();
  });

  it("random frames never crash the server, and the other clients keep syncing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 300 }), async (frame) => {
        const { socket } = await raw();
        await sendAndProbe(socket, frame);
        socket.terminate();
      }),
      { numRuns: 60 },
    );
    await expectOthersStillSync("after-random");
  });

  it("truncated valid frames close only their own connection", async () => {
    const source = new Y.Doc();
    source.getMap("cards").set("k", { text: "una scheda con un testo abbastanza lungo" });
    source.getText("t").insert(0, "testo");
    const valid = [
      updateFrame(Y.encodeStateAsUpdate(source)),
      syncStep1Frame(Y.encodeStateVector(source)),
      awarenessFrame(encodeAwarenessEntries([{ clientId: 42, clock: 1, state: { user: "x" } }])),
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...valid), fc.nat(), async (frame, cut) => {
        const { socket } = await raw();
        await sendAndProbe(socket, frame.slice(0, 1 + (cut % (frame.length - 1))));
        socket.terminate();
      }),
      { numRuns: 40 },
    );
    await expectOthersStillSync("after-truncated");
    const stored = await storedDoc(db, board.docName);
    expect(stored.getMap("cards").has("after-truncated")).toBe(true);
  });

  it("closes a connection that sends an unknown message type or a text frame with 4400", async () => {
    const unknown = await raw();
    unknown.socket.send(new Uint8Array([7, 1, 2]));
    expect((await unknown.closed).code).toBe(CLOSE.MALFORMED);
    const text = await raw();
    text.socket.send("ciao");
    expect((await text.closed).code).toBe(CLOSE.MALFORMED);
    await expectOthersStillSync("after-unknown");
  });

  it("tolerates auth and awareness queries from the official protocol", async () => {
    const { socket } = await raw();
    expect(await sendAndProbe(socket, new Uint8Array([2, 0]))).toBe("answered");
    expect(await sendAndProbe(socket, new Uint8Array([3]))).toBe("answered");
  });

  it("closes only the connection that sends a frame over the size limit, with 1009", async () => {
    const { socket, closed } = await raw();
    socket.send(new Uint8Array(LIMITS.maxFrameBytes + 10));
    expect((await closed).code).toBe(CLOSE.FRAME_TOO_LARGE);
    await expectOthersStillSync("after-oversize");
  });

  it("refuses an update that would take the document over its size limit, with 4413", async () => {
    const big = new Y.Doc();
    big.getText("t").insert(0, "x".repeat(LIMITS.maxDocumentBytes));
    const { socket, closed } = await raw();
    socket.send(updateFrame(Y.encodeStateAsUpdate(big)));
    expect((await closed).code).toBe(CLOSE.DOCUMENT_TOO_LARGE);
    await expectOthersStillSync("after-too-large");
    expect(clients[0]!.doc.getText("t").length).toBe(0);
    const stored = await storedDoc(db, board.docName);
    expect(stored.getText("t").length).toBe(0);
  });

  it("closes a connection that sends more messages per second than allowed, with 4429", async () => {
    const { socket, closed } = await raw();
    for (let i = 0; i <= LIMITS.maxMessagesPerSecond + 5; i += 1) socket.send(new Uint8Array([3]));
    expect((await closed).code).toBe(CLOSE.RATE_LIMITED);
    await expectOthersStillSync("after-flood");
  });

  it("lets one connection announce only a few awareness client ids", async () => {
    const { socket, closed } = await raw();
    const entries = [1, 2, 3, 4, 5].map((id) => ({ clientId: 1000 + id, clock: 1, state: {} }));
    socket.send(awarenessFrame(encodeAwarenessEntries(entries)));
    expect((await closed).code).toBe(CLOSE.TOO_MANY_CLIENT_IDS);
    await expectOthersStillSync("after-awareness");
  });

  it("relays awareness between official clients", async () => {
    clients[0]!.provider.awareness.setLocalStateField("user", { name: "Giulia" });
    await until("the other client to see the cursor", () =>
      [...clients[1]!.provider.awareness.getStates().values()].some(
        (state) => (state as { user?: { name?: string } }).user?.name === "Giulia",
      ),
    );
  });
});
