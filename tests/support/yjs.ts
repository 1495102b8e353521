// Real y-websocket clients (the official provider, in Node over `ws`) and raw sockets for /yjs tests.
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { sql } from "kysely";
import type { Db } from "../../db/create-db";
import type { MemberRole } from "../../core/domain";
import { api, userWithToken, type TestApp } from "./app";

export function wsUrl(app: { url: string }): string {
  return app.url.replace(/^http/, "ws");
}

/** Polls until the probe holds; fails with `what` after `ms`. */
export async function until(what: string, probe: () => unknown, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

/**
 * An official y-websocket client on /yjs/<docName>, resolved once it has synced. A remote
 * contributor also passes the `guestKey` of their device in `params`.
 */
export async function connectClient(
  baseUrl: string,
  docName: string,
  token: string,
  doc = new Y.Doc(),
  params: Record<string, string> = {},
): Promise<Client> {
  const provider = new WebsocketProvider(`${baseUrl}/yjs`, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { ...params, token },
    disableBc: true,
  });
  await until(`${docName} to sync`, () => provider.synced);
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * Official clients that a test joins to documents of `app` (read when joining, so a getter for an
 * app that `beforeEach` starts), and `destroyAll` to call after each test, before the app closes.
 */
export function yjsClients(app: () => { url: string }) {
  const clients: Client[] = [];
  return {
    async join(docName: string, token: string, doc?: Y.Doc, params?: Record<string, string>) {
      const client = await connectClient(wsUrl(app()), docName, token, doc, params);
      clients.push(client);
      return client;
    },
    destroyAll() {
      for (const client of clients.splice(0)) client.destroy();
    },
  };
}

/** A raw socket to /yjs, for what the official client would never send; resolves when open. */
export function rawSocket(
  baseUrl: string,
  docName: string,
  token: string,
): Promise<{ socket: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const socket = new WebSocket(`${baseUrl}/yjs/${docName}?token=${token}`);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve({ socket, closed }));
    socket.once("error", reject);
  });
}

/** The HTTP status an upgrade is refused with (or 101 if it was accepted). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("open", () => {
      resolve(101);
      socket.close();
    });
    socket.on("error", () => resolve(-1));
  });
}

/** One agenda step as the API takes it: what it is called and what it opens. */
export interface AgendaInput {
  title: string;
  durationMinutes: number;
  writing?: boolean;
  voting?: boolean;
  editing?: boolean;
}

/**
 * A tavolo with a meeting (with `agenda`, when the test moves between steps), its facilitator, the
 * meeting's agenda step ids in order, and helpers to add people with a role.
 */
export async function boardFixture(app: TestApp, agenda: AgendaInput[] = []) {
  const owner = await userWithToken(app.services, "Giulia Facilitatrice");
  const roundtable = await api(app, owner.token, "POST", "/roundtables", {
    name: "Tavolo per i giovani",
    territory: "Chieri",
  });
  const roundtableId: string = roundtable.json.id;
  const meeting = await api(app, owner.token, "POST", `/roundtables/${roundtableId}/meetings`, {
    title: "Laboratorio",
    kind: "workshop",
    startsAt: "2026-12-01T18:00",
    agenda,
  });
  const meetingId: string = meeting.json.id;
  const steps: string[] = meeting.json.agenda.map((item: { id: string }) => item.id);
  return {
    owner,
    roundtableId,
    meetingId,
    steps,
    docName: `board:${meetingId}`,
    async member(role: MemberRole, db: Db, name = `Persona ${role}`) {
      const user = await userWithToken(app.services, name);
      await db
        .insertInto("roundtable_members")
        .values({ roundtable_id: roundtableId, user_id: user.actor.userId, role })
        .execute();
      return user;
    },
  };
}

/** What the database holds for a document, applied to a fresh Y.Doc. */
export async function storedDoc(db: Db, docName: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const snapshot = await db
    .selectFrom("yjs_snapshots")
    .select("state")
    .where("doc_name", "=", docName)
    .executeTakeFirst();
  if (snapshot) Y.applyUpdate(doc, new Uint8Array(snapshot.state));
  const rows = await db
    .selectFrom("yjs_updates")
    .select("update")
    .where("doc_name", "=", docName)
    .orderBy("seq")
    .execute();
  for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.update));
  return doc;
}

export async function countLogRows(db: Db, docName: string): Promise<number> {
  const { rows } = await sql<{
    n: string;
  }>`select count(*) as n from yjs_updates where doc_name = ${docName}`.execute(db);
  return Number(rows[0]!.n);
}
