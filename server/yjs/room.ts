// One loaded document: its Y.Doc, who is connected, awareness relay, and the path of an update from
// validation to the log to every other client.
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import type { Logger } from "../logger";
import type { AwarenessEntry } from "./protocol";
import { awarenessFrame, encodeAwarenessEntries, readMessage, updateFrame } from "./protocol";
import type { DocumentStore, GroupCommitter, StoredDocument } from "./persistence";
import type { ColdSync } from "./cold-sync";
import { changedRootNames } from "./changed-roots";
import { mergeInSlices } from "./merge";
import type { YjsLimits } from "./limits";
import type { DocumentRelay, RelayedMessage, RelaySubscription } from "./relay";

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
  /** The same documents on other instances (only when scaled out). */
  relay?: DocumentRelay;
  /** Encodes big documents' replies to joining clients off the event loop. */
  coldSync?: ColdSync;
}

/** The origin of changes that came from another instance: they are not relayed back. */
const RELAYED = Symbol("relayed");

/** Stands for "a client of another instance" in `clientOwners`, so local echoes of it are dropped. */
const REMOTE_OWNER: RoomMember = { send() {}, close() {} };

function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

export class Room {
  private readonly ydoc: Y.Doc;
  /**
   * A stored snapshot not yet applied: a room loaded from a snapshot alone answers fresh clients
   * with its bytes and applies them (about 50 ms for a 5,000-card board) only when first needed.
   */
  private unapplied: Uint8Array | null = null;
  readonly awareness: awarenessProtocol.Awareness;
  readonly members = new Set<RoomMember>();
  /** Which connection announced each awareness client id. */
  readonly clientOwners = new Map<number, RoomMember>();
  /** Pins held by callers that need the room loaded without a connection (upgrades in progress). */
  pins = 0;
  /** The scratch copy updates are tried on first; made on the first update, not at load. */
  private shadowCopy: Y.Doc | null = null;
  /**
   * The whole document encoded, while nothing has changed since it was: the stored snapshot
   * after a load, or the last full encoding. A fresh client's reply then costs nothing.
   */
  private fullState: Uint8Array | null;
  private lastCommit: Promise<void> = Promise.resolve();
  private logLength: number;
  private approximateBytes: number;
  private compacting = false;
  private changedClients = new Set<number>();
  /** Awareness ids changed by this instance's own clients since the last flush (to relay). */
  private changedLocalClients = new Set<number>();
  private awarenessTimer: NodeJS.Timeout | null = null;
  broken = false;
  destroyed = false;

