// The live workshop end to end: agenda steps, dot votes, hidden cards, removing a remote
// contributor, the /yjs gate that follows the live state, and who attended. Real server, real
// socket.io clients on /live, real y-websocket clients on /yjs.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import type {
  DotAllocation,
  DotVoteRules,
  LiveCommand,
  MeetingRemovedMessage,
  PresenceEntry,
  VoteTallyMessage,
} from "../../core/live";
import type { Db } from "../../db/create-db";
import { startTestApp, type TestApp } from "../support/app";
import { acceptedCommand, connectLive, nextMessage, type LiveClient } from "../support/live";
import { getTestDb, testDbKind } from "../support/test-db";
import {
  boardFixture,
  connectClient,
  until,
  upgradeStatus,
  wsUrl,
  type Client,
} from "../support/yjs";

/** Listening (writing), clustering (editing only), priorities (voting). */
const AGENDA = [
  { title: "Ascolto", durationMinutes: 30, writing: true, voting: false, editing: true },
  { title: "Raggruppamento", durationMinutes: 20, writing: false, voting: false, editing: true },
  { title: "Priorità", durationMinutes: 15, writing: false, voting: true, editing: false },
];

const MOTION_ID = "3b0c1d7e-2f4a-4c6b-8d9e-0a1b2c3d4e5f";
const NAMED_MOTION_ID = "5d2e3f90-4a6b-4e8d-9f0a-1b2c3d4e5f60";
const UNKNOWN_STEP = "00000000-0000-4000-8000-000000000000";
const ANONYMOUS_VOTE: DotVoteRules = {
  target: "clusters",
  dots: 3,
  maxPerItem: 2,
  anonymous: true,
};

const PATIENCE = 15_000;

/**
 * How long a change of the live state takes to reach the /yjs gate: a standing is kept for up to a
 * second per connection (the access cache), the meeting's state for 250 ms (the board gate).
 */
