// /live broadcasts follow access: a connection whose person was removed, or whose credential ended,
// stops receiving a meeting's messages within about a second, and is told why.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { SESSION_COOKIE } from "../../core/cookies";
import type {
  ClientToServerEvents,
  LiveCommand,
  MeetingPresenceMessage,
  MeetingRemovedMessage,
  MeetingStateMessage,
  ServerToClientEvents,
} from "../../core/live";
import type { Db } from "../../db/create-db";
import { startTestApp, type TestApp } from "../support/app";
import { acceptedCommand, connectLive } from "../support/live";
import { getTestDb, testDbKind } from "../support/test-db";
import { boardFixture, until } from "../support/yjs";

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

const PASSWORD = "password-di-prova";
const PATIENCE = 15_000;

type Messages = {
  "meeting:state": MeetingStateMessage;
  "meeting:presence": MeetingPresenceMessage;
  "meeting:removed": MeetingRemovedMessage;
};

describe(`access rechecked on open /live connections on ${testDbKind()}`, () => {
  let app: TestApp;
  let db: Db;
  let board: Awaited<ReturnType<typeof boardFixture>>;
  let sockets: LiveClient[];

  beforeEach(async () => {
    app = await startTestApp();
    db = await getTestDb();
    board = await boardFixture(app);
    sockets = [];
  });

  afterEach(async () => {
    for (const socket of sockets) socket.disconnect();
    await app.close();
  });

  const connect = (options: { token: string } | { cookie: string }) =>
    connectLive(
      app.url,
      "token" in options
        ? { auth: { token: options.token } }
        : { extraHeaders: { cookie: options.cookie, origin: app.url } },
      sockets,
    );

  /** Every `event` the socket receives from now on. */
  function record<E extends keyof Messages>(socket: LiveClient, event: E): Messages[E][] {
    const seen: Messages[E][] = [];
    const name: string = event;
    (socket as unknown as Socket).on(name, (message: Messages[E]) => seen.push(message));
    return seen;
  }

  async function joined(socket: LiveClient) {
    const reply = await socket.emitWithAck("meeting:join", { meetingId: board.meetingId });
    expect(reply).toMatchObject({ ok: true });
  }

  const accepted = (socket: LiveClient, command: LiveCommand) =>
    acceptedCommand(socket, board.meetingId, command);

  it("takes a member removed from the tavolo out of the meeting's room and tells them why", async () => {
    const chair = await connect({ token: board.owner.token });
    const stayingUser = await board.member("member", db, "Sara Resta");
    const leavingUser = await board.member("member", db, "Luca Rimosso");
    const staying = await connect({ token: stayingUser.token });
    const leaving = await connect({ token: leavingUser.token });
    for (const socket of [chair, staying, leaving]) await joined(socket);
    const removed = record(leaving, "meeting:removed");
    const leavingStates = record(leaving, "meeting:state");
    const presence = record(chair, "meeting:presence");

    await app.services.roundtables.removeMember(
      board.owner.actor,
      board.roundtableId,
      leavingUser.actor.userId,
    );
    await until("the removed member to be told", () => removed.length > 0, PATIENCE);
    expect(removed).toEqual([{ meetingId: board.meetingId, reason: "access_removed" }]);
    await until(
      "the presence to drop the removed member",
      () =>
        presence.some(
          (m) => m.people.length === 2 && !m.people.some((p) => p.name === "Luca Rimosso"),
        ),
      PATIENCE,
    );

    const stayingStates = record(staying, "meeting:state");
    await accepted(chair, { type: "meeting.start" });
    await until("the member still there to get the state", () => stayingStates.length > 0);
    // Sent together: had the removed connection still been in the room, it would have it by now.
    expect(leavingStates).toEqual([]);
    expect(leaving.connected).toBe(true);
  });

  it("closes a connection whose session was logged out, after telling it", async () => {
    const email = `uscita-${Date.now()}@example.test`;
    const user = await app.services.accounts.createUser({
      email,
      name: "Marta In Uscita",
      password: PASSWORD,
    });
    await db
      .insertInto("roundtable_members")
      .values({ roundtable_id: board.roundtableId, user_id: user.userId, role: "member" })
      .execute();
    const session = await app.services.accounts.logIn({ email, password: PASSWORD }, null);
    const socket = await connect({ cookie: `${SESSION_COOKIE}=${session.token}` });
    await joined(socket);
    const removed = record(socket, "meeting:removed");
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));

    await app.services.accounts.logOut(session.token);
    expect(await disconnected).toBe("io server disconnect");
    expect(removed).toEqual([{ meetingId: board.meetingId, reason: "credential_ended" }]);
  });

  it("keeps a member whose role was lowered but who may still follow the meeting, and shows the new role", async () => {
    const chair = await connect({ token: board.owner.token });
    const user = await board.member("member", db, "Olga Declassata");
    const socket = await connect({ token: user.token });
    await joined(chair);
    await joined(socket);
    const presence = record(chair, "meeting:presence");
    const removed = record(socket, "meeting:removed");

    await app.services.roundtables.changeRole(
      board.owner.actor,
      board.roundtableId,
      user.actor.userId,
      "observer",
    );
    await until(
      "the presence to show the new role",
      () =>
        presence.some((m) =>
          m.people.some(
            (p) =>
              p.name === "Olga Declassata" &&
              p.group.kind === "role" &&
              p.group.role === "observer",
          ),
        ),
      PATIENCE,
    );
    const states = record(socket, "meeting:state");
    await accepted(chair, { type: "meeting.start" });
    await until("the observer to still get the state", () => states.length > 0, PATIENCE);
    expect(removed).toEqual([]);
  });
});
