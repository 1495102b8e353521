// Renders exports on worker threads (server/workers/export.ts), so that laying out a 40-page PDF
// never holds the event loop that serves live boards. A small pool: workers start on the first
// render, each renders one document at a time, the rest wait in order; a worker that dies or runs
// too long fails only the render it had, and the next render starts a new one.
import type { Worker } from "node:worker_threads";
import type { ExportDocument, ExportFormat } from "../../core/export/model";
import { startWorker } from "../workers/start-worker";

/** Messages between the pool and its workers. The document crosses by structured clone. */
export interface ExportRequest {
  id: number;
  doc: ExportDocument;
  format: ExportFormat;
}

export type ExportReply =
  | { id: number; ok: true; bytes: Uint8Array }
  | { id: number; ok: false; message: string; stack?: string };

export interface ExportRendererOptions {
  /** Worker threads at most (default 1: exports are rare, and each keeps its fonts in memory). */
  workers?: number;
  /** A render still running after this long is stopped and fails (default 60 s). */
  timeoutMs?: number;
}

interface Job {
  id: number;
  doc: ExportDocument;
  format: ExportFormat;
  resolve(bytes: Uint8Array): void;
  reject(error: Error): void;
  timer?: ReturnType<typeof setTimeout>;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export function createExportRenderer(options: ExportRendererOptions = {}) {
  const size = Math.max(1, Math.floor(options.workers ?? 1));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const slots: (Slot | null)[] = new Array<Slot | null>(size).fill(null);
  const queue: Job[] = [];
  let nextId = 0;

  /** Ends a slot's job, with its bytes or an error; the slot is free again (if still alive). */
  function settle(slot: Slot, outcome: { bytes: Uint8Array } | { error: Error }): void {
    const job = slot.job;
    if (!job) return;
    clearTimeout(job.timer);
    slot.job = null;
    // An idle worker must not keep the process alive; a busy one must, until it answers.
    slot.worker.unref();
    if ("bytes" in outcome) job.resolve(outcome.bytes);
    else job.reject(outcome.error);
  }

  /** Forgets a dead (or stopped) worker, fails its job, and lets waiting renders go on. */
  function retire(index: number, slot: Slot, error: Error): void {
    if (slots[index] !== slot) return;
    slots[index] = null;
    settle(slot, { error });
    dispatch();
  }

  function start(index: number): Slot {
    const worker = startWorker(new URL("../workers/export.ts", import.meta.url), "export");
    worker.unref();
    const slot: Slot = { worker, job: null };
    worker.on("message", (reply: ExportReply) => {
      if (slots[index] !== slot || slot.job?.id !== reply.id) return;
      const format = slot.job.format;
      settle(
        slot,
        reply.ok
          ? { bytes: reply.bytes }
          : {
              error: new Error(`${format} export failed: ${reply.message}`, { cause: reply.stack }),
            },
      );
      dispatch();
    });
    worker.on("error", (error) =>
      retire(index, slot, new Error(`export worker failed: ${error.message}`, { cause: error })),
    );
    worker.on("exit", (code) =>
      retire(index, slot, new Error(`export worker exited with code ${code}`)),
    );
    slots[index] = slot;
    return slot;
  }

  function dispatch(): void {
    while (queue.length > 0) {
      let index = slots.findIndex((slot) => slot !== null && slot.job === null);
      if (index < 0) index = slots.indexOf(null);
      if (index < 0) return;
      const slot = slots[index] ?? start(index);
      const job = queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      try {
        const request: ExportRequest = { id: job.id, doc: job.doc, format: job.format };
        slot.worker.postMessage(request);
      } catch (error) {
        // The document could not be cloned (it holds a function, say): only this render fails.
        settle(slot, { error: error instanceof Error ? error : new Error(String(error)) });
        continue;
      }
      job.timer = setTimeout(() => {
        retire(index, slot, new Error(`${job.format} export took longer than ${timeoutMs} ms`));
        void slot.worker.terminate();
      }, timeoutMs);
      job.timer.unref();
    }
  }

  return {
    /** The document in a format, rendered on a worker thread. */
    render(doc: ExportDocument, format: ExportFormat): Promise<Uint8Array> {
      return new Promise<Uint8Array>((resolve, reject) => {
        queue.push({ id: nextId++, doc, format, resolve, reject });
        dispatch();
      });
    },

    /** Stops the workers; renders not finished fail. A later render starts workers anew. */
    async close(): Promise<void> {
      const closed = new Error("export renderer closed");
      for (const job of queue.splice(0)) job.reject(closed);
      const running = slots.filter((slot): slot is Slot => slot !== null);
      slots.fill(null);
      for (const slot of running) settle(slot, { error: closed });
      await Promise.all(running.map((slot) => slot.worker.terminate()));
    },
  };
}

export type ExportWorkerPool = ReturnType<typeof createExportRenderer>;
