// Where documents live: an append-only update log, group-committed, compacted into a snapshot row.
import * as Y from "yjs";
import { sql } from "kysely";
import type { Db } from "../../db/create-db";
import { mergeHere } from "./merge";

/**
 * Stored documents are read as base64 text and decoded here: PGlite parses bytea in JavaScript
 * (a 1.4 MiB snapshot took 94 ms, as base64 7 ms; on PostgreSQL 11 ms against 6 ms).
 */
const base64 = (column: string) => sql<string>`encode(${sql.ref(column)}, 'base64')`;

function decode(text: string): Uint8Array {
  const buffer = Buffer.from(text, "base64");
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export interface StoredDocument {
  /** The snapshot (if any) first, then the log in order. */
  updates: Uint8Array[];
  /** How many log rows follow the snapshot. */
  logLength: number;
}

/** The narrow interface rooms need; the database behind it is this file's business. */
export interface DocumentStore {
  load(docName: string): Promise<StoredDocument>;
  append(entries: { docName: string; update: Uint8Array }[]): Promise<void>;
  /**
   * Merges the snapshot and the log into a new snapshot, in one transaction; returns rows merged.
   * `merge` turns the stored updates into one state (a worker thread's, to keep the Yjs work off
   * the event loop); by default it is done here.
   */
  compact(docName: string, merge?: MergeUpdates): Promise<number>;
}

/** Stored updates (snapshot first, then the log) made into one encoded state. */
export type MergeUpdates = (updates: Uint8Array[]) => Promise<Uint8Array>;

/** A longer log (after an outage) is merged over several compactions. */
const MAX_ROWS_PER_COMPACTION = 10_000;

export function createDocumentStore(db: Db): DocumentStore {
  return {
    async load(docName) {
      // The log before the snapshot: a compaction (by another instance) between the two reads then
      // only repeats rows in the snapshot, which applying twice is harmless; the other order could
      // miss rows merged into a snapshot read just before.
      const rows = await db
        .selectFrom("yjs_updates")
        .select(base64("update").as("update"))
        .where("doc_name", "=", docName)
        .orderBy("seq")
        .execute();
      const snapshot = await db
        .selectFrom("yjs_snapshots")
        .select(base64("state").as("state"))
        .where("doc_name", "=", docName)
        .executeTakeFirst();
      const updates = rows.map((row) => decode(row.update));
      return {
        updates: snapshot ? [decode(snapshot.state), ...updates] : updates,
        logLength: rows.length,
      };
    },

    async append(entries) {
      if (entries.length === 0) return;
      await db
        .insertInto("yjs_updates")
        .values(entries.map((e) => ({ doc_name: e.docName, update: e.update })))
        .execute();
    },

    async compact(docName, merge = async (updates) => mergeHere(updates)) {
      return db.transaction().execute(async (tx) => {
        // The snapshot row is the lock: two compactions of one document never interleave.
        await tx
          .insertInto("yjs_snapshots")
          .values({ doc_name: docName, state: Y.encodeStateAsUpdate(new Y.Doc()) })
          .onConflict((oc) => oc.column("doc_name").doNothing())
          .execute();
        const snapshot = await tx
          .selectFrom("yjs_snapshots")
          .select(base64("state").as("state"))
          .where("doc_name", "=", docName)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const rows = await tx
          .selectFrom("yjs_updates")
          .select(["seq", base64("update").as("update")])
          .where("doc_name", "=", docName)
          .orderBy("seq")
          .limit(MAX_ROWS_PER_COMPACTION)
          .execute();
        if (rows.length === 0) return 0;
        const state = await merge([
          decode(snapshot.state),
          ...rows.map((row) => decode(row.update)),
        ]);
        await tx
          .updateTable("yjs_snapshots")
          .set({ state, updated_at: sql`now()` })
          .where("doc_name", "=", docName)
          .execute();
        // Exactly the rows merged: an insert that committed meanwhile with a lower seq (inserts
        // run concurrently) is visible to this delete but not in the snapshot, so "seq <= last"
        // would lose it.
        await tx
          .deleteFrom("yjs_updates")
          .where("doc_name", "=", docName)
          .where(
            "seq",
            "in",
            rows.map((row) => row.seq),
          )
          .execute();
        return rows.length;
      });
    },
  };
}

/**
 * Group commit: an append goes out at once (the next turn of the event loop, or after `delayMs`)
 * while fewer than `maxInFlight` inserts are running, so a quiet document never waits for another
 * update's insert; past that, appends gather into the next batch, so a busy one commits many per
 * insert. Each append's promise settles when its batch has committed (or failed). Batches may
 * commit out of order: Yjs updates apply in any order, and a room waits for all of its own.
 */
export class GroupCommitter {
  private pending: {
    entries: { docName: string; update: Uint8Array }[];
    done: Promise<void>;
    resolve: () => void;
    reject: (error: unknown) => void;
  } | null = null;
  private scheduled: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: DocumentStore,
    private readonly delayMs: number,
    private readonly maxInFlight = 4,
  ) {}

  append(docName: string, update: Uint8Array): Promise<void> {
    if (!this.pending) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // A batch nobody awaits must not become an unhandled rejection.
      done.catch(() => {});
      this.pending = { entries: [], done, resolve, reject };
      this.schedule();
    }
    this.pending.entries.push({ docName, update });
    return this.pending.done;
  }

  /** Commits whatever is waiting now, and resolves when every batch so far has committed. */
  async flush(): Promise<void> {
    this.cancelSchedule();
    for (;;) {
      if (this.pending && this.inFlight.size < this.maxInFlight) this.commit();
      else if (this.inFlight.size > 0) await Promise.race(this.inFlight);
      else return;
    }
  }

  private schedule() {
    if (this.scheduled || this.inFlight.size >= this.maxInFlight) return;
    this.scheduled =
      this.delayMs > 0
        ? setTimeout(() => this.commit(), this.delayMs)
        : setImmediate(() => this.commit());
  }

  private cancelSchedule() {
    if (!this.scheduled) return;
    clearTimeout(this.scheduled as NodeJS.Timeout);
    clearImmediate(this.scheduled as NodeJS.Immediate);
    this.scheduled = null;
  }

  private commit() {
    this.cancelSchedule();
    const batch = this.pending;
    if (!batch || this.inFlight.size >= this.maxInFlight) return;
    this.pending = null;
    const running = this.store.append(batch.entries).then(batch.resolve, (error: unknown) => {
      batch.reject(error);
    });
    this.inFlight.add(running);
    void running.then(() => {
      this.inFlight.delete(running);
      // What arrived while every slot was taken is the next batch.
      if (this.pending) this.schedule();
    });
  }
}
