// Off-thread Yjs work: merges for compaction, and answers to sync step 1 for big documents: a worker keeps a mirror of each one, fed
// every update in order, and encodes what a joining client lacks. The event loop only forwards
// bytes; if the worker fails, rooms answer on the main thread as before.
import type { Worker } from "node:worker_threads";
import { startWorker } from "../workers/start-worker";
import type { Logger } from "../logger";
import type { ColdSyncReply, ColdSyncRequest } from "./cold-sync-protocol";
import { mergeHere } from "./merge";

/** Restarts allowed after the worker dies; past them, every document is answered on the thread. */
const MAX_RESTARTS = 3;

export class ColdSync {
  private worker: Worker | null = null;
  private readonly mirrored = new Set<string>();
  /** Mirrors the worker has built: until then a room answers joins itself. */
  private readonly ready = new Set<string>();
  private readonly pending = new Map<
    number,
    { resolve: (diff: Uint8Array) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  /** Replies the worker encoded (for stats and tests). */
  answered = 0;
  private restarts = 0;
  private closed = false;

  constructor(private readonly log: Logger) {}

  isMirrored(docName: string): boolean {
    return this.mirrored.has(docName);
  }

  /** Whether the worker holds the document and can answer for it now. */
  isReady(docName: string): boolean {
    return this.ready.has(docName);
  }

  /** Starts mirroring a document from its state (the stored updates, or one encoded state). */
  mirror(docName: string, updates: Uint8Array[]): void {
    const worker = this.ensureWorker();
    if (!worker) return;
    this.post(worker, { type: "open", doc: docName, updates });
    this.mirrored.add(docName);
    this.ready.delete(docName);
  }

  /** Every update applied to a mirrored document goes to its mirror, in the same order. */
  forward(docName: string, update: Uint8Array): void {
    if (!this.worker || !this.mirrored.has(docName)) return;
    this.post(this.worker, { type: "update", doc: docName, update });
  }

  forget(docName: string): void {
    this.ready.delete(docName);
    if (!this.mirrored.delete(docName) || !this.worker) return;
    this.post(this.worker, { type: "close", doc: docName });
  }

  /** What a client with `stateVector` lacks, encoded by the worker. Rejects if it cannot answer. */
  async diff(docName: string, stateVector: Uint8Array): Promise<Uint8Array> {
    const worker = this.worker;
    if (!worker || !this.mirrored.has(docName)) throw new Error("document not mirrored");
    const id = this.nextId++;
    const reply = await new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post(worker, { type: "diff", id, doc: docName, stateVector });
    });
    this.answered += 1;
    return reply;
  }

  /**
   * Stored updates made into one state by the worker (compaction), so that applying hundreds of
   * updates never stalls the event loop; on the thread if the worker cannot be had.
   */
  async merge(updates: Uint8Array[]): Promise<Uint8Array> {
    const worker = this.ensureWorker();
    if (!worker) return mergeHere(updates);
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post(worker, { type: "merge", id, updates });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.mirrored.clear();
    this.ready.clear();
    this.failPending(new Error("shutting down"));
    if (worker) await worker.terminate();
  }

  private post(worker: Worker, message: ColdSyncRequest) {
    worker.postMessage(message);
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker;
    if (this.closed || this.restarts > MAX_RESTARTS) return null;
    const worker = startWorker(new URL("../workers/cold-sync.ts", import.meta.url), "cold-sync");
    // The worker must never keep a finished server (or a test run) alive.
    worker.unref();
    worker.on("message", (message: ColdSyncReply) => this.receive(message));
    worker.on("error", (error) => {
      this.log.error("cold-sync worker failed; answering joins on the main thread", {
        error: String(error),
      });
    });
    worker.on("exit", () => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.restarts += 1;
      // Mirrors died with it: rooms fall back to the main thread until they mirror again.
      this.mirrored.clear();
      this.ready.clear();
      this.failPending(new Error("cold-sync worker exited"));
    });
    this.worker = worker;
    return worker;
  }

  private receive(message: ColdSyncReply) {
    if (message.type === "opened") {
      if (this.mirrored.has(message.doc)) this.ready.add(message.doc);
      return;
    }
    if (message.type === "dropped") {
      this.mirrored.delete(message.doc);
      this.ready.delete(message.doc);
      this.log.warn("cold-sync mirror dropped", { doc: message.doc, error: message.error });
      return;
    }
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.ok) {
      waiting.resolve(message.bytes);
    } else waiting.reject(new Error(message.error));
  }

  private failPending(error: Error) {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
