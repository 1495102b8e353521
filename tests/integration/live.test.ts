import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { io as connectClient, type Socket } from "socket.io-client";
import { SESSION_COOKIE } from "../../core/cookies";
import type { MemberRole } from "../../core/domain";
import type { ClientToServerEvents, LiveCommand, ServerToClientEvents } from "../../core/live";
import { createServer } from "../../server/create-server";
import { RateLimiter, createRateLimits } from "../../server/http/rate-limit";
import { createServices, type Actor } from "../../server/services";
import { startTestApp, type TestApp } from "../support/app";
import { acceptedCommand, nextMessage } from "../support/live";
import { getTestDb, testDbKind } from "../support/test-db";

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;
/** The same socket without the event types, to send what a typed client could not. */
type RawClient = Socket;

const PASSWORD = "una-password-lunga";
const MOTION_ID = "0f8e3c2a-6b1d-4e5f-9a7b-3c2d1e0f9a8b";
const DOT_VOTE = { target: "clusters", dots: 5, maxPerItem: 3, anonymous: true } as const;

/** A workshop's agenda: listening (writing), clustering (editing only), priorities (voting). */
const AGENDA = [
  { title: "Ascolto", durationMinutes: 30, writing: true, voting: false, editing: true },
  { title: "Raggruppamento", durationMinutes: 20, writing: false, voting: false, editing: true },
  { title: "Priorità", durationMinutes: 15, writing: false, voting: true, editing: false },
];

interface Person {
  actor: Actor;
  email: string;
  token: string;
  session: string;
}