  private constructor(
    readonly name: string,
    stored: StoredDocument,
    private readonly deps: RoomDeps,
    private readonly subscription: RelaySubscription | null,
  ) {
    // Built straight from the stored bytes, with no encoding; the shadow waits for a first update.
    // A snapshot alone was encoded by a compaction from a document that applied: it waits too.
    this.ydoc = new Y.Doc({ gc: true });
    let bytes = 0;
    if (stored.updates.length === 1 && stored.logLength === 0) {
      this.unapplied = stored.updates[0]!;
      bytes = this.unapplied.length;
    } else {
      for (const update of stored.updates) {
        Y.applyUpdate(this.ydoc, update);
        bytes += update.length;
      }
    }
    this.fullState = stored.updates.length === 1 ? stored.updates[0]! : null;
    this.logLength = stored.logLength;
    this.approximateBytes = bytes;
    if (bytes >= deps.limits.offThreadSyncBytes) deps.coldSync?.mirror(name, stored.updates);
    // Awareness needs the document's identity, not its content.
    this.awareness = new awarenessProtocol.Awareness(this.ydoc);
    this.awareness.setLocalState(null);
    this.awareness.on(
      "update",
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        for (const id of [...added, ...updated, ...removed]) {
          this.changedClients.add(id);
          // A remote client's state (relayed, or timed out here) is its own instance's to relay.
          if (origin === RELAYED || this.clientOwners.get(id) === REMOTE_OWNER) {
            if (removed.includes(id)) this.clientOwners.delete(id);
          } else {
            this.changedLocalClients.add(id);
          }
        }
        this.awarenessTimer ??= setTimeout(
          () => this.flushAwareness(),
          deps.limits.awarenessIntervalMs,
        );
      },
    );
  }

  /**
   * Loads snapshot and log; throws if any stored update fails to apply (never serves a partial doc).
   * When scaled out, subscribes to the document's relay first and applies what arrived during the
   * load afterwards (updates are idempotent), so nothing committed elsewhere meanwhile is missed.
   */
  static async load(name: string, deps: RoomDeps): Promise<Room> {
    const early: RelayedMessage[] = [];
    let room: Room | null = null;
    const subscription = deps.relay
      ? await deps.relay.subscribe(name, (message) => {
          if (room) room.receiveRelayed(message);
          else early.push(message);
        })
      : null;
    try {
      room = new Room(name, await deps.store.load(name), deps, subscription);
    } catch (error) {
      subscription?.close();
      throw error;
    }
    for (const message of early) room.receiveRelayed(message);
    deps.relay?.publish(name, { kind: "query-awareness" });
    return room;
  }

  /** The document, its stored snapshot applied first if it was still waiting. */
  get doc(): Y.Doc {
    if (this.unapplied) {
      const snapshot = this.unapplied;
      this.unapplied = null;
      try {
        Y.applyUpdate(this.ydoc, snapshot);
      } catch (error) {
        // Never served as it is: the room goes, its clients are closed and may try again.
        this.fullState = null;
        this.fail(error, "the stored snapshot does not apply; dropping the document");
        throw error;
      }
    }
    return this.ydoc;
  }

  /** Applies a waiting snapshot; false (and the room dropped) if it does not apply. */
  private contentReady(): boolean {
    try {
      void this.doc;
      return true;
    } catch {
      return false;
    }
  }

  /** Whether the document's content is in memory (a fresh room may still hold only bytes). */
  get contentLoaded(): boolean {
    return this.unapplied === null;
  }

  private shadow(): Y.Doc {
    this.shadowCopy ??= this.copyOfDoc();
    return this.shadowCopy;
  }

  private copyOfDoc(): Y.Doc {
    const copy = new Y.Doc({ gc: true });
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
    return copy;
  }

  /**
   * The reply to a client's sync step 1: what it lacks. Throws at once on a malformed state vector.
   * A big document's reply is encoded by the cold-sync worker, off the event loop; if the worker
   * cannot answer, here.
   */
  diff(stateVector: Uint8Array): Promise<Uint8Array> {
    const fresh = Y.decodeStateVector(stateVector).size === 0;
    if (fresh && this.fullState) return Promise.resolve(this.fullState);
    const coldSync = this.deps.coldSync;
    if (!coldSync?.isReady(this.name)) {
      let doc: Y.Doc;
      try {
        doc = this.doc;
      } catch {
        return Promise.reject(new Error("stored document does not apply"));
      }
      const reply = Y.encodeStateAsUpdate(doc, stateVector);
      if (fresh) this.fullState = reply;
      return Promise.resolve(reply);
    }
    return coldSync.diff(this.name, stateVector).catch((error: unknown) => {
      this.deps.log.warn("cold-sync worker could not answer; encoding here", {
        doc: this.name,
        error: String(error),
      });
      if (this.destroyed) throw new Error("document unloaded");
      return Y.encodeStateAsUpdate(this.doc, stateVector);
    });
  }

  /** Keeps a big document's off-thread mirror in step, starting it when the document grows big. */
  private mirror(update: Uint8Array) {
    const coldSync = this.deps.coldSync;
    if (!coldSync) return;
    if (coldSync.isMirrored(this.name)) coldSync.forward(this.name, update);
    else if (this.approximateBytes >= this.deps.limits.offThreadSyncBytes) {
      coldSync.mirror(this.name, [Y.encodeStateAsUpdate(this.doc)]);
    }
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
   * `reportRoots`, if given, hears which root types the update changed.
   */
  applyUpdate(
    update: Uint8Array,
    from: RoomMember,
    reportRoots?: (roots: string[]) => void,
  ): UpdateOutcome {
    if (this.destroyed) return { ok: false, reason: "unavailable", message: "document unloaded" };
    try {
      // An empty sync step 2 (every client sends one on connect) changes nothing: nothing to log.
      if (isEmptyUpdate(update)) {
        return { ok: true, committed: this.whenCommitted() };
      }
    } catch (error) {
      return { ok: false, reason: "malformed", message: (error as Error).message };
    }
    if (!this.contentReady()) {
      return { ok: false, reason: "unavailable", message: "stored document does not apply" };
    }
    try {
      Y.applyUpdate(this.shadow(), update, from);
    } catch (error) {
      this.rebuildShadow();
      return { ok: false, reason: "malformed", message: (error as Error).message };
    }
    const limit = this.deps.limits.maxDocumentBytes;
    if (this.approximateBytes + update.length > limit) {
      const exact = Y.encodeStateAsUpdate(this.shadow()).length;
      if (exact > limit) {
        this.rebuildShadow();
        return { ok: false, reason: "too_large", message: `document would be ${exact} bytes` };
      }
      this.approximateBytes = exact - update.length;
    }
    if (reportRoots) this.applyReportingRoots(update, from, reportRoots);
    else Y.applyUpdate(this.doc, update, from);
    this.fullState = null;
    this.approximateBytes += update.length;
    this.mirror(update);
    this.logLength += 1;
    const committed = this.deps.committer.append(this.name, update);
    // Inserts may finish out of order: "committed" means this one and every one before it.
    const all = Promise.all([this.lastCommit, committed]).then(() => {});
    // A failed commit drops the room (below); it must not also surface as an unhandled rejection.
    all.catch(() => {});
    this.lastCommit = all;
    const frame = updateFrame(update);
    committed.then(
      () => {
        // Published only once stored: another instance may show it to its clients at once.
        this.deps.relay?.publish(this.name, { kind: "update", update });
        if (this.destroyed) return;
        for (const member of this.members) if (member !== from) member.send(frame);
        this.afterCommit();
      },
      (error: unknown) => this.fail(error),
    );
    return { ok: true, committed };
  }

  /**
   * Applies a member's update and tells `report` the names of the root types it changed (a pact's
   * sections, for its history), read from the transaction: what changed here, not what was sent.
   */
  private applyReportingRoots(
    update: Uint8Array,
    from: RoomMember,
    report: (roots: string[]) => void,
  ) {
    const doc = this.doc;
    let roots: string[] = [];
    const note = (transaction: Y.Transaction) => {
      if (transaction.origin === from) roots = changedRootNames(doc, transaction);
    };
    doc.on("afterTransaction", note);
    try {
      Y.applyUpdate(doc, update, from);
    } finally {
      doc.off("afterTransaction", note);
    }
    if (roots.length === 0) return;
    try {
      report(roots);
    } catch (error) {
      this.deps.log.error("reporting an edit failed", { doc: this.name, error: String(error) });
    }
  }

  private afterCommit() {
    this.documentUpdated();
    if (this.logLength >= this.deps.limits.compactAfterUpdates) void this.compact();
  }

  private documentUpdated() {
    const hook = this.deps.onDocumentUpdated;
    if (!hook) return;
    try {
      hook(this.name, this.doc);
    } catch (error) {
      this.deps.log.error("onDocumentUpdated failed", { doc: this.name, error: String(error) });
    }
  }

  /** A message from another instance about this document; malformed ones are logged and dropped. */
  receiveRelayed(message: RelayedMessage) {
    if (this.destroyed || this.broken) return;
    switch (message.kind) {
      case "update":
        return this.applyStoredUpdate(message.update);
      case "awareness":
        return this.applyRelayedAwareness(message.update);
      case "resync":
        return void this.resyncFromStore().catch((error: unknown) =>
          this.deps.log.warn("resync from storage failed", {
            doc: this.name,
            error: String(error),
          }),
        );
      case "query-awareness": {
        const own = [...this.awareness.getStates().keys()].filter((id) => {
          const owner = this.clientOwners.get(id);
          return owner !== undefined && owner !== REMOTE_OWNER;
        });
        if (own.length === 0) return;
        const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, own);
        this.deps.relay?.publish(this.name, { kind: "awareness", update });
        return;
      }
    }
  }

  /**
   * Applies an update that is already in the database (committed by another instance, or read
   * back from it): never logged again; sent to every local client if it changed anything.
   */
  private applyStoredUpdate(update: Uint8Array) {
    if (this.destroyed || this.broken || !this.contentReady()) return;
    try {
      Y.applyUpdate(this.shadow(), update, RELAYED);
    } catch (error) {
      this.rebuildShadow();
      this.deps.log.warn("dropped a relayed update that fails to apply", {
        doc: this.name,
        error: String(error),
      });
      return;
    }
    const changes: Uint8Array[] = [];
    const capture = (change: Uint8Array) => changes.push(change);
    this.doc.on("update", capture);
    try {
      Y.applyUpdate(this.doc, update, RELAYED);
    } finally {
      this.doc.off("update", capture);
    }
    if (changes.length === 0) return;
    const change = changes.length === 1 ? changes[0]! : Y.mergeUpdates(changes);
    this.fullState = null;
    this.approximateBytes += change.length;
    this.mirror(change);
    const frame = updateFrame(change);
    for (const member of this.members) member.send(frame);
    this.documentUpdated();
  }

  /** Reads the document from the database again and applies what this room lacks (idempotent). */
  async resyncFromStore(): Promise<void> {
    if (this.destroyed || !this.contentReady()) return;
    const stored = await this.deps.store.load(this.name);
    if (this.destroyed) return;
    const scratch = new Y.Doc({ gc: true });
    let missing: Uint8Array;
    try {
      for (const update of stored.updates) Y.applyUpdate(scratch, update);
      missing = Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(this.doc));
    } finally {
      scratch.destroy();
    }
    if (!isEmptyUpdate(missing)) this.applyStoredUpdate(missing);
  }

  /** Awareness of another instance's clients: kept as remote states, forwarded to local clients. */
  private applyRelayedAwareness(update: Uint8Array) {
    let entries: AwarenessEntry[];
    try {
      const message = readMessage(awarenessFrame(update));
      if (message.type !== "awareness") throw new Error("not awareness");
      entries = message.entries;
    } catch (error) {
      this.deps.log.warn("dropped a malformed relayed awareness update", {
        doc: this.name,
        error: String(error),
      });
      return;
    }
    // An id one of our own connections announced is ours, whatever another instance says.
    const remote = entries.filter((entry) => {
      const owner = this.clientOwners.get(entry.clientId);
      return owner === undefined || owner === REMOTE_OWNER;
    });
    if (remote.length === 0) return;
    for (const entry of remote) {
      if (entry.state === null) this.clientOwners.delete(entry.clientId);
      else this.clientOwners.set(entry.clientId, REMOTE_OWNER);
    }
    awarenessProtocol.applyAwarenessUpdate(
      this.awareness,
      remote.length === entries.length ? update : encodeAwarenessEntries(remote),
      RELAYED,
    );
  }

  /** Merges the log into the snapshot row; on failure the log stays as it was. */
  async compact(): Promise<void> {
    if (this.compacting) return;
    this.compacting = true;
    try {
      await this.whenCommitted();
      const coldSync = this.deps.coldSync;
      const bytesBefore = this.approximateBytes;
      let snapshotBytes: number | null = null;
      // Hundreds of updates applied at once on the thread were the fan-out bench's worst tail: a
      // big document is merged by the worker, a small one in slices between other work. The
      // merged size then replaces an estimate grown update by update.
      const big = this.approximateBytes >= this.deps.limits.offThreadSyncBytes;
      const merged = await this.deps.store.compact(this.name, async (updates) => {
        const state =
          coldSync && big ? await coldSync.merge(updates) : await mergeInSlices(updates);
        snapshotBytes = state.length;
        return state;
      });
      this.logLength = Math.max(0, this.logLength - merged);
      if (snapshotBytes !== null) {
        this.approximateBytes = snapshotBytes + (this.approximateBytes - bytesBefore);
      }
    } catch (error) {
      this.deps.log.error("compaction failed", { doc: this.name, error: String(error) });
    } finally {
      this.compacting = false;
    }
  }

  private rebuildShadow() {
    this.shadowCopy?.destroy();
    this.shadowCopy = null;
  }

  private fail(error: unknown, message = "could not save an update; dropping the document") {
    if (this.broken) return;
    this.broken = true;
    this.deps.log.error(message, {
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
    if (this.destroyed) return;
    const ids = [...this.changedClients];
    const own = [...this.changedLocalClients];
    this.changedClients.clear();
    this.changedLocalClients.clear();
    if (ids.length > 0 && this.members.size > 0) {
      const frame = awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
      for (const member of this.members) member.send(frame);
    }
    // Removals too: a client that left here must disappear on the other instances.
    if (own.length > 0 && this.deps.relay) {
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, own);
      this.deps.relay.publish(this.name, { kind: "awareness", update });
    }
  }

  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.subscription?.close();
    this.deps.coldSync?.forget(this.name);
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.awarenessTimer = null;
    this.awareness.destroy();
    this.shadowCopy?.destroy();
    this.ydoc.destroy();
  }
}

export type { AwarenessEntry };
