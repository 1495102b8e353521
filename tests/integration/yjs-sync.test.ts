// The /yjs endpoint with official y-websocket clients: convergence, read-only roles, authentication.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
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
import { WebSocket } from "ws";
import { SESSION_COOKIE } from "../../core/cookies";

describe(`syncing boards over /yjs on ${testDbKind()}`, () => {
  let app: TestApp;
  let db: Db;
  let board: Awaited<ReturnType<typeof boardFixture>>;
  const clients: Client[] = [];

  async function client(token: string, docName = board.docName) {
    const c = await connectClient(wsUrl(app), docName, token);
    clients.push(c);
    return c;
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

  it("five clients editing one board at once converge, and a late joiner gets everything", async () => {
    const writers = await Promise.all(
      [1, 2, 3, 4, 5].map(async (n) => client((await board.member("member", db, `M${n}`)).token)),
    );
    writers.forEach((w, n) => {
      for (let i = 0; i < 20; i += 1) {
        w.doc.getMap("cards").set(`c${n}-${i}`, { text: `idea ${n}.${i}` });
      }
      w.doc.getArray("positions").push([`p${n}`]);
    });
    await until("every client to see 100 cards", () =>
      writers.every((w) => w.doc.getMap("cards").size === 100),
    );
    const reference = writers[0]!.doc.getMap("cards").toJSON();
    for (const w of writers) expect(w.doc.getMap("cards").toJSON()).toEqual(reference);
    const order = writers[0]!.doc.getArray("positions").toArray();
    for (const w of writers) expect(w.doc.getArray("positions").toArray()).toEqual(order);

    const late = await client(board.owner.token);
    expect(late.doc.getMap("cards").toJSON()).toEqual(reference);
    expect(late.doc.getArray("positions").toArray()).toEqual(order);
  });

  it("an observer reads the board but its writes are refused, never reaching others or storage", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const writer = await client(board.owner.token);
    writer.doc.getMap("cards").set("c1", { text: "dal facilitatore" });
    const observerUser = await board.member("observer", db, "Osservatrice");
    const observer = await client(observerUser.token);
    expect(observer.doc.getMap("cards").get("c1")).toEqual({ text: "dal facilitatore" });

    observer.doc.getMap("cards").set("intruso", { text: "non dovrebbe passare" });
    // The official client logs the server's permission-denied message as a warning.
    await until("the observer to be told", () =>
      warn.mock.calls.some((call) => String(call[0]).includes("read-only")),
    );
    await until("the refusal to be counted", () => app.yjs.stats().refusedUpdates >= 1);

    writer.doc.getMap("cards").set("c2", { text: "dopo" });
    await until("the observer to get later updates", () => observer.doc.getMap("cards").has("c2"));
    expect(writer.doc.getMap("cards").has("intruso")).toBe(false);
    const stored = await storedDoc(db, board.docName);
    expect(stored.getMap("cards").has("c2")).toBe(true);
    expect(stored.getMap("cards").has("intruso")).toBe(false);
    const late = await client(board.owner.token);
    expect(late.doc.getMap("cards").has("intruso")).toBe(false);
    warn.mockRestore();
  });

  it("an observer's awareness is refused while a member's is relayed", async () => {
    const writer = await client(board.owner.token);
    const observer = await client((await board.member("observer", db, "Osservatore")).token);
    const member = await client((await board.member("member", db, "Membro")).token);
    const names = () =>
      [...writer.provider.awareness.getStates().values()].map(
        (state) => (state as { user?: string }).user,
      );
    const refusedBefore = app.yjs.stats().refusedAwareness;
    observer.provider.awareness.setLocalStateField("user", "osservatore");
    await until(
      "the observer's awareness to be refused",
      () => app.yjs.stats().refusedAwareness > refusedBefore,
    );
    member.provider.awareness.setLocalStateField("user", "membro");
    await until("the member's cursor to arrive", () => names().includes("membro"));
    expect(names()).not.toContain("osservatore");
  });

  it("a role change reaches an open connection within about a second", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const writer = await client(board.owner.token);
    const memberUser = await board.member("member", db, "Membro");
    const member = await client(memberUser.token);
    member.doc.getMap("cards").set("prima", { text: "ancora membro" });
    await until("the member's card to arrive", () => writer.doc.getMap("cards").has("prima"));

    await app.services.roundtables.changeRole(
      board.owner.actor,
      board.roundtableId,
      memberUser.actor.userId,
      "observer",
    );
    const refusedBefore = app.yjs.stats().refusedUpdates;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    member.doc.getMap("cards").set("dopo", { text: "ormai osservatore" });
    await until("the write to be refused", () => app.yjs.stats().refusedUpdates > refusedBefore);
    writer.doc.getMap("cards").set("sentinella", { text: "x" });
    await until("the sentinel to reach the former member", () =>
      member.doc.getMap("cards").has("sentinella"),
    );
    expect(writer.doc.getMap("cards").has("dopo")).toBe(false);
    warn.mockRestore();
  });

  it("a removed member's open connection is closed", async () => {
    const memberUser = await board.member("member", db, "Membro rimosso");
    const member = await client(memberUser.token);
    const closes: number[] = [];
    member.provider.on("connection-close", (event: CloseEvent | null) => {
      if (event) closes.push(event.code);
    });
    await app.services.roundtables.removeMember(
      board.owner.actor,
      board.roundtableId,
      memberUser.actor.userId,
    );
    await until("the connection to be closed with 4403", () => closes.includes(4403));
    member.provider.disconnect();
  });

  it("refuses upgrades without credentials, from outsiders, with unknown tokens or documents", async () => {
    const base = `${wsUrl(app)}/yjs`;
    const outsider = await board.member("member", db);
    await db
      .deleteFrom("roundtable_members")
      .where("user_id", "=", outsider.actor.userId)
      .execute();
    expect(await upgradeStatus(`${base}/${board.docName}`)).toBe(401);
    expect(await upgradeStatus(`${base}/${board.docName}?token=tvl_nonesiste`)).toBe(401);
    expect(await upgradeStatus(`${base}/${board.docName}?token=${outsider.token}`)).toBe(403);
    const token = board.owner.token;
    expect(await upgradeStatus(`${base}/${board.docName}?token=${token}`)).toBe(101);
    expect(await upgradeStatus(`${base}/board:${crypto.randomUUID()}?token=${token}`)).toBe(404);
    expect(await upgradeStatus(`${base}/pact:${crypto.randomUUID()}?token=${token}`)).toBe(404);
    expect(await upgradeStatus(`${base}/notes:${board.meetingId}?token=${token}`)).toBe(404);
    expect(await upgradeStatus(`${base}/board:nonunuuid?token=${token}`)).toBe(404);
    expect(await upgradeStatus(`${base}/%E0%A4%A?token=${token}`)).toBe(400);
    expect(await upgradeStatus(`${wsUrl(app)}/altro?token=${token}`)).toBe(404);
  });

  it("accepts the session cookie only from the server's own origin", async () => {
    const email = `cookie-${Date.now()}@example.test`;
    const login = await app.services.accounts.createUser({
      email,
      name: "Con cookie",
      password: "password-di-prova",
    });
    await db
      .insertInto("roundtable_members")
      .values({ roundtable_id: board.roundtableId, user_id: login.userId, role: "member" })
      .execute();
    const session = await app.services.accounts.logIn(
      { email, password: "password-di-prova" },
      null,
    );
    const url = `${wsUrl(app)}/yjs/${board.docName}`;
    const cookie = `${SESSION_COOKIE}=${session.token}`;
    expect(await upgradeStatus(url, { cookie, origin: app.url })).toBe(101);
    expect(await upgradeStatus(url, { cookie, origin: "https://evil.example" })).toBe(403);
    expect(await upgradeStatus(url, { cookie })).toBe(403);
    expect(await upgradeStatus(url, { cookie: `${SESSION_COOKIE}=falso`, origin: app.url })).toBe(
      401,
    );
  });

  it("closes a cookie connection within about a second of its session being logged out", async () => {
    const email = `logout-${Date.now()}@example.test`;
    const user = await app.services.accounts.createUser({
      email,
      name: "In uscita",
      password: "password-di-prova",
    });
    await db
      .insertInto("roundtable_members")
      .values({ roundtable_id: board.roundtableId, user_id: user.userId, role: "member" })
      .execute();
    const session = await app.services.accounts.logIn(
      { email, password: "password-di-prova" },
      null,
    );
    const socket = new WebSocket(`${wsUrl(app)}/yjs/${board.docName}`, {
      headers: { cookie: `${SESSION_COOKIE}=${session.token}`, origin: app.url },
    });
    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    await app.services.accounts.logOut(session.token);
    expect(await closed).toBe(4403);
  });

  it("serves pacts by their id to members of the pact's tavolo", async () => {
    const pact = await db
      .insertInto("pacts")
      .values({ roundtable_id: board.roundtableId, title: "Patto" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const a = await client(board.owner.token, `pact:${pact.id}`);
    const b = await client(board.owner.token, `pact:${pact.id}`);
    a.doc.getText("body").insert(0, "Articolo 1");
    await until("the pact text to arrive", () => b.doc.getText("body").toString() === "Articolo 1");
  });
});
