// One client socket on one room: reads its frames in order, checks its access on every message,
// enforces its limits, and closes it (only it) with a clear code when it misbehaves.
import type { WebSocket } from "ws";
import type { Logger } from "../logger";
import type { AccessChecker, AccessMode, DocTarget, Principal } from "./access";
import type { YjsLimits } from "./limits";
import {
  CLOSE,
  MalformedMessage,
  permissionDeniedFrame,
  readMessage,
  syncStep1Frame,
  syncStep2Frame,
  encodeAwarenessEntries,
  type AwarenessEntry,
  type IncomingMessage,
} from "./protocol";
import { Room, type RoomMember } from "./room";
import * as Y from "yjs";

/** How long our sync step 1 waits for the client's own, on a room fresh from a snapshot. */
const STATE_VECTOR_DELAY_MS = 50;

/** Counts shared by every connection of an endpoint. */
export interface EndpointStats {
  refusedUpdates: number;
  refusedAwareness: number;
  closedByServer: number;
}

export interface ConnectionDeps {
  access: AccessChecker;
  limits: YjsLimits;
  log: Logger;
  stats: EndpointStats;
  onClosed: (connection: Connection) => void;
  /** Hears the names of the document's root types each applied update of this client changed. */
  onEdit?: (connection: Connection, roots: string[]) => void;
}

export class Connection implements RoomMember {
  private refusedUpdates = 0;
  private readonly clientIds = new Set<number>();
  private queue: Promise<void> = Promise.resolve();
  private windowStart = 0;
  private windowCount = 0;
  private closed = false;
  private toldReadOnly = false;
  private accessTimer: NodeJS.Timeout;
  private sentStateVector = false;
  private stateVectorTimer: NodeJS.Timeout | undefined;
  /** Settles when the socket itself has closed. */
  readonly socketClosed: Promise<void>;

  constructor(
    private readonly socket: WebSocket,
    readonly room: Room,
    readonly principal: Principal,
    readonly target: DocTarget,
    public mode: AccessMode,
    private readonly deps: ConnectionDeps,
  ) {
    const { limits, log } = deps;
    socket.binaryType = "nodebuffer";
    socket.on("message", (data: Buffer, isBinary: boolean) => this.receive(data, isBinary));
    socket.on("error", (error: Error & { code?: string }) => {
      // ws closes by itself (1009 for an oversize frame); we only say why.
      log.warn("yjs connection error", { ...this.context(), error: error.message });
    });
    this.socketClosed = new Promise((resolve) => socket.once("close", () => resolve()));
    socket.on("close", () => this.cleanUp());
    // Access is rechecked even for an idle socket, so a removal reaches it within about a second.
    this.accessTimer = setInterval(() => void this.refreshAccess(), limits.accessTtlMs);
    this.accessTimer.unref();

    room.members.add(this);
    // A room fresh from a snapshot answers the client's sync step 1 from the snapshot's bytes
    // first; our own step 1 needs the document applied, so it follows (or comes on its own soon).
    if (room.contentLoaded) this.sendStateVector();
    else this.stateVectorTimer = setTimeout(() => this.sendStateVector(), STATE_VECTOR_DELAY_MS);
    const awareness = room.fullAwareness();
    if (awareness) this.send(awareness);
  }

  /** Our sync step 1, so that the client sends what we lack (its offline edits). Once. */
  private sendStateVector() {
    if (this.sentStateVector || this.closed) return;
    this.sentStateVector = true;
    clearTimeout(this.stateVectorTimer);
    let doc: Y.Doc;
    try {
      doc = this.room.doc;
    } catch {
      return; // The room is dropped and this connection closed with it.
    }
    this.send(syncStep1Frame(Y.encodeStateVector(doc)));
  }

  /** Sends a frame; `written` runs once it has gone out to the socket (not if it failed). */
  send(frame: Uint8Array, written?: () => void) {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(frame, { binary: true }, (error) => {
      if (error) this.close(CLOSE.GOING_AWAY, "send failed");
      else written?.();
    });
  }

  close(code: number, reason: string) {
    if (this.closed) return;
    this.cleanUp();
    this.socket.close(code, reason);
  }

  private context() {
    return { doc: this.room.name, principal: this.principal.key };
  }

  private refuse(code: number, message: string, extra?: Record<string, unknown>) {
    this.deps.stats.closedByServer += 1;
    this.deps.log.warn(`yjs connection closed: ${message}`, { ...this.context(), code, ...extra });
    this.close(code, message.slice(0, 100));
  }

  private receive(data: Buffer, isBinary: boolean) {
    if (this.closed) return;
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount += 1;
    if (this.windowCount > this.deps.limits.maxMessagesPerSecond) {
      this.refuse(CLOSE.RATE_LIMITED, "too many messages per second");
      return;
    }
    if (!isBinary) {
      this.refuse(CLOSE.MALFORMED, "text frame");
      return;
    }
    let message: IncomingMessage;
    try {
      message = readMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      const reason = error instanceof MalformedMessage ? error.message : String(error);
      this.refuse(CLOSE.MALFORMED, "malformed frame", { error: reason });
      return;
    }
    this.queue = this.queue
      .then(() => this.handle(message))
      .catch((error: unknown) => {
        this.deps.log.error("yjs message handling failed", {
          ...this.context(),
          error: String(error),
        });
        this.close(CLOSE.MALFORMED, "message failed");
      });
  }

