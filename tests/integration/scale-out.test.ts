// Two real server instances on one database and one Redis (REDIS_URL): Yjs documents, awareness and
// meeting control converge whichever instance each client is connected to.
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { io as connectLive, type Socket } from "socket.io-client";
import type { ClientToServerEvents, LiveCommand, ServerToClientEvents } from "../../core/live";
import type { Db } from "../../db/create-db";
import { createServer, type RunningServer } from "../../server/create-server";
import { createServices } from "../../server/services";
import { startTestApp, type TestApp } from "../support/app";
import { acceptedCommand, nextMessage } from "../support/live";
import { getTestDb, testDbKind } from "../support/test-db";
import { boardFixture, connectClient, storedDoc, until, wsUrl, type Client } from "../support/yjs";

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

const REDIS_URL = process.env.REDIS_URL;
// The machine has two cores and other work: be patient, never assert timings.
const PATIENCE = 20_000;

/** Listening, clustering and priorities: the steps the facilitator moves the meeting between. */
const AGENDA = [
  { title: "Ascolto", durationMinutes: 30 },
  { title: "Raggruppamento", durationMinutes: 20, writing: false },
  { title: "Priorità", durationMinutes: 15, writing: false, voting: true, editing: false },
];

describe.skipIf(!REDIS_URL)(`two instances on Redis converge on ${testDbKind()}`, () => {
  let db: Db;
  let a: TestApp;
  let b: RunningServer;
  let board: Awaited<ReturnType<typeof boardFixture>>;
  let docs: Client[];
  let sockets: LiveClient[];

  beforeEach(async () => {
    // Each test its own channels: parallel workers and earlier tests never hear each other.
    const redisPrefix = `tavolo-test:${randomUUID()}:`;
    a = await startTestApp({ redisUrl: REDIS_URL, redisPrefix });
    db = await getTestDb();
    b = await createServer({
      db,
      services: createServices(db),
      port: 0,
      redisUrl: REDIS_URL,
      redisPrefix,
    });
    board = await boardFixture(a, AGENDA);
    docs = [];
    sockets = [];
  });

  afterEach(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const client of docs) client.destroy();
    await b.close();
    await a.close();
  });

  async function client(server: { url: string }, token = board.owner.token): Promise<Client> {
    const connected = await connectClient(wsUrl(server), board.docName, token);
    docs.push(connected);
    return connected;
  }

  const cards = (c: Client) => c.doc.getMap("cards").toJSON();

  async function expectStored(reference: Record<string, unknown>) {
    await until(
      "the database to hold the same board",
      async () =>
        isDeepStrictEqual((await storedDoc(db, board.docName)).getMap("cards").toJSON(), reference),
      PATIENCE,
    );
  }

  it("clients on both instances editing one board at once converge, and so does the database", async () => {
    const writers = [await client(a), await client(b), await client(a), await client(b)];
    writers.forEach((writer, n) => {
      for (let i = 0; i < 15; i += 1)
        writer.doc.getMap("cards").set(`c${n}-${i}`, { text: `${n}.${i}` });
    });
    await until(
      "every client to see 60 cards",
      () => writers.every((w) => w.doc.getMap("cards").size === 60),
      PATIENCE,
    );
    const reference = cards(writers[0]!);
    for (const writer of writers) expect(cards(writer)).toEqual(reference);
    await expectStored(reference);
  });

  it("a late joiner on B gets everything written on A, whether B had the board loaded or not", async () => {
    const writer = await client(a);
    for (let i = 0; i < 10; i += 1) writer.doc.getMap("cards").set(`a${i}`, { text: `da A ${i}` });
    await until(
      "the writes to be saved",
      async () => (await storedDoc(db, board.docName)).getMap("cards").size === 10,
      PATIENCE,
    );
    const first = await client(b);
    expect(cards(first)).toEqual(cards(writer));

    writer.doc.getMap("cards").set("dopo", { text: "con B già caricato" });
    await until(
      "B's client to get the later card",
      () => first.doc.getMap("cards").has("dopo"),
      PATIENCE,
    );
    const late = await client(b);
    expect(cards(late)).toEqual(cards(writer));
  });

  it("awareness from a client on A reaches clients on B, and its departure too", async () => {
    const onA = await client(a);
    const onB = await client(b);
    onA.provider.awareness.setLocalStateField("user", { name: "Anna su A" });
    const seen = (c: Client) =>
      [...c.provider.awareness.getStates().values()].some(
        (state) => (state as { user?: { name?: string } }).user?.name === "Anna su A",
      );
    await until("B's client to see A's cursor", () => seen(onB), PATIENCE);
    const lateOnB = await client(b);
    await until("a late joiner on B to see A's cursor", () => seen(lateOnB), PATIENCE);

    onB.provider.awareness.setLocalStateField("user", { name: "Bruno su B" });
    await until(
      "A's client to see B's cursor",
      () =>
        [...onA.provider.awareness.getStates().values()].some(
          (state) => (state as { user?: { name?: string } }).user?.name === "Bruno su B",
        ),
      PATIENCE,
    );

    const leaving = onA.doc.clientID;
    onA.destroy();
    docs.splice(docs.indexOf(onA), 1);
    await until(
      "A's client to disappear on B",
      () => !onB.provider.awareness.getStates().has(leaving),
      PATIENCE,
    );
  });

  it("a board loaded on B while A is writing converges (nothing lost between load and subscription)", async () => {
    const writer = await client(a);
    let written = 0;
    const writing = (async () => {
      for (; written < 60; written += 1) {
        writer.doc.getMap("cards").set(`w${written}`, { text: `scritta ${written}` });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await until("some writes to happen", () => written >= 10, PATIENCE);
    const reader = await client(b);
    await writing;
    await until(
      "B's client to have all 60 cards",
      () => reader.doc.getMap("cards").size === 60,
      PATIENCE,
    );
    expect(cards(reader)).toEqual(cards(writer));
    await expectStored(cards(writer));
  });

  function live(server: { url: string }, token: string): Promise<LiveClient> {
    const socket: LiveClient = connectLive(`${server.url}/live`, {
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
      auth: { token },
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once("connect", () => resolve(socket));
      socket.once("connect_error", reject);
    });
  }

  const next = nextMessage;

  const accepted = (socket: LiveClient, command: LiveCommand) =>
    acceptedCommand(socket, board.meetingId, command);

  it("a facilitator on A runs the meeting for a participant on B; B's newcomers get the state at once; presence spans both", async () => {
    const participant = await board.member("member", db, "Paolo Partecipante");
    const chair = await live(a, board.owner.token);
    const guest = await live(b, participant.token);
    const both = next(chair, "meeting:presence", (m) => m.people.length === 2);
    expect(await chair.emitWithAck("meeting:join", { meetingId: board.meetingId })).toMatchObject({
      ok: true,
    });
    expect(await guest.emitWithAck("meeting:join", { meetingId: board.meetingId })).toMatchObject({
      ok: true,
    });
    const presence = await both;
    expect(presence.people.map((p) => p.name).sort()).toEqual([
      "Giulia Facilitatrice",
      "Paolo Partecipante",
    ]);

    const clusteringStep = board.steps[1]!;
    const started = next(guest, "meeting:state", (m) => m.state.step?.id === clusteringStep);
    await accepted(chair, { type: "meeting.start" });
    const clustering = await accepted(chair, { type: "step.set", stepId: clusteringStep });
    expect((await started).state).toEqual(clustering);

    const timed = next(guest, "meeting:state", (m) => m.state.timer.kind === "running");
    const withTimer = await accepted(chair, { type: "timer.start", durationMs: 5 * 60_000 });
    expect((await timed).state).toEqual(withTimer);

    const newcomer = await live(b, participant.token);
    expect(
      await newcomer.emitWithAck("meeting:join", { meetingId: board.meetingId }),
    ).toMatchObject({
      ok: true,
      state: withTimer,
    });

    const alone = next(chair, "meeting:presence", (m) => m.people.length === 1);
    guest.disconnect();
    newcomer.disconnect();
    expect((await alone).people.map((p) => p.name)).toEqual(["Giulia Facilitatrice"]);
  });

  it("converges after its Redis connections are killed and come back", async () => {
    const onA = await client(a);
    const onB = await client(b);
    const participant = await board.member("member", db, "Rita Riconnessa");
    const chair = await live(a, board.owner.token);
    const guest = await live(b, participant.token);
    await chair.emitWithAck("meeting:join", { meetingId: board.meetingId });
    await guest.emitWithAck("meeting:join", { meetingId: board.meetingId });

    const admin = createClient({ url: REDIS_URL });
    await admin.connect();
    try {
      const list = String(await admin.sendCommand(["CLIENT", "LIST"]));
      const ours = [a, b].map((server) => `name=tavolo:${server.scaleOut!.instanceId}:`);
      const ids = list
        .split("\n")
        .filter((line) => ours.some((name) => line.includes(name)))
        .map((line) => /(?:^|\s)id=(\d+)/.exec(line)![1]!);
      expect(ids).toHaveLength(8);
      for (const id of ids) await admin.sendCommand(["CLIENT", "KILL", "ID", id]);
    } finally {
      await admin.close();
    }

    // Written during the outage or just after it: either way both sides end up with everything.
    for (let i = 0; i < 10; i += 1) {
      onA.doc.getMap("cards").set(`a${i}`, { text: `A ${i}` });
      onB.doc.getMap("cards").set(`b${i}`, { text: `B ${i}` });
    }
    const votingStep = board.steps[2]!;
    const voting = next(guest, "meeting:state", (m) => m.state.step?.id === votingStep);
    await accepted(chair, { type: "meeting.start" });
    const state = await accepted(chair, { type: "step.set", stepId: votingStep });

    await until(
      "both clients to see all 20 cards",
      () => onA.doc.getMap("cards").size === 20 && onB.doc.getMap("cards").size === 20,
      PATIENCE,
    );
    expect(cards(onB)).toEqual(cards(onA));
    await expectStored(cards(onA));
    expect((await voting).state).toEqual(state);

    // And the relay works again afterwards.
    onB.doc.getMap("cards").set("dopo", { text: "dopo il ritorno" });
    await until(
      "A's client to get B's later card",
      () => onA.doc.getMap("cards").has("dopo"),
      PATIENCE,
    );
  });
});
