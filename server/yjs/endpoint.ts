// The /yjs/<docName> endpoint: authenticates the HTTP upgrade, loads the room, hands the socket to
// a Connection; and shuts down by saving everything before closing the sockets.
import http from "node:http";
import type { Duplex } from "node:stream";
import * as Y from "yjs";
import { WebSocketServer, type WebSocket } from "ws";
import type { Db } from "../../db/create-db";
import { logger } from "../logger";
import type { Services } from "../services";
import {
  AccessChecker,
  apiTokenCredentials,
  authenticate,
  findDocTarget,
  meetingInviteCredentials,
  sessionCookieCredentials,
  BoardGate,
  type CredentialResolver,
  type DocTarget,
} from "./access";
import { ColdSync } from "./cold-sync";
import { Connection, type ConnectionDeps, type EndpointStats } from "./connection";
import { parseDocName, type DocKind } from "./doc-names";
import { DEFAULT_YJS_LIMITS, type YjsLimits } from "./limits";
import { createDocumentStore, GroupCommitter, type DocumentStore } from "./persistence";
import { CLOSE } from "./protocol";
import type { DocumentRelay } from "./relay";
import { Room, type RoomMember } from "./room";
import { RoomRegistry } from "./rooms";

export const YJS_PATH_PREFIX = "/yjs/";

/** A client's update that changed a document: who wrote it, and which root types it changed. */
export interface DocumentEdit {
  docName: string;
  author: { userId: string | null; name: string | null };
  /** The names of the root types it changed (a pact's `section:<key>` fragments). */
  roots: string[];
  at: Date;
}

export interface YjsEndpointOptions {
  db: Db;
  services: Services;
  /** Origins besides the request's own Host a cookie-authenticated upgrade may come from. */
  allowedOrigins: () => string[];
  limits?: Partial<YjsLimits>;
  /** Called after each committed batch of updates to a document (for the board projection). */
  onDocumentUpdated?: (docName: string, doc: Y.Doc) => void;
  store?: DocumentStore;
  /** The same documents on other instances (REDIS_URL); none: this instance alone. */
  relay?: DocumentRelay;
  /**
   * Hears each client update that changed a document of one of `kinds` (a pact's history); the
   * documents of other kinds pay nothing for it. Server changes (changeDocument) are not reported.
   */
  onEdit?: { kinds: readonly DocKind[]; report: (edit: DocumentEdit) => void };
}

export interface YjsEndpoint {
  /** Takes an upgrade request whose path starts with /yjs/. */
  handleUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  /** A document's current state, loading it if needed (for projection rebuilds). */
  getDocument(docName: string): Promise<Y.Doc>;
  /**
   * Changes a document on the server's behalf (an API import): `change` edits a copy, and what it
   * changed goes the way a client's update goes (checked, logged, then sent to every open editor
   * here and on other instances). Resolves once stored; throws DocumentChangeRefused if refused.
   */
  changeDocument(docName: string, change: (doc: Y.Doc) => void): Promise<void>;
  stats(): EndpointStats & { connections: number; documents: number };
  /** The worker answering joins to big documents (closing it makes rooms answer on the thread). */
  coldSync: ColdSync;
  /** Saves everything, then closes every connection with 1001. */
  close(): Promise<void>;
}

const log = logger("yjs");

/** A server-side change the document's room refused (too large, or the document unavailable). */
export class DocumentChangeRefused extends Error {
  constructor(
    readonly reason: "malformed" | "too_large" | "unavailable",
    message: string,
  ) {
    super(message);
    this.name = "DocumentChangeRefused";
  }
}

/** Stands for the server as the author of an update: a member of no room, so every client gets it. */
const SERVER_WRITER: RoomMember = { send() {}, close() {} };

