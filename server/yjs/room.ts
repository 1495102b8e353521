// One loaded document: its Y.Doc, who is connected, awareness relay, and the path of an update from
// validation to the log to every other client.
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import type { Logger } from "../logger";
import type { AwarenessEntry } from "./protocol";
import { awarenessFrame, updateFrame } from "./protocol";
import type { DocumentStore, GroupCommitter } from "./persistence";
import type { YjsLimits } from "./limits";

/** What a room needs from a connection. */
export interface RoomMember {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

export type UpdateOutcome =
  | { ok: true; committed: Promise<void> }
  | { ok: false; reason: "malformed" | "too_large" | "unavailable"; message: string };

export interface RoomDeps {
  store: DocumentStore;
  committer: GroupCommitter;
  limits: YjsLimits;
  log: Logger;
  onDocumentUpdated?: (docName: string, doc: Y.Doc) => void;
  /** Called when a commit fails: the room must be dropped, its clients resync from storage. */
  onBroken: (room: Room) => void;
}

function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

export class Room {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly members = new Set<RoomMember>();
  /** Which connection announced each awareness client id. */
  readonly clientOwners = new Map<number, RoomMember>();
  /** Pins held by callers that need the room loaded without a connection (upgrades in progress). */
  pins = 0;
  private shadow: Y.Doc;
  private lastCommit: Promise<void> = Promise.resolve();
  private logLength: number;
  private approximateBytes: number;
  private compacting = false;
  private changedClients = new Set<number>();
  private awarenessTimer: NodeJS.Timeout | null = null;
  broken = false;
  destroyed = false;

  private constructor(
    readonly name: string,
    state: Uint8Array,
    logLength: number,
    private readonly deps: RoomDeps,
  ) {
    this.doc = new Y.Doc({ gc: true });
    Y.applyUpdate(this.doc, state);
    this.shadow = this.copyOfDoc();
    this.logLength = logLength;
    this.approximateBytes = state.length;
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.awareness.on(
      "update",
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        for (const id of [...added, ...updated, ...removed]) this.changedClients.add(id);
        this.awarenessTimer ??= setTimeout(
          () => this.flushAwareness(),
          deps.limits.awarenessIntervalMs,
        );
      },
    );
  }

  /** Loads snapshot and log; throws if any stored update fails to apply (never serves a partial doc). */
  static async load(name: string, deps: RoomDeps): Promise<Room> {
    const stored = await deps.store.load(name);
    const doc = new Y.Doc({ gc: true });
    try {
      for (const update of stored.updates) Y.applyUpdate(doc, update);
      return new Room(name, Y.encodeStateAsUpdate(doc), stored.logLength, deps);
    } finally {
      doc.destroy();
    }
  }

  private copyOfDoc(): Y.Doc {
    const copy = new Y.Doc({ gc: true });
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
    return copy;
  }

  /** The reply to a client's sync step 1; throws on a malformed state vector. */
  diffSince(stateVector: Uint8Array): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc, stateVector);
  }

  /** Resolves once everything in the document now is in the database. */
  whenCommitted(): Promise<void> {
    return this.lastCommit.catch(() => {});
  }

  /** Whether an update would change anything (an empty sync step 2 is no write). */
  static isNoOp(update: Uint8Array): boolean {
    try {
      return isEmptyUpdate(update);
    } catch {
      return false;
    }
  }

  /**
   * Applies a client's update to the shadow copy first, then to the document, then queues it for
   * the log; the returned promise settles when it is committed (broadcast follows that).
   */
  applyUpdate(update: Uint8Array, from: RoomMember): UpdateOutcome {
    if (this.destroyed) return { ok: false, reason: "unavailable", message: "document unloaded" };
    try {
      // An empty sync step 2 (every client sends one on connect) changes nothing: nothing to log.
      if (isEmptyUpdate(update)) {
        return { ok: true, committed: this.whenCommitted() };
      }
      Y.applyUpdate(this.shadow, update, from);
    } catch (error) {
      this.rebuildShadow();
      return { ok: false, reason: "malformed", message: (error as Error).message };
    }
    const limit = this.deps.limits.maxDocumentBytes;
    if (this.approximateBytes + update.length > limit) {
      const exact = Y.encodeStateAsUpdate(this.shadow).length;
      if (exact > limit) {
        this.rebuildShadow();
        return { ok: false, reason: "too_large", message: `document would be ${exact} bytes` };
      }
      this.approximateBytes = exact - update.length;
    }
    Y.applyUpdate(this.doc, update, from);
    this.approximateBytes += update.length;
    this.logLength += 1;
    const committed = this.deps.committer.append(this.name, update);
    this.lastCommit = committed;
    const frame = updateFrame(update);
    committed.then(
      () => {
        if (this.destroyed) return;
        for (const member of this.members) if (member !== from) member.send(frame);
        this.afterCommit();
      },
      (error: unknown) => this.fail(error),
    );
    return { ok: true, committed };
  }

  private afterCommit() {
    const hook = this.deps.onDocumentUpdated;
    if (hook) {
      try {
        hook(this.name, this.doc);
      } catch (error) {
        this.deps.log.error("onDocumentUpdated failed", { doc: this.name, error: String(error) });
      }
    }
    if (this.logLength >= this.deps.limits.compactAfterUpdates) void this.compact();
  }

  /** Merges the log into the snapshot row; on failure the log stays as it was. */
  async compact(): Promise<void> {
    if (this.compacting) return;
    this.compacting = true;
    try {
      await this.whenCommitted();
      const merged = await this.deps.store.compact(this.name);
      this.logLength = Math.max(0, this.logLength - merged);
      this.approximateBytes = Y.encodeStateAsUpdate(this.doc).length;
    } catch (error) {
      this.deps.log.error("compaction failed", { doc: this.name, error: String(error) });
    } finally {
      this.compacting = false;
    }
  }

  private rebuildShadow() {
    this.shadow.destroy();
    this.shadow = this.copyOfDoc();
  }

  private fail(error: unknown) {
    if (this.broken) return;
    this.broken = true;
    this.deps.log.error("could not save an update; dropping the document", {
      doc: this.name,
      error: String(error),
    });
    this.deps.onBroken(this);
  }

  /** Applies awareness entries a connection sent; the relay goes out batched. */
  applyAwareness(update: Uint8Array, from: RoomMember) {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, from);
  }

  /** Forgets the awareness states a leaving connection announced. */
  forgetClients(clientIds: Iterable<number>) {
    const ids = [...clientIds].filter((id) => this.awareness.getStates().has(id));
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
  }

  /** Every known awareness state, for a newly joined client; null if there is none. */
  fullAwareness(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    if (ids.length === 0) return null;
    return awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  private flushAwareness() {
    this.awarenessTimer = null;
    const ids = [...this.changedClients];
    this.changedClients.clear();
    if (ids.length === 0 || this.members.size === 0) return;
    const frame = awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
    for (const member of this.members) member.send(frame);
  }

  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.awarenessTimer = null;
    this.awareness.destroy();
    this.shadow.destroy();
    this.doc.destroy();
  }
}

export type { AwarenessEntry };