describe(`live meeting control on ${testDbKind()}`, () => {
  let app: TestApp;
  let clients: LiveClient[];
  let people = 0;
  let facilitator: Person;
  let roundtableId: string;
  let meetingId: string;
  /** The agenda's step ids: listening, clustering, priorities. */
  let steps: { listening: string; clustering: string; priorities: string };

  async function person(name: string): Promise<Person> {
    people += 1;
    const email = `live${people}-${Date.now()}@example.it`;
    const actor = await app.services.accounts.createUser({ email, name, password: PASSWORD });
    const token = await app.services.accounts.createApiToken(email);
    const { token: session } = await app.services.accounts.logIn(
      { email, password: PASSWORD },
      null,
    );
    return { actor, email, token, session };
  }

  async function member(name: string, role: MemberRole, organization?: string): Promise<Person> {
    const someone = await person(name);
    const organizationId = organization
      ? (
          await app.services.roundtables.createOrganization(facilitator.actor, roundtableId, {
            name: organization,
            kind: "municipality",
          })
        ).id
      : undefined;
    const { token } = await app.services.roundtables.createInvite(facilitator.actor, roundtableId, {
      role,
      organizationId,
    });
    await app.services.roundtables.acceptInvite(someone.actor, token);
    return someone;
  }

  type Credentials = ({ token: string } | { cookie: string; origin?: string }) & {
    /** Long polling first, then the upgrade, as a browser does; else WebSocket at once. */
    polling?: boolean;
  };

  function open(url: string, credentials: Credentials): LiveClient {
    const socket: LiveClient = connectClient(`${url}/live`, {
      transports: credentials.polling ? ["polling", "websocket"] : ["websocket"],
      reconnection: false,
      forceNew: true,
      ...("token" in credentials
        ? { auth: { token: credentials.token } }
        : {
            extraHeaders: {
              cookie: credentials.cookie,
              ...(credentials.origin ? { origin: credentials.origin } : {}),
            },
          }),
    });
    clients.push(socket);
    return socket;
  }

  /** A connected client, or the reason the server gave for refusing it. */
  function connect(credentials: Credentials, url = app.url): Promise<LiveClient> {
    const socket = open(url, credentials);
    return new Promise((resolve, reject) => {
      socket.once("connect", () => resolve(socket));
      socket.once("connect_error", (error) => reject(error));
    });
  }

  const withToken = (someone: Person) => connect({ token: someone.token });
  const withCookie = (someone: Person, origin = app.url) =>
    connect({ cookie: `${SESSION_COOKIE}=${someone.session}`, origin });

  const next = nextMessage;

  async function join(socket: LiveClient, id = meetingId) {
    return socket.emitWithAck("meeting:join", { meetingId: id });
  }

  async function command(socket: LiveClient, cmd: LiveCommand) {
    return socket.emitWithAck("meeting:command", { meetingId, command: cmd });
  }

  const accepted = (socket: LiveClient, cmd: LiveCommand) =>
    acceptedCommand(socket, meetingId, cmd);

  const stepTo = (stepId: string): LiveCommand => ({ type: "step.set", stepId });

  beforeEach(async () => {
    app = await startTestApp();
    clients = [];
    facilitator = await person("Franca Facilitatrice");
    roundtableId = (
      await app.services.roundtables.create(facilitator.actor, {
        name: "Tavolo delle politiche giovanili",
        territory: "Chieri",
      })
    ).id;
    const meeting = await app.services.meetings.create(facilitator.actor, roundtableId, {
      title: "Primo laboratorio",
      kind: "workshop",
      startsAt: "2026-12-01T18:00",
      agenda: AGENDA,
    });
    meetingId = meeting.id;
    const [listening, clustering, priorities] = meeting.agenda.map((item) => item.id);
    steps = { listening: listening!, clustering: clustering!, priorities: priorities! };
  });

  afterEach(async () => {
    for (const socket of clients) socket.disconnect();
    await app.close();
  });

  it("sends step and timer changes to every client in the meeting's room", async () => {
    const chair = await withToken(facilitator);
    const memberClient = await withCookie(await member("Marco Membro", "member"));
    const observerClient = await withToken(await member("Olga Osservatrice", "observer"));
    for (const socket of [chair, memberClient, observerClient]) {
      const reply = await join(socket);
      expect(reply).toMatchObject({ ok: true, meetingId, state: { status: "draft", version: 0 } });
    }

    const others = [memberClient, observerClient];
    const started = others.map((s) => next(s, "meeting:state", (m) => m.state.status === "live"));
    expect(await accepted(chair, { type: "meeting.start" })).toMatchObject({
      status: "live",
      phase: "open",
      step: { id: steps.listening, title: "Ascolto", writing: true },
      version: 1,
    });
    for (const message of await Promise.all(started)) {
      expect(message).toMatchObject({
        meetingId,
        state: { status: "live", phase: "open", step: { id: steps.listening } },
      });
    }

    const clustering = others.map((s) =>
      next(s, "meeting:state", (m) => m.state.step?.id === steps.clustering),
    );
    await accepted(chair, stepTo(steps.clustering));
    for (const message of await Promise.all(clustering)) {
      expect(message.state.step).toEqual({
        id: steps.clustering,
        title: "Raggruppamento",
        writing: false,
        voting: false,
        editing: true,
      });
    }

    const timed = others.map((s) => next(s, "meeting:state", (m) => m.state.timer.kind !== "idle"));
    const withTimer = await accepted(chair, { type: "timer.start", durationMs: 5 * 60_000 });
    for (const message of await Promise.all(timed)) {
      expect(message.state.timer).toEqual(withTimer.timer);
      expect(message.state.version).toBe(withTimer.version);
    }

    const pausedSeen = others.map((s) =>
      next(s, "meeting:state", (m) => m.state.timer.kind === "paused"),
    );
    const paused = await accepted(chair, { type: "timer.pause" });
    for (const message of await Promise.all(pausedSeen)) expect(message.state).toEqual(paused);

    // The meeting's page reads it as open; the step is the live state's.
    const page = await app.services.meetings.get(facilitator.actor, meetingId);
    expect(page.phase).toBe("open");
    expect((await app.services.live.view(facilitator.actor, meetingId)).state.step?.id).toBe(
      steps.clustering,
    );
  });

  it("refuses members, secretaries and observers who try to run the meeting, and changes nothing", async () => {
    const chair = await withToken(facilitator);
    await join(chair);
    await accepted(chair, { type: "meeting.start" });
    for (const role of ["member", "secretary", "observer"] as const) {
      const socket = await withToken(await member(`Persona ${role}`, role));
      await join(socket);
      const reply = await command(socket, stepTo(steps.priorities));
      expect(reply).toEqual({
        ok: false,
        error: { code: "forbidden", message: expect.stringMatching(/\S/) },
      });
    }
    const again = await join(chair);
    expect(again).toMatchObject({
      ok: true,
      state: { phase: "open", step: { id: steps.listening }, version: 1 },
    });
  });

  it("tells the facilitator why a command does not fit the meeting's state", async () => {
    const chair = await withToken(facilitator);
    const reply = await command(chair, { type: "timer.pause" });
    expect(reply).toEqual({
      ok: false,
      error: { code: "conflict", message: "L'incontro non è in corso." },
    });
  });

  it("does not let someone outside the tavolo join or run its meeting", async () => {
    const stranger = await withToken(await person("Sara Sconosciuta"));
    expect(await join(stranger)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await command(stranger, { type: "meeting.start" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    const missing = "00000000-0000-4000-8000-000000000000";
    const chair = await withToken(facilitator);
    expect(await join(chair, missing)).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("gives a reconnecting client the current state at once", async () => {
    const chair = await withToken(facilitator);
    await join(chair);
    await accepted(chair, { type: "meeting.start" });
    await accepted(chair, stepTo(steps.priorities));
    await accepted(chair, {
      type: "motion.open",
      motionId: MOTION_ID,
      kind: "dot_vote",
      dotVote: DOT_VOTE,
    });
    const state = await accepted(chair, {
      type: "spotlight.set",
      spotlight: { kind: "cluster", id: "k1" },
    });

    const participant = await member("Paola Partecipante", "member");
    const first = await withCookie(participant);
    await join(first);
    first.disconnect();
    const second = await withCookie(participant);
    const reply = await join(second);
    expect(reply).toMatchObject({ ok: true, state });
    expect(state).toMatchObject({
      step: { id: steps.priorities, voting: true },
      motion: { id: MOTION_ID, kind: "dot_vote", status: "open", dotVote: DOT_VOTE },
      spotlight: { kind: "cluster", id: "k1" },
      version: 4,
    });
  });

  it("keeps the state across a server restart on the same database", async () => {
    const chair = await withToken(facilitator);
    await join(chair);
    await accepted(chair, { type: "meeting.start" });
    await accepted(chair, { type: "timer.start", durationMs: 10 * 60_000 });
    await accepted(chair, { type: "board.lock", locked: true });
    const state = await accepted(chair, { type: "writing.private", enabled: true });
    await app.close();

    const db = await getTestDb();
    app = Object.assign(await createServer({ db, services: createServices(db), port: 0 }), { db });
    const after = await withToken(facilitator);
    expect(await join(after)).toMatchObject({ ok: true, state });
    expect(state).toMatchObject({ boardLocked: true, privateWriting: true, version: 4 });
    expect(await accepted(after, { type: "timer.pause" })).toMatchObject({ version: 5 });
  });

  it("answers invalid payloads and unknown events with errors, and keeps serving", async () => {
    const chair = (await withToken(facilitator)) as unknown as RawClient;
    const invalid = [
      ["meeting:join", {}],
      ["meeting:join", "not an object"],
      ["meeting:join", { meetingId: "../../etc/passwd" }],
      ["meeting:command", { meetingId, command: { type: "meeting.explode" } }],
      ["meeting:command", { meetingId, command: { type: "timer.start", durationMs: -5 } }],
      ["meeting:command", { meetingId }],
      ["meeting:command", null],
      ["meeting:leave", { meetingId: 42 }],
    ] as const;
    for (const [event, payload] of invalid) {
      const reply = await chair.emitWithAck(event, payload);
      expect(reply, `${event} ${JSON.stringify(payload)}`).toMatchObject({
        ok: false,
        error: { code: "invalid", message: expect.stringMatching(/\S/) },
      });
    }
    expect(await chair.emitWithAck("meeting:explode", { meetingId })).toEqual({
      ok: false,
      error: { code: "invalid", message: "Evento sconosciuto." },
    });
    // Without an ack there is no one to answer: the server just carries on.
    chair.emit("meeting:command", { nonsense: true });
    chair.emit("meeting:unknown");

    expect(await chair.emitWithAck("meeting:join", { meetingId })).toMatchObject({ ok: true });
    const typed = chair as unknown as LiveClient;
    expect(await accepted(typed, { type: "meeting.start" })).toMatchObject({ status: "live" });
    const another = await withCookie(facilitator);
    expect(await join(another)).toMatchObject({ ok: true, state: { status: "live" } });
  });

  it("lists who is in the room by name and group, never by email, and updates as they leave", async () => {
    const participant = await member("Marco Rossi", "member", "Comune di Chieri");
    const chair = await withToken(facilitator);
    const everyone = next(chair, "meeting:presence", (m) => m.people.length === 2);
    await join(chair);
    const guest = await withCookie(participant);
    await join(guest);
    const presence = await everyone;
    expect(presence).toEqual({
      meetingId,
      people: [
        {
          id: facilitator.actor.userId,
          name: "Franca Facilitatrice",
          group: { kind: "role", role: "facilitator" },
        },
        {
          id: participant.actor.userId,
          name: "Marco Rossi",
          group: { kind: "organization", name: "Comune di Chieri" },
        },
      ],
    });
    const wire = JSON.stringify(presence);
    expect(wire).not.toContain(participant.email);
    expect(wire).not.toContain("@");

    const alone = next(chair, "meeting:presence", (m) => m.people.length === 1);
    guest.disconnect();
    expect((await alone).people.map((p) => p.name)).toEqual(["Franca Facilitatrice"]);
  });

  it("counts a person with two connections once, until both have left", async () => {
    const chair = await withToken(facilitator);
    await join(chair);
    const participant = await member("Lucia Bianchi", "member");
    const tab1 = await withCookie(participant);
    const tab2 = await withToken(participant);
    const both = next(chair, "meeting:presence", (m) => m.people.length === 2);
    await join(tab1);
    await join(tab2);
    await both;
    const stillThere = next(chair, "meeting:presence", () => true);
    expect(await tab1.emitWithAck("meeting:leave", { meetingId })).toEqual({
      ok: true,
      meetingId,
    });
    expect((await stillThere).people).toHaveLength(2);
    const gone = next(chair, "meeting:presence", (m) => m.people.length === 1);
    tab2.disconnect();
    await gone;
  });

  it("applies simultaneous commands one after another, each on the latest version", async () => {
    const chair = await withToken(facilitator);
    const second = await withCookie(facilitator);
    await join(chair);
    await accepted(chair, { type: "meeting.start" });
    const start = await accepted(chair, { type: "timer.start", durationMs: 60_000 });
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        command(i % 2 ? chair : second, { type: "timer.add", deltaMs: 1000 }),
      ),
    );
    expect(replies.every((reply) => reply.ok)).toBe(true);
    const versions = replies.map((reply) => (reply.ok ? reply.state.version : 0));
    expect(new Set(versions).size).toBe(10);
    const final = await join(chair);
    const deadline = (state: { timer: { kind: string; deadline?: string } }) =>
      Date.parse(state.timer.deadline ?? "");
    expect(final.ok && final.state.version).toBe(start.version + 10);
    expect(final.ok && deadline(final.state) - deadline(start)).toBe(10_000);
  });

  it("keeps the step, the timer and the version consistent under commands of different kinds at once", async () => {
    const chair = await withToken(facilitator);
    const second = await withCookie(facilitator);
    await accepted(chair, { type: "meeting.start" });
    const start = await accepted(chair, { type: "timer.start", durationMs: 60_000 });
    const commands: LiveCommand[] = Array.from({ length: 12 }, (_, i) =>
      i % 2
        ? { type: "timer.add", deltaMs: 1000 }
        : stepTo(i % 4 ? steps.priorities : steps.clustering),
    );
    const replies = await Promise.all(
      commands.map((cmd, i) => command(i % 3 ? chair : second, cmd)),
    );
    const states = replies.map((reply) => {
      if (!reply.ok) throw new Error(JSON.stringify(reply.error));
      return reply.state;
    });
    const latest = states.reduce((a, b) => (b.version > a.version ? b : a));
    const final = await join(chair);
    expect(final).toMatchObject({ ok: true, state: latest });
    expect(Date.parse((latest.timer as { deadline: string }).deadline)).toBe(
      Date.parse((start.timer as { deadline: string }).deadline) + 6000,
    );
    expect((await app.services.live.view(facilitator.actor, meetingId)).state.step).toEqual(
      latest.step,
    );
  });

  it("refuses a command made against a state that has since changed", async () => {
    const chair = await withToken(facilitator);
    const started = await accepted(chair, { type: "meeting.start" });
    await accepted(chair, stepTo(steps.clustering));
    const stale = await chair.emitWithAck("meeting:command", {
      meetingId,
      command: stepTo(steps.priorities),
      expectedVersion: started.version,
    });
    expect(stale).toEqual({
      ok: false,
      error: {
        code: "conflict",
        message: "Lo stato dell'incontro è cambiato nel frattempo: riprova.",
      },
    });
    const fresh = await chair.emitWithAck("meeting:command", {
      meetingId,
      command: stepTo(steps.priorities),
      expectedVersion: started.version + 1,
    });
    expect(fresh).toMatchObject({
      ok: true,
      state: { step: { id: steps.priorities }, version: 3 },
    });
  });

  it("answers a connection that sends too many events with an error instead of handling them", async () => {
    await app.close();
    const db = await getTestDb();
    const server = await createServer({
      db,
      services: createServices(db),
      port: 0,
      rateLimits: {
        ...createRateLimits(),
        liveEvents: new RateLimiter({ limit: 3, windowMs: 60_000 }),
      },
    });
    app = Object.assign(server, { db });
    const chair = await withToken(facilitator);
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await join(chair));
    expect(replies.slice(0, 3).every((reply) => reply.ok)).toBe(true);
    for (const reply of replies.slice(3)) {
      expect(reply).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    }
    // Other connections have their own count.
    expect(await join(await withCookie(facilitator))).toMatchObject({ ok: true });
  });

  it("accepts a client with an API token and a browser-like client with the session cookie", async () => {
    const byToken = await withToken(facilitator);
    const byCookie = await connect({
      cookie: `${SESSION_COOKIE}=${facilitator.session}`,
      origin: app.url,
      polling: true,
    });
    expect(await join(byToken)).toMatchObject({ ok: true });
    expect(await join(byCookie)).toMatchObject({ ok: true });
    expect(await accepted(byCookie, { type: "meeting.start" })).toMatchObject({ version: 1 });
  });

  it("stops serving a connection within about a second of its session ending", async () => {
    const byCookie = await withCookie(facilitator);
    expect(await join(byCookie)).toMatchObject({ ok: true });
    const closed = new Promise((resolve) => byCookie.once("disconnect", resolve));
    await app.services.accounts.logOut(facilitator.session);
    await closed;
    await expect(withCookie(facilitator)).rejects.toThrow();
    const byToken = await withToken(facilitator);
    expect(await join(byToken)).toMatchObject({ ok: true, state: { status: "draft" } });
  });

  it("refuses a session cookie sent from another origin or with no origin", async () => {
    await expect(withCookie(facilitator, "https://evil.example")).rejects.toMatchObject({
      data: { code: "forbidden" },
    });
    await expect(
      connect({ cookie: `${SESSION_COOKIE}=${facilitator.session}` }),
    ).rejects.toMatchObject({ data: { code: "forbidden" } });
  });

  it("refuses a connection with no credentials, a bad token or an ended session", async () => {
    const attempts = [
      () => connect({ cookie: "tavolo_locale=it", origin: app.url }),
      () => connect({ token: "tvl_not-a-real-token" }),
      () => connect({ token: "tvx_unknown-kind" }),
      async () => {
        await app.services.accounts.logOut(facilitator.session);
        return withCookie(facilitator);
      },
    ];
    for (const attempt of attempts) {
      await expect(attempt()).rejects.toMatchObject({ data: { code: "unauthenticated" } });
    }
  });
});