/** Refuses an upgrade with a plain HTTP answer, as ws does. */
function answer(socket: Duplex, status: number, message: string) {
  if (socket.destroyed || !socket.writable) return socket.destroy();
  const body = `${message}\n`;
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ""}\r\n` +
      "Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export function createYjsEndpoint(options: YjsEndpointOptions): YjsEndpoint {
  const limits: YjsLimits = { ...DEFAULT_YJS_LIMITS, ...options.limits };
  const store = options.store ?? createDocumentStore(options.db);
  const committer = new GroupCommitter(store, limits.commitDelayMs);
  const access = new AccessChecker(limits.accessTtlMs);
  const coldSync = new ColdSync(log);
  const rooms = new RoomRegistry(
    {
      store,
      committer,
      limits,
      log,
      onDocumentUpdated: options.onDocumentUpdated,
      relay: options.relay,
      coldSync,
    },
    limits.idleUnloadMs,
  );
  options.relay?.onResubscribed(() => void rooms.resyncAll());
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes });
  const connections = new Set<Connection>();
  const stats: EndpointStats = { refusedUpdates: 0, refusedAwareness: 0, closedByServer: 0 };
  const gate = new BoardGate(options.services);
  const resolvers: CredentialResolver[] = [
    apiTokenCredentials(options.db, options.services, gate),
    meetingInviteCredentials(options.services, gate),
    sessionCookieCredentials(options.db, options.services, gate, options.allowedOrigins),
  ];
  let closing = false;

  function editReporter(target: DocTarget): ConnectionDeps["onEdit"] {
    const onEdit = options.onEdit;
    if (!onEdit?.kinds.includes(target.kind)) return undefined;
    return (connection, roots) =>
      onEdit.report({
        docName: target.name,
        author: connection.principal.author,
        roots,
        at: new Date(),
      });
  }

  async function upgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(request.url ?? "/", "http://localhost");
    let rawName: string;
    try {
      rawName = decodeURIComponent(url.pathname.slice(YJS_PATH_PREFIX.length));
    } catch {
      return answer(socket, 400, "bad document name");
    }
    if (closing) return answer(socket, 503, "shutting down");
    const docName = parseDocName(rawName);
    if (!docName) return answer(socket, 404, "unknown document");

    const auth = await authenticate(resolvers, request, url);
    if (!auth.ok) return answer(socket, auth.status, auth.reason);
    const target = await findDocTarget(options.db, docName);
    if (!target) return answer(socket, 404, "unknown document");
    const mode = await access.mode(auth.principal, target);
    if (mode === "none") return answer(socket, 403, "forbidden");
    if (socket.destroyed) return;

    let room;
    try {
      room = await rooms.acquire(target.name);
    } catch (error) {
      log.error("document failed to load; refusing the connection", {
        doc: target.name,
        error: String(error),
      });
      wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
        ws.close(CLOSE.UNAVAILABLE, "document could not be loaded");
      });
      return;
    }
    if (socket.destroyed || closing) {
      rooms.release(room);
      return socket.destroy();
    }
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const connection = new Connection(ws, room, auth.principal, target, mode, {
        access,
        limits,
        log,
        stats,
        onEdit: editReporter(target),
        onClosed: (closed) => {
          connections.delete(closed);
          rooms.scheduleIdle(closed.room);
        },
      });
      connections.add(connection);
      rooms.release(room);
    });
  }

  const endpoint: YjsEndpoint = {
    handleUpgrade(request, socket, head) {
      // A reset while we authenticate must not become an unhandled 'error'.
      socket.on("error", () => {});
      upgrade(request, socket, head).catch((error: unknown) => {
        log.error("yjs upgrade failed", { error: String(error) });
        answer(socket, 500, "internal error");
      });
    },

    async getDocument(docName) {
      const parsed = parseDocName(docName);
      if (!parsed) throw new Error(`not a document name: ${docName}`);
      const room = await rooms.acquire(parsed.name);
      rooms.release(room);
      return room.doc;
    },

    async changeDocument(docName, change) {
      const parsed = parseDocName(docName);
      if (!parsed) throw new Error(`not a document name: ${docName}`);
      if (closing) throw new DocumentChangeRefused("unavailable", "shutting down");
      const room = await rooms.acquire(parsed.name);
      const copy = new Y.Doc({ gc: true });
      try {
        // Copied, changed and applied in one turn of the event loop: no client update between.
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc));
        const before = Y.encodeStateVector(copy);
        change(copy);
        const update = Y.encodeStateAsUpdate(copy, before);
        if (Room.isNoOp(update)) return;
        const outcome = room.applyUpdate(update, SERVER_WRITER);
        if (!outcome.ok) throw new DocumentChangeRefused(outcome.reason, outcome.message);
        await outcome.committed;
      } finally {
        copy.destroy();
        rooms.release(room);
      }
    },

    stats() {
      return { ...stats, connections: connections.size, documents: rooms.size };
    },

    coldSync,
    async close() {
      closing = true;
      // Closed sockets apply nothing more; then whatever was applied is committed before we return.
      const open = [...connections];
      for (const connection of open) connection.close(CLOSE.GOING_AWAY, "server shutting down");
      await committer.flush();
      for (const room of await rooms.all()) await room.whenCommitted();
      await Promise.race([
        Promise.all(open.map((c) => c.socketClosed)),
        new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
      ]);
      for (const client of wss.clients) client.terminate();
      await rooms.closeAll();
      await coldSync.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  return endpoint;
}