  private async currentMode(): Promise<AccessMode> {
    const cached = this.deps.access.cachedMode(this.principal, this.target);
    if (cached) return (this.mode = cached);
    return this.refreshAccess();
  }

  private async refreshAccess(): Promise<AccessMode> {
    if (this.closed) return this.mode;
    try {
      this.mode = await this.deps.access.mode(this.principal, this.target);
    } catch (error) {
      this.deps.log.error("yjs access check failed", { ...this.context(), error: String(error) });
      return this.mode;
    }
    if (this.mode === "none") this.refuse(CLOSE.FORBIDDEN, "access removed");
    return this.mode;
  }

  private async handle(message: IncomingMessage) {
    if (this.closed) return;
    const mode = await this.currentMode();
    if (this.closed || mode === "none") return;
    switch (message.type) {
      case "sync-step-1": {
        let diff: Promise<Uint8Array>;
        try {
          diff = this.room.diff(message.stateVector);
        } catch (error) {
          this.refuse(CLOSE.MALFORMED, "bad state vector", { error: String(error) });
          return;
        }
        // Our own step 1 now follows this reply (see below), not the timer.
        clearTimeout(this.stateVectorTimer);
        // Only what is in the database may be shown: wait for commits still in flight.
        const committed = this.room.whenCommitted();
        void Promise.all([diff, committed]).then(
          ([reply]) => {
            // A failed commit drops the room: what it held unsaved is never shown.
            // Our step 1 may first apply a waiting snapshot (tens of ms): only once the reply,
            // perhaps a megabyte, has gone out, so that it does not wait behind that work.
            if (!this.room.broken && !this.closed) {
              this.send(syncStep2Frame(reply), () => this.sendStateVector());
            }
          },
          (error: unknown) => {
            if (!this.closed)
              this.refuse(CLOSE.UNAVAILABLE, "could not encode the document", {
                error: String(error),
              });
          },
        );
        return;
      }
      case "update":
        return this.receiveUpdate(message.update, mode);
      case "awareness":
        return this.receiveAwareness(message.update, message.entries, mode);
      case "query-awareness": {
        const awareness = this.room.fullAwareness();
        if (awareness) this.send(awareness);
        return;
      }
      case "auth":
        return;
    }
  }

  private receiveUpdate(update: Uint8Array, mode: AccessMode) {
    if (mode !== "write") {
      if (Room.isNoOp(update)) return;
      this.refusedUpdates += 1;
      this.deps.stats.refusedUpdates += 1;
      if (!this.toldReadOnly) {
        this.toldReadOnly = true;
        this.send(permissionDeniedFrame("read-only: updates are refused"));
      }
      if (this.refusedUpdates > this.deps.limits.maxRefusedUpdates) {
        this.refuse(CLOSE.FORBIDDEN, "read-only connection kept writing");
      }
      return;
    }
    const onEdit = this.deps.onEdit;
    const outcome = this.room.applyUpdate(update, this, onEdit && ((roots) => onEdit(this, roots)));
    if (outcome.ok) return;
    if (outcome.reason === "unavailable") {
      this.refuse(CLOSE.UNAVAILABLE, "document unavailable");
    } else if (outcome.reason === "too_large") {
      this.refuse(CLOSE.DOCUMENT_TOO_LARGE, "document over its size limit", {
        error: outcome.message,
      });
    } else {
      this.refuse(CLOSE.MALFORMED, "update failed to apply", { error: outcome.message });
    }
  }

  private receiveAwareness(update: Uint8Array, entries: AwarenessEntry[], mode: AccessMode) {
    if (mode !== "write") {
      this.deps.stats.refusedAwareness += 1;
      return;
    }
    // The official client echoes every awareness change it hears, so entries for ids another
    // connection owns (or that the room no longer knows) are echoes: dropped, never counted.
    const own = entries.filter((entry) => {
      const owner = this.room.clientOwners.get(entry.clientId);
      if (owner) return owner === this;
      return entry.state !== null;
    });
    if (own.length === 0) return;
    const announced = new Set(this.clientIds);
    for (const entry of own) if (entry.state !== null) announced.add(entry.clientId);
    if (announced.size > this.deps.limits.maxClientIdsPerConnection) {
      this.refuse(CLOSE.TOO_MANY_CLIENT_IDS, "too many awareness client ids", {
        count: announced.size,
      });
      return;
    }
    for (const entry of own) {
      if (entry.state === null) {
        this.clientIds.delete(entry.clientId);
        this.room.clientOwners.delete(entry.clientId);
      } else {
        this.clientIds.add(entry.clientId);
        this.room.clientOwners.set(entry.clientId, this);
      }
    }
    this.room.applyAwareness(
      own.length === entries.length ? update : encodeAwarenessEntries(own),
      this,
    );
  }

  private cleanUp() {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.accessTimer);
    clearTimeout(this.stateVectorTimer);
    this.room.members.delete(this);
    for (const id of this.clientIds) this.room.clientOwners.delete(id);
    this.room.forgetClients(this.clientIds);
    this.deps.onClosed(this);
  }
}