const GATE_DELAY_MS = 1_500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`the live workshop on ${testDbKind()}`, () => {
  let app: TestApp;
  let db: Db;
  let board: Awaited<ReturnType<typeof boardFixture>>;
  let sockets: LiveClient[];
  let docs: Client[];
  let inviteToken: string;

  beforeEach(async () => {
    // y-websocket warns when the server refuses an update; here that is what the tests expect.
    const warn = console.warn;
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).startsWith("Permission denied to access")) warn(...args);
    });
    app = await startTestApp();
    db = await getTestDb();
    board = await boardFixture(app, AGENDA);
    sockets = [];
    docs = [];
    inviteToken = (await app.services.meetingInvites.create(board.owner.actor, board.meetingId, {}))
      .token;
  });

  afterEach(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const doc of docs) doc.destroy();
    await app.close();
    vi.restoreAllMocks();
  });

  const [LISTENING, CLUSTERING, PRIORITIES] = [0, 1, 2] as const;
  const step = (index: number) => board.steps[index]!;

  const connect = (auth: Record<string, unknown>) => connectLive(app.url, { auth }, sockets);

  /** A connection that has joined the meeting's room. */
  async function joined(auth: Record<string, unknown>): Promise<LiveClient> {
    const socket = await connect(auth);
    const reply = await socket.emitWithAck("meeting:join", { meetingId: board.meetingId });
    if (!reply.ok) throw new Error(`join refused: ${JSON.stringify(reply.error)}`);
    return socket;
  }

  const guestAuth = (name: string, guestKey: string, group = "family") => ({
    token: inviteToken,
    name,
    group,
    guestKey,
  });

  const command = (socket: LiveClient, cmd: LiveCommand) =>
    socket.emitWithAck("meeting:command", { meetingId: board.meetingId, command: cmd });

  const accepted = (socket: LiveClient, cmd: LiveCommand) =>
    acceptedCommand(socket, board.meetingId, cmd);

  const cast = (socket: LiveClient, motionId: string, allocation: DotAllocation) =>
    socket.emitWithAck("vote:cast", { meetingId: board.meetingId, motionId, allocation });

  const mine = (socket: LiveClient, motionId: string) =>
    socket.emitWithAck("vote:mine", { meetingId: board.meetingId, motionId });

  /** The next tally the socket receives that `test` accepts; set up before the action. */
  const tally = (socket: LiveClient, test: (message: VoteTallyMessage) => boolean) =>
    nextMessage(socket, "vote:tally", test);

  /** Every presence list the socket receives from now on; returns the latest. */
  function presenceOf(socket: LiveClient) {
    let latest: PresenceEntry[] = [];
    socket.on("meeting:presence", (message) => (latest = message.people));
    return () => latest;
  }

  async function yjsClient(token: string, guestKey?: string): Promise<Client> {
    const client = await connectClient(
      wsUrl(app),
      board.docName,
      token,
      new Y.Doc(),
      guestKey ? { guestKey } : {},
    );
    docs.push(client);
    return client;
  }

  const cards = (client: Client) => client.doc.getMap("cards");

  /** Writes a card and waits until the server has refused the update. */
  async function expectWriteRefused(writer: Client, cardId: string, reader: Client) {
    const before = app.yjs.stats().refusedUpdates;
    cards(writer).set(cardId, { text: "scritta quando non si poteva" });
    await until(`the server to refuse ${cardId}`, () => app.yjs.stats().refusedUpdates > before);
    expect((await app.yjs.getDocument(board.docName)).getMap("cards").has(cardId)).toBe(false);
    expect(cards(reader).has(cardId)).toBe(false);
  }

  /** Writes a card and waits until it reaches another client and the server's document. */
  async function expectWriteAccepted(writer: Client, cardId: string, reader: Client) {
    cards(writer).set(cardId, { text: "scritta quando si poteva" });
    await until(`${cardId} to reach the other client`, () => cards(reader).has(cardId));
    expect((await app.yjs.getDocument(board.docName)).getMap("cards").has(cardId)).toBe(true);
  }

  it("moves between agenda steps, tells every client what each step opens, refuses an unknown step and records each move", async () => {
    const chair = await joined({ token: board.owner.token });
    const member = await board.member("member", db, "Marco Membro");
    const memberSocket = await joined({ token: member.token });
    const guestSocket = await joined(guestAuth("Anna", "dispositivo-anna-0001"));
    const others = [memberSocket, guestSocket];

    const started = others.map((s) =>
      nextMessage(s, "meeting:state", (m) => m.state.status === "live"),
    );
    await accepted(chair, { type: "meeting.start" });
    for (const message of await Promise.all(started)) {
      expect(message.state.step).toEqual({
        id: step(LISTENING),
        title: "Ascolto",
        writing: true,
        voting: false,
        editing: true,
      });
    }

    for (const [index, title] of [
      [PRIORITIES, "Priorità"],
      [CLUSTERING, "Raggruppamento"],
    ] as const) {
      const moved = others.map((s) =>
        nextMessage(s, "meeting:state", (m) => m.state.step?.id === step(index)),
      );
      const state = await accepted(chair, { type: "step.set", stepId: step(index) });
      const { writing, voting, editing } = AGENDA[index]!;
      for (const message of await Promise.all(moved)) {
        expect(message.state).toEqual(state);
        expect(message.state.step).toEqual({ id: step(index), title, writing, voting, editing });
      }
    }

    const unknown = await command(chair, { type: "step.set", stepId: UNKNOWN_STEP });
    expect(unknown).toEqual({
      ok: false,
      error: {
        code: "conflict",
        message: "Questa fase non è nell'ordine del giorno dell'incontro.",
      },
    });
    const now = await app.services.live.view(board.owner.actor, board.meetingId);
    expect(now.state).toMatchObject({ version: 3, step: { id: step(CLUSTERING) } });

    const events = await db
      .selectFrom("audit_events")
      .select(["actor_user_id", "detail"])
      .where("action", "=", "meeting.live_changed")
      .where("subject_id", "=", board.meetingId)
      .execute();
    const moves = events
      .map((e) => e.detail as { command: string; version: number; step?: unknown })
      .sort((a, b) => a.version - b.version);
    expect(moves).toEqual([
      {
        command: "meeting.start",
        version: 1,
        phase: "open",
        step: { id: step(LISTENING), title: "Ascolto" },
      },
      {
        command: "step.set",
        version: 2,
        phase: "open",
        step: { id: step(PRIORITIES), title: "Priorità" },
      },
      {
        command: "step.set",
        version: 3,
        phase: "open",
        step: { id: step(CLUSTERING), title: "Raggruppamento" },
      },
    ]);
    for (const event of events) expect(event.actor_user_id).toBe(board.owner.actor.userId);
  });

  it("runs a dot vote: opened only where the step allows voting, cast by members and guests within the rules, tallied for the whole room", async () => {
    const chair = await joined({ token: board.owner.token });
    const member = await board.member("member", db, "Marco Membro");
    const memberSocket = await joined({ token: member.token });
    const guestSocket = await joined(guestAuth("Mamma di Luca", "dispositivo-mamma-001"));
    await accepted(chair, { type: "meeting.start" });

    const open = (motionId: string, dotVote: DotVoteRules): LiveCommand => ({
      type: "motion.open",
      motionId,
      kind: "dot_vote",
      dotVote,
    });
    expect(await command(chair, open(MOTION_ID, ANONYMOUS_VOTE))).toEqual({
      ok: false,
      error: {
        code: "conflict",
        message: "In questa fase non si vota: passa a una fase che apre il voto.",
      },
    });

    await accepted(chair, { type: "step.set", stepId: step(PRIORITIES) });
    const empty = tally(guestSocket, (m) => m.motionId === MOTION_ID);
    await accepted(chair, open(MOTION_ID, ANONYMOUS_VOTE));
    expect(await empty).toEqual({
      meetingId: board.meetingId,
      motionId: MOTION_ID,
      totals: {},
      voters: 0,
    });

    let seen = tally(chair, (m) => m.voters === 1);
    expect(await cast(memberSocket, MOTION_ID, { k1: 2, k2: 1 })).toEqual({
      ok: true,
      allocation: { k1: 2, k2: 1 },
    });
    expect(await seen).toEqual({
      meetingId: board.meetingId,
      motionId: MOTION_ID,
      totals: { k1: 2, k2: 1 },
      voters: 1,
    });

    seen = tally(memberSocket, (m) => m.voters === 2);
    expect(await cast(guestSocket, MOTION_ID, { k1: 1 })).toMatchObject({ ok: true });
    expect((await seen).totals).toEqual({ k1: 3, k2: 1 });

    // Over the rules: refused with the reason, and nothing changes.
    expect(await cast(memberSocket, MOTION_ID, { k3: 3 })).toEqual({
      ok: false,
      error: { code: "invalid", message: "Troppi punti su una sola voce." },
    });
    expect(await cast(memberSocket, MOTION_ID, { k1: 2, k3: 2 })).toEqual({
      ok: false,
      error: { code: "invalid", message: "Hai assegnato più punti di quelli a disposizione." },
    });
    expect(await mine(memberSocket, MOTION_ID)).toEqual({ ok: true, allocation: { k1: 2, k2: 1 } });
    expect(
      await app.services.dotVotes.tally(board.meetingId, MOTION_ID, ANONYMOUS_VOTE),
    ).toMatchObject({ totals: { k1: 3, k2: 1 }, voters: 2 });

    // Casting again replaces the whole allocation.
    seen = tally(chair, (m) => m.totals.k3 === 2);
    expect(await cast(memberSocket, MOTION_ID, { k3: 2, k2: 1 })).toEqual({
      ok: true,
      allocation: { k3: 2, k2: 1 },
    });
    const replaced = await seen;
    expect(replaced).toMatchObject({ totals: { k1: 1, k2: 1, k3: 2 }, voters: 2 });
    expect(replaced).not.toHaveProperty("voterNames");
    expect(await mine(memberSocket, MOTION_ID)).toEqual({ ok: true, allocation: { k3: 2, k2: 1 } });
    expect(await mine(guestSocket, MOTION_ID)).toEqual({ ok: true, allocation: { k1: 1 } });

    // An anonymous vote keeps no name, and its ballots name no one.
    const anonymous = await db
      .selectFrom("dot_ballots")
      .selectAll()
      .where("motion_id", "=", MOTION_ID)
      .execute();
    expect(anonymous).toHaveLength(3);
    expect(anonymous.every((row) => row.voter_name === null)).toBe(true);
    const stored = JSON.stringify(anonymous);
    expect(stored).not.toContain(member.actor.userId);
    expect(stored).not.toContain("guest:");
    expect(stored).not.toContain("Mamma");

    // Voting follows the step: leaving the step that opens it stops casting.
    await accepted(chair, { type: "step.set", stepId: step(CLUSTERING) });
    expect(await cast(guestSocket, MOTION_ID, { k2: 1 })).toEqual({
      ok: false,
      error: { code: "conflict", message: "Il voto non è aperto in questa fase." },
    });
    await accepted(chair, { type: "step.set", stepId: step(PRIORITIES) });

    await accepted(chair, { type: "motion.close" });
    expect(await cast(memberSocket, MOTION_ID, { k1: 1 })).toEqual({
      ok: false,
      error: { code: "conflict", message: "Questa votazione non è aperta." },
    });

    // A named vote lists who put dots on each item.
    await accepted(chair, open(NAMED_MOTION_ID, { ...ANONYMOUS_VOTE, anonymous: false }));
    await cast(memberSocket, NAMED_MOTION_ID, { k1: 1 });
    seen = tally(chair, (m) => m.motionId === NAMED_MOTION_ID && m.voters === 2);
    await cast(guestSocket, NAMED_MOTION_ID, { k1: 1, k2: 1 });
    const named = await seen;
    expect(named.totals).toEqual({ k1: 2, k2: 1 });
    expect(named.voterNames?.k1?.slice().sort()).toEqual(["Mamma di Luca", "Marco Membro"]);
    expect(named.voterNames?.k2).toEqual(["Mamma di Luca"]);
    const namedRows = await db
      .selectFrom("dot_ballots")
      .select("voter_name")
      .where("motion_id", "=", NAMED_MOTION_ID)
      .execute();
    expect(namedRows.map((row) => row.voter_name).sort()).toEqual([
      "Mamma di Luca",
      "Mamma di Luca",
      "Marco Membro",
    ]);
  });

  it("hides a card from everyone's board and restores it, and lets only facilitators do it", async () => {
    const chair = await joined({ token: board.owner.token });
    const member = await board.member("member", db, "Marco Membro");
    const memberSocket = await joined({ token: member.token });
    const guestSocket = await joined(guestAuth("Anna", "dispositivo-anna-0001"));
    const everyone = [chair, memberSocket, guestSocket];
    await accepted(chair, { type: "meeting.start" });

    let seen = everyone.map((s) =>
      nextMessage(s, "meeting:state", (m) => m.state.hiddenCards.includes("scheda-1")),
    );
    await accepted(chair, { type: "card.hide", cardId: "scheda-1" });
    for (const message of await Promise.all(seen)) {
      expect(message.state.hiddenCards).toEqual(["scheda-1"]);
    }

    for (const socket of [memberSocket, guestSocket]) {
      for (const cmd of [
        { type: "card.hide", cardId: "scheda-2" },
        { type: "card.restore", cardId: "scheda-1" },
      ] as const) {
        expect(await command(socket, cmd)).toMatchObject({
          ok: false,
          error: { code: "forbidden" },
        });
      }
    }
    const unchanged = await app.services.live.view(board.owner.actor, board.meetingId);
    expect(unchanged.state.hiddenCards).toEqual(["scheda-1"]);

    seen = everyone.map((s) =>
      nextMessage(s, "meeting:state", (m) => m.state.hiddenCards.length === 0),
    );
    await accepted(chair, { type: "card.restore", cardId: "scheda-1" });
    await Promise.all(seen);
  });

  it("removes a remote contributor: told and disconnected, refused on rejoining, their board connection closed; others stay", async () => {
    const chair = await joined({ token: board.owner.token });
    const people = presenceOf(chair);
    const member = await board.member("member", db, "Marco Membro");
    await joined({ token: member.token });
    const leavingKey = "dispositivo-anna-0001";
    const leaving = await joined(guestAuth("Anna", leavingKey));
    const staying = await joined(guestAuth("Bruno", "dispositivo-bruno-001", "school"));
    await accepted(chair, { type: "meeting.start" });
    await until("four people in the room", () => people().length === 4);
    const presenceId = (name: string) => people().find((p) => p.name === name)!.id;
    const anna = presenceId("Anna");
    expect(anna).toMatch(/^guest:/);

    const facilitatorDoc = await yjsClient(board.owner.token);
    const annaDoc = await yjsClient(inviteToken, leavingKey);
    const brunoDoc = await yjsClient(inviteToken, "dispositivo-bruno-001");
    await expectWriteAccepted(annaDoc, "di-anna", facilitatorDoc);
    const closes: number[] = [];
    annaDoc.provider.on("connection-close", (event: CloseEvent | null) => {
      if (event) closes.push(event.code);
    });

    const removed: MeetingRemovedMessage[] = [];
    leaving.on("meeting:removed", (message) => removed.push(message));
    const disconnected = new Promise<string>((resolve) => leaving.once("disconnect", resolve));
    const state = await accepted(chair, { type: "participant.remove", presenceId: anna });
    expect(state.removedGuests).toEqual([anna]);
    expect(await disconnected).toBe("io server disconnect");
    expect(removed).toEqual([{ meetingId: board.meetingId, reason: "removed_by_facilitator" }]);
    await until("the room to drop Anna", () => !people().some((p) => p.name === "Anna"));

    // The same device cannot come back into the room.
    const again = await connect(guestAuth("Anna", leavingKey));
    expect(await again.emitWithAck("meeting:join", { meetingId: board.meetingId })).toEqual({
      ok: false,
      error: { code: "forbidden", message: "Il facilitatore ti ha rimosso da questo incontro." },
    });

    // Nor onto the board: the open connection is closed within about a second, a new one refused.
    await until("Anna's board connection to be closed", () => closes.includes(4403), 2_500);
    annaDoc.provider.disconnect();
    const url = `${wsUrl(app)}/yjs/${board.docName}?token=${inviteToken}&guestKey=${leavingKey}`;
    expect(await upgradeStatus(url)).toBe(403);

    // Bruno is still in the room and still writes.
    expect(staying.connected).toBe(true);
    expect(people().map((p) => p.name)).toContain("Bruno");
    const stateSeen = nextMessage(staying, "meeting:state", (m) => m.state.timer.kind !== "idle");
    await accepted(chair, { type: "timer.start", durationMs: 60_000 });
    await stateSeen;
    await expectWriteAccepted(brunoDoc, "di-bruno", facilitatorDoc);

    // Only remote contributors can be removed.
    for (const id of [member.actor.userId, `user:${member.actor.userId}`]) {
      expect(await command(chair, { type: "participant.remove", presenceId: id })).toEqual({
        ok: false,
        error: {
          code: "conflict",
          message: "Si possono rimuovere solo i partecipanti collegati con un link d'invito.",
        },
      });
    }
  });

  it("makes a locked board read-only for members until it is unlocked, but not for the facilitator", async () => {
    const chair = await joined({ token: board.owner.token });
    const member = await board.member("member", db, "Marco Membro");
    await accepted(chair, { type: "meeting.start" });
    const facilitatorDoc = await yjsClient(board.owner.token);
    const before = await yjsClient(member.token);
    await expectWriteAccepted(before, "prima", facilitatorDoc);

    await accepted(chair, { type: "board.lock", locked: true });
    await sleep(GATE_DELAY_MS);
    await expectWriteRefused(before, "bloccata", facilitatorDoc);
    const reader = await yjsClient(member.token);
    await expectWriteAccepted(facilitatorDoc, "dal-facilitatore", reader);

    await accepted(chair, { type: "board.lock", locked: false });
    await sleep(GATE_DELAY_MS);
    // A fresh client: the refused card stays in the first one's document, and what it writes next
    // builds on it (the server would hold that back until the missing card came).
    const after = await yjsClient(member.token);
    await expectWriteAccepted(after, "sbloccata", facilitatorDoc);
  });

  it("lets a remote contributor write on the board only while the meeting is live in a step that opens writing", async () => {
    const chair = await joined({ token: board.owner.token });
    const facilitatorDoc = await yjsClient(board.owner.token);
    const guestKey = "dispositivo-anna-0001";

    const early = await yjsClient(inviteToken, guestKey);
    await expectWriteRefused(early, "prima-dell-inizio", facilitatorDoc);

    await accepted(chair, { type: "meeting.start" });
    await accepted(chair, { type: "step.set", stepId: step(CLUSTERING) });
    await sleep(GATE_DELAY_MS);
    const clustering = await yjsClient(inviteToken, guestKey);
    await expectWriteRefused(clustering, "durante-il-raggruppamento", facilitatorDoc);

    await accepted(chair, { type: "step.set", stepId: step(LISTENING) });
    await sleep(GATE_DELAY_MS);
    const listening = await yjsClient(inviteToken, guestKey);
    await expectWriteAccepted(listening, "durante-l-ascolto", facilitatorDoc);
  });

  it("refuses /yjs with an invite but without a valid guestKey", async () => {
    const base = `${wsUrl(app)}/yjs/${board.docName}?token=${inviteToken}`;
    expect(await upgradeStatus(base)).toBe(400);
    expect(await upgradeStatus(`${base}&guestKey=corta`)).toBe(400);
    expect(await upgradeStatus(`${base}&guestKey=${"x".repeat(65)}`)).toBe(400);
    expect(await upgradeStatus(`${base}&guestKey=dispositivo-di-prova-01`)).toBe(101);
  });

  it("records who attended a live meeting: members by user, guests only by their group", async () => {
    const chair = await joined({ token: board.owner.token });
    await accepted(chair, { type: "meeting.start" });
    const member = await board.member("member", db, "Marco Membro");
    await joined({ token: member.token });
    await joined(guestAuth("Mamma di Luca", "dispositivo-mamma-001", "school"));

    const rows = () =>
      db
        .selectFrom("meeting_attendance")
        .selectAll()
        .where("meeting_id", "=", board.meetingId)
        .execute();
    await until("three attendees", async () => (await rows()).length === 3, PATIENCE);
    const attendance = await rows();
    const byUser = (userId: string) => attendance.find((row) => row.user_id === userId);
    expect(byUser(board.owner.actor.userId)).toMatchObject({
      attendee_key: `user:${board.owner.actor.userId}`,
      contributor_group: null,
    });
    expect(byUser(member.actor.userId)).toMatchObject({
      attendee_key: `user:${member.actor.userId}`,
      role: "member",
      contributor_group: null,
    });
    const guest = attendance.find((row) => row.user_id === null);
    expect(guest).toMatchObject({
      attendee_key: expect.stringMatching(/^guest:/),
      role: "remote_contributor",
      organization_name: null,
      contributor_group: "school",
    });
    expect(JSON.stringify(guest)).not.toContain("Mamma");
  });
});
