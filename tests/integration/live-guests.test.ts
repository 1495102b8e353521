// Remote contributors on /live: joining a meeting's room by its invite token, with a name and a
// group they choose, and nothing more.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import type {
  ClientToServerEvents,
  MeetingPresenceMessage,
  MeetingRemovedMessage,
  ServerToClientEvents,
} from "../../core/live";
import type { Actor } from "../../server/services";
import { connectLive } from "../support/live";
import { startTestApp, type TestApp } from "../support/app";
import { testDbKind } from "../support/test-db";
import { until } from "../support/yjs";

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

describe(`remote contributors on /live on ${testDbKind()}`, () => {
  let app: TestApp;
  let clients: LiveClient[];
  let facilitator: { actor: Actor; token: string };
  let roundtableId: string;
  let meetingId: string;

  async function newMeeting(title: string) {
    return (
      await app.services.meetings.create(facilitator.actor, roundtableId, {
        title,
        kind: "listening",
        startsAt: "2026-12-01T18:00",
      })
    ).id;
  }

  const connect = (auth: Record<string, unknown>) => connectLive(app.url, { auth }, clients);

  async function invite(id = meetingId) {
    return app.services.meetingInvites.create(facilitator.actor, id, {});
  }

  function presenceOf(socket: LiveClient) {
    const seen: MeetingPresenceMessage[] = [];
    socket.on("meeting:presence", (message) => seen.push(message));
    return () => seen.at(-1)?.people ?? [];
  }

  beforeEach(async () => {
    app = await startTestApp({ liveAccessRecheckMs: 200 });
    clients = [];
    const email = `guests-${Date.now()}@example.it`;
    const actor = await app.services.accounts.createUser({
      email,
      name: "Franca Facilitatrice",
      password: "una-password-lunga",
    });
    facilitator = { actor, token: await app.services.accounts.createApiToken(email) };
    roundtableId = (
      await app.services.roundtables.create(actor, { name: "Tavolo", territory: "Chieri" })
    ).id;
    meetingId = await newMeeting("Ascolto delle famiglie");
  });

  afterEach(async () => {
    for (const socket of clients) socket.disconnect();
    await app.close();
  });

  it("joins the invited meeting and appears by the name and group chosen, never by more", async () => {
    const { token } = await invite();
    const chair = await connect({ token: facilitator.token });
    const people = presenceOf(chair);
    await chair.emitWithAck("meeting:join", { meetingId });
    const parent = await connect({ token, name: "  Mamma di Luca ", group: "family" });
    const joined = await parent.emitWithAck("meeting:join", { meetingId });
    expect(joined.ok).toBe(true);
    if (joined.ok) expect(joined.state.phase).toBe("draft");
    const anonymous = await connect({ token, group: "school" });
    await anonymous.emitWithAck("meeting:join", { meetingId });

    await until("three people in the room", () => people().length === 3);
    const guests = people().filter((p) => p.group.kind === "contributor");
    expect(guests.map((p) => [p.name, p.group])).toEqual([
      ["", { kind: "contributor", group: "school" }],
      ["Mamma di Luca", { kind: "contributor", group: "family" }],
    ]);
    for (const guest of guests) {
      expect(guest.id).toMatch(/^guest:[A-Za-z0-9_-]{22}$/);
      expect(guest.id).not.toContain(token.slice(4, 20));
    }
  });

  it("counts one device once across two tabs, and two devices as two people", async () => {
    const { token } = await invite();
    const chair = await connect({ token: facilitator.token });
    const people = presenceOf(chair);
    await chair.emitWithAck("meeting:join", { meetingId });
    const device = "dispositivo-di-prova-0001";
    for (const guestKey of [device, device, "un-altro-dispositivo-02"]) {
      const tab = await connect({ token, name: "Anna", guestKey });
      await tab.emitWithAck("meeting:join", { meetingId });
    }
    await until("two guests and the facilitator", () => people().length === 3);
  });

  it("cannot join another meeting or run any command", async () => {
    const { token } = await invite();
    const other = await newMeeting("Un altro incontro");
    const guest = await connect({ token, name: "Studente" });
    const elsewhere = await guest.emitWithAck("meeting:join", { meetingId: other });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: "not_found" } });
    await guest.emitWithAck("meeting:join", { meetingId });
    const start = await guest.emitWithAck("meeting:command", {
      meetingId,
      command: { type: "meeting.start" },
    });
    expect(start).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const state = await app.services.live.view(facilitator.actor, meetingId);
    expect(state.state.version).toBe(0);
  });

  it("refuses a bad name or group, and a token that admits nobody", async () => {
    const { token } = await invite();
    await expect(connect({ token, name: "x".repeat(61) })).rejects.toMatchObject({
      data: { code: "invalid" },
    });
    await expect(connect({ token, group: "ufficio" })).rejects.toMatchObject({
      data: { code: "invalid" },
    });
    await expect(connect({ token, guestKey: "corta" })).rejects.toMatchObject({
      data: { code: "invalid" },
    });
    await expect(connect({ token: "tvm_nonesiste" })).rejects.toMatchObject({
      data: { code: "unauthenticated" },
    });
  });

  it("takes guests out of the room within a second when their invite is revoked", async () => {
    const { token, invite: created } = await invite();
    const chair = await connect({ token: facilitator.token });
    const people = presenceOf(chair);
    await chair.emitWithAck("meeting:join", { meetingId });
    const guest = await connect({ token, name: "Papà di Sara", group: "family" });
    const removed: MeetingRemovedMessage[] = [];
    guest.on("meeting:removed", (message) => removed.push(message));
    await guest.emitWithAck("meeting:join", { meetingId });
    await until("the guest in the room", () => people().length === 2);

    await app.services.meetingInvites.revoke(facilitator.actor, meetingId, created.id);
    await until("the guest to be told and disconnected", () => guest.disconnected, 5_000);
    expect(removed).toEqual([{ meetingId, reason: "credential_ended" }]);
    await until("the room to list only the facilitator", () => people().length === 1);
    await expect(connect({ token })).rejects.toMatchObject({ data: { code: "unauthenticated" } });
  });
});
