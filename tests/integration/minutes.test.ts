// The minutes (verbale): a draft generated from a real live meeting's record (steps entered over
// /live, cards written on /yjs, a dot vote, who attended), edited, then finalised and immutable.
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { putCard } from "../../core/board";
import type { LiveState } from "../../core/live";
import { acceptedCommand, connectLive, type LiveClient } from "../support/live";
import { api, startTestApp, userWithToken, type TestApp } from "../support/app";
import { testDbKind } from "../support/test-db";
import { connectClient, until } from "../support/yjs";

describe(`the minutes of a meeting on ${testDbKind()}`, () => {
  let app: TestApp;
  const sockets: LiveClient[] = [];
  const cleanups: (() => void)[] = [];

  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    for (const cleanup of cleanups.splice(0)) cleanup();
    await app.close();
  });

  const live = (auth: Record<string, unknown>) => connectLive(app.url, { auth }, sockets);

  /** A tavolo with a facilitator, a member of an organisation, and a meeting with a short agenda. */
  async function meetingWithPeople() {
    const chair = await userWithToken(app.services, "Chiara Facilitatrice");
    const member = await userWithToken(app.services, "Marco Rossi");
    const roundtable = await app.services.roundtables.create(chair.actor, {
      name: "Tavolo giovani",
      territory: "Ambito di Lecco",
    });
    const school = await app.services.roundtables.createOrganization(chair.actor, roundtable.id, {
      name: "IC Lecco 2",
      kind: "school",
    });
    const { token: memberInvite } = await app.services.roundtables.createInvite(
      chair.actor,
      roundtable.id,
      { role: "member", organizationId: school.id },
    );
    await app.services.roundtables.acceptInvite(member.actor, memberInvite);
    const meeting = await app.services.meetings.create(chair.actor, roundtable.id, {
      title: "Laboratorio sulle priorità",
      kind: "workshop",
      startsAt: "2026-12-01T18:00",
      place: "Biblioteca civica",
      agenda: [
        { title: "Ascolto", durationMinutes: 30 },
        { title: "Priorità", durationMinutes: 15, writing: false, voting: true },
      ],
    });
    return { chair, member, meetingId: meeting.id, agenda: meeting.agenda };
  }

  it("drafts them from the record, lets the secretary edit them, and freezes them when final", async () => {
    const { chair, member, meetingId, agenda } = await meetingWithPeople();
    const chairLive = await live({ token: chair.token });
    await chairLive.emitWithAck("meeting:join", { meetingId });
    await acceptedCommand(chairLive, meetingId, { type: "meeting.start" });

    // A member and a remote contributor join the live meeting.
    const memberLive = await live({ token: member.token });
    expect((await memberLive.emitWithAck("meeting:join", { meetingId })).ok).toBe(true);
    const { token: inviteToken } = await app.services.meetingInvites.create(
      chair.actor,
      meetingId,
      {},
    );
    const guestLive = await live({
      token: inviteToken,
      name: "Anna",
      group: "family",
      guestKey: "device-key-of-anna-0001",
    });
    expect((await guestLive.emitWithAck("meeting:join", { meetingId })).ok).toBe(true);

    // Cards on the board, one in a cluster, one typed up from paper.
    const board = await connectClient(
      app.url.replace("http", "ws"),
      `board:${meetingId}`,
      chair.token,
    );
    cleanups.push(() => board.destroy());
    board.doc.transact(() => {
      const cluster = new Y.Map<unknown>();
      cluster.set("label", "Spazi per i giovani");
      board.doc.getMap("clusters").set("k1", cluster);
      putCard(board.doc, "c1", {
        text: "Più spazi per i giovani",
        authorLabel: "Anna",
        group: "family",
        clusterId: "k1",
      });
      putCard(board.doc, "c2", {
        text: "Doposcuola gratuito",
        authorLabel: "",
        group: "school",
        inPerson: true,
      });
    });
    await until("the board to be projected", async () => {
      const cards = await api(app, chair.token, "GET", `/meetings/${meetingId}/cards`);
      return cards.json?.cards?.length === 2;
    });

    // The priorities step, and a dot vote on the clusters.
    await acceptedCommand(chairLive, meetingId, { type: "step.set", stepId: agenda[1]!.id });
    const motionId = crypto.randomUUID();
    await acceptedCommand(chairLive, meetingId, {
      type: "motion.open",
      motionId,
      kind: "dot_vote",
      dotVote: { target: "clusters", dots: 3, maxPerItem: 3, anonymous: true },
    });
    for (const voter of [memberLive, guestLive]) {
      const reply = await voter.emitWithAck("vote:cast", {
        meetingId,
        motionId,
        allocation: { k1: 2 },
      });
      expect(reply.ok).toBe(true);
    }
    await acceptedCommand(chairLive, meetingId, { type: "motion.close" });
    const closed: LiveState = await acceptedCommand(chairLive, meetingId, {
      type: "meeting.close",
    });
    expect(closed.status).toBe("closed");

    // Nothing yet; then the draft.
    expect((await api(app, chair.token, "GET", `/meetings/${meetingId}/minutes`)).status).toBe(404);
    const generated = await api(app, chair.token, "POST", `/meetings/${meetingId}/minutes`, {});
    expect(generated.status).toBe(201);
    const body: string = generated.json.body;
    expect(body).toContain("# Verbale dell'incontro «Laboratorio sulle priorità»");
    expect(body).toContain("Luogo: Biblioteca civica");
    expect(body).toContain("- IC Lecco 2: presenti 1");
    expect(body).toContain("- Partecipanti da remoto: 1");
    expect(body).toContain("  - Famiglie: 1");
    expect(body).toMatch(/- Ascolto: \d\d:\d\d–\d\d:\d\d/);
    expect(body).toMatch(/- Priorità: \d\d:\d\d–\d\d:\d\d/);
    expect(body).toContain("Schede raccolte: 2.");
    expect(body).toContain("Di cui trascritte da carta: 1.");
    expect(body).toContain("### Spazi per i giovani (1)\n\n- Più spazi per i giovani");
    expect(body).toContain("Priorità tra i raggruppamenti — votanti 2");
    expect(body).toContain("1. Spazi per i giovani — punti 4");
    // Remote contributors are counted, never named; no email anywhere.
    expect(body).not.toContain("Anna");
    expect(body).not.toMatch(/@/);

    // In English when asked.
    const english = await api(app, chair.token, "POST", `/meetings/${meetingId}/minutes`, {
      locale: "en",
    });
    expect(english.json.body).toContain("# Minutes of the meeting");

    // Members read them but do not write them.
    expect((await api(app, member.token, "GET", `/meetings/${meetingId}/minutes`)).status).toBe(
      200,
    );
    const refused = await api(app, member.token, "PUT", `/meetings/${meetingId}/minutes`, {
      body: "x",
    });
    expect(refused.status).toBe(403);

    // The secretary's edit, then final with the hash of the text.
    const edited = `${body}\nApprovato all'unanimità il calendario dei prossimi incontri.\n`;
    const saved = await api(app, chair.token, "PUT", `/meetings/${meetingId}/minutes`, {
      body: edited,
    });
    expect(saved.status).toBe(200);
    expect(saved.json.body).toBe(edited);
    const final = await api(app, chair.token, "POST", `/meetings/${meetingId}/minutes/finalize`);
    expect(final.status).toBe(200);
    expect(final.json.contentHash).toBe(createHash("sha256").update(edited, "utf8").digest("hex"));
    expect(final.json.finalizedAt).not.toBeNull();

    // Final means final: no edit, no regeneration, no second finalisation.
    for (const [method, path, body] of [
      ["PUT", "", { body: "altro" }],
      ["POST", "", {}],
      ["POST", "/finalize", undefined],
    ] as const) {
      const attempt = await api(
        app,
        chair.token,
        method,
        `/meetings/${meetingId}/minutes${path}`,
        body,
      );
      expect(attempt.status).toBe(409);
      expect(attempt.json.error.code).toBe("conflict");
    }
    const again = await api(app, chair.token, "GET", `/meetings/${meetingId}/minutes`);
    expect(again.json.body).toBe(edited);
    expect(again.json.contentHash).toBe(final.json.contentHash);
  });

  it("refuses a text that is not a string or too long, and keeps the draft", async () => {
    const { chair, meetingId } = await meetingWithPeople();
    const draft = await api(app, chair.token, "POST", `/meetings/${meetingId}/minutes`, {});
    expect(draft.status).toBe(201);
    for (const body of [{ body: 42 }, { body: "x".repeat(200_001) }, { text: "senza body" }]) {
      const refused = await api(app, chair.token, "PUT", `/meetings/${meetingId}/minutes`, body);
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
    }
    const unchanged = await api(app, chair.token, "GET", `/meetings/${meetingId}/minutes`);
    expect(unchanged.json.body).toBe(draft.json.body);
    const badLocale = await api(app, chair.token, "POST", `/meetings/${meetingId}/minutes`, {
      locale: "fr",
    });
    expect(badLocale.status).toBe(400);
  });
});
