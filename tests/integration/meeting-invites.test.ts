// Meeting invites: the API that makes and revokes them, and remote contributors on /yjs by token.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { api, startTestApp, type TestApp } from "../support/app";
import { getTestDb, testDbKind } from "../support/test-db";
import {
  boardFixture,
  connectClient,
  storedDoc,
  until,
  upgradeStatus,
  wsUrl,
  type Client,
} from "../support/yjs";
import type { Db } from "../../db/create-db";

describe(`meeting invites on ${testDbKind()}`, () => {
  let app: TestApp;
  let db: Db;
  let board: Awaited<ReturnType<typeof boardFixture>>;
  const clients: Client[] = [];

  async function client(token: string, docName = board.docName) {
    const c = await connectClient(wsUrl(app), docName, token);
    clients.push(c);
    return c;
  }

  /** A remote contributor's device: the invite token and the key the device keeps. */
  const GUEST_KEY = "dispositivo-di-prova-01";

  async function guestClient(token: string) {
    const c = await connectClient(wsUrl(app), board.docName, token, undefined, {
      guestKey: GUEST_KEY,
    });
    clients.push(c);
    return c;
  }

  const guestUrl = (docName: string, token: string) =>
    `${wsUrl(app)}/yjs/${docName}?token=${token}&guestKey=${GUEST_KEY}`;

  async function invite(body: unknown = {}) {
    const response = await api(
      app,
      board.owner.token,
      "POST",
      `/meetings/${board.meetingId}/invites`,
      body,
    );
    expect(response.status).toBe(201);
    return response.json as { token: string; url: string; invite: { id: string } };
  }

  beforeAll(async () => {
    app = await startTestApp();
    db = await getTestDb();
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

  it("creates a link with a token shown once, lists it without the token, and revokes it", async () => {
    const before = Date.now();
    const created = await invite({ label: "QR in sala", expiresInHours: 3 });
    expect(created.token).toMatch(/^tvm_[A-Za-z0-9_-]{43}$/);
    expect(created.url).toBe(`${app.url}/join/${created.token}`);
    const expiresAt = Date.parse((created.invite as unknown as { expiresAt: string }).expiresAt);
    expect(expiresAt - before).toBeGreaterThanOrEqual(3 * 3600_000 - 1_000);
    expect(expiresAt - before).toBeLessThanOrEqual(3 * 3600_000 + 60_000);
    expect(created.invite).toMatchObject({
      meetingId: board.meetingId,
      label: "QR in sala",
      status: "valid",
      revokedAt: null,
    });

    const week = await invite();
    const weekAt = Date.parse((week.invite as unknown as { expiresAt: string }).expiresAt);
    expect(Math.round((weekAt - Date.now()) / 3600_000)).toBe(7 * 24);

    const listed = await api(app, board.owner.token, "GET", `/meetings/${board.meetingId}/invites`);
    expect(listed.status).toBe(200);
    expect(listed.json.invites.map((i: { id: string }) => i.id)).toEqual([
      week.invite.id,
      created.invite.id,
    ]);
    expect(JSON.stringify(listed.json)).not.toContain(created.token);

    const path = `/meetings/${board.meetingId}/invites/${created.invite.id}`;
    const revoked = await api(app, board.owner.token, "DELETE", path);
    expect(revoked.status).toBe(200);
    expect(revoked.json.status).toBe("revoked");
    expect((await api(app, board.owner.token, "DELETE", path)).status).toBe(404);
    const stored = await db.selectFrom("meeting_invites").select("token_hash").execute();
    expect(JSON.stringify(stored)).not.toContain(created.token);
  });

  it("lets only those who run the meeting make links, and hides the meeting from outsiders", async () => {
    const path = `/meetings/${board.meetingId}/invites`;
    const member = await board.member("member", db);
    const secretary = await board.member("secretary", db);
    const observer = await board.member("observer", db);
    for (const someone of [member, secretary, observer]) {
      expect((await api(app, someone.token, "POST", path, {})).status).toBe(403);
      expect((await api(app, someone.token, "GET", path)).status).toBe(403);
    }
    const outsider = await board.member("member", db, "Esterno");
    await db
      .deleteFrom("roundtable_members")
      .where("user_id", "=", outsider.actor.userId)
      .execute();
    expect((await api(app, outsider.token, "POST", path, {})).status).toBe(404);
    const nowhere = `/meetings/${crypto.randomUUID()}/invites`;
    expect((await api(app, board.owner.token, "POST", nowhere, {})).status).toBe(404);
    expect(
      (await api(app, board.owner.token, "POST", `/meetings/nonuuid/invites`, {})).status,
    ).toBe(404);
    const other = await invite();
    const elsewhere = await boardFixture(app);
    const wrongMeeting = `/meetings/${elsewhere.meetingId}/invites/${other.invite.id}`;
    expect((await api(app, elsewhere.owner.token, "DELETE", wrongMeeting)).status).toBe(404);
  });

  it("refuses a bad validity or label with a message per field, and stores nothing", async () => {
    const path = `/meetings/${board.meetingId}/invites`;
    for (const body of [
      { expiresInHours: 0 },
      { expiresInHours: 24 * 91 },
      { expiresInHours: 1.5 },
      { expiresInHours: "molte" },
    ]) {
      const response = await api(app, board.owner.token, "POST", path, body);
      expect(response.status).toBe(400);
      expect(response.json.error.fields.expiresInHours).toBeTruthy();
    }
    const long = await api(app, board.owner.token, "POST", path, { label: "x".repeat(81) });
    expect(long.status).toBe(400);
    expect(long.json.error.fields.label).toBeTruthy();
    expect((await api(app, board.owner.token, "POST", path, "{nope")).status).toBe(400);
    const count = await db
      .selectFrom("meeting_invites")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("meeting_id", "=", board.meetingId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("describes the invite paths in the OpenAPI document", async () => {
    const response = await fetch(`${app.url}/api/v1/openapi.json`);
    const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths["/meetings/{id}/invites"]!)).toEqual(["post", "get"]);
    expect(Object.keys(document.paths["/meetings/{id}/invites/{inviteId}"]!)).toEqual(["delete"]);
  });

  it("lets a remote contributor with the link write on that meeting's board while it is live", async () => {
    const { token } = await invite();
    // With no agenda, a live meeting is open to writing throughout.
    await app.services.live.run(board.owner.actor, board.meetingId, { type: "meeting.start" });
    const member = await client(board.owner.token);
    const guest = await guestClient(token);
    guest.doc.getMap("cards").set("da-casa", { text: "Più spazi per i ragazzi", authorLabel: "" });
    await until("the guest's card to reach the facilitator", () =>
      member.doc.getMap("cards").has("da-casa"),
    );
    member.doc.getMap("cards").set("in-sala", { text: "Orari più lunghi" });
    await until("the room's card to reach the guest", () =>
      guest.doc.getMap("cards").has("in-sala"),
    );
    // Stored before it was broadcast: what the facilitator saw is in the database.
    const stored = await storedDoc(db, board.docName);
    expect(stored.getMap("cards").has("da-casa")).toBe(true);
  });

  it("opens no other meeting's board and no pact with an invite", async () => {
    const { token } = await invite();
    const other = await boardFixture(app);
    const pact = await db
      .insertInto("pacts")
      .values({ roundtable_id: board.roundtableId, title: "Patto" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await upgradeStatus(guestUrl(board.docName, token))).toBe(101);
    expect(await upgradeStatus(guestUrl(other.docName, token))).toBe(403);
    expect(await upgradeStatus(guestUrl(`pact:${pact.id}`, token))).toBe(403);
    expect(await upgradeStatus(guestUrl(board.docName, "tvm_nonesiste"))).toBe(401);
    expect(await upgradeStatus(guestUrl(board.docName, `tvm_${"a".repeat(300)}`))).toBe(401);
  });

  it("refuses an expired or revoked invite, and closes its open connections within a second", async () => {
    const { token, invite: created } = await invite();
    const url = guestUrl(board.docName, token);
    const guest = await guestClient(token);
    const closes: number[] = [];
    guest.provider.on("connection-close", (event: CloseEvent | null) => {
      if (event) closes.push(event.code);
    });
    const path = `/meetings/${board.meetingId}/invites/${created.id}`;
    expect((await api(app, board.owner.token, "DELETE", path)).status).toBe(200);
    await until("the guest's connection to be closed with 4403", () => closes.includes(4403));
    guest.provider.disconnect();
    expect(await upgradeStatus(url)).toBe(401);

    const later = await invite();
    const laterUrl = guestUrl(board.docName, later.token);
    expect(await upgradeStatus(laterUrl)).toBe(101);
    await db
      .updateTable("meeting_invites")
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where("id", "=", later.invite.id)
      .execute();
    expect(await upgradeStatus(laterUrl)).toBe(401);
  });
});
