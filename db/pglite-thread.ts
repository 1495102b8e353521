// Embedded PGlite in a worker thread: the same queries, answered without holding the event loop
// (a query on PGlite is WebAssembly that runs to completion on the thread that calls it).
import { Worker } from "node:worker_threads";
import type { PGliteLike, PGliteResult } from "./pglite-dialect";

type Reply =
  | { id: number; result: PGliteResult<unknown> | null }
  | { id: number; error: Record<string, unknown> & { message: string } };

class PGliteThread implements PGliteLike {
  private readonly pending = new Map<
    number,
    { resolve: (result: PGliteResult<unknown> | null) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  closed = false;

  constructor(private readonly worker: Worker) {
    worker.on("message", (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if ("error" in reply) {
        // The database's fields (code "23505", constraint…) are what callers look at.
        waiting.reject(Object.assign(new Error(reply.error.message), reply.error));
      } else {
        waiting.resolve(reply.result);
      }
    });
    worker.on("exit", (code) => {
      this.closed = true;
      for (const waiting of this.pending.values()) {
        waiting.reject(new Error(`the database thread exited (${code})`));
      }
      this.pending.clear();
    });
  }

  private send(message: Record<string, unknown>): Promise<PGliteResult<unknown> | null> {
    if (this.closed) return Promise.reject(new Error("the database is closed"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  async query<R>(sql: string, params: unknown[]): Promise<PGliteResult<R>> {
    return (await this.send({ sql, params })) as PGliteResult<R>;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.send({ close: true });
    this.closed = true;
    await this.worker.terminate();
  }
}

/** Starts PGlite on its own thread, on `dataDir` (or in memory); resolves once it is open. */
export async function startPGliteThread(dataDir: string | null): Promise<PGliteLike> {
  const worker = new Worker(new URL("./pglite-worker.mjs", import.meta.url), {
    workerData: { dataDir },
    name: "pglite",
  });
  const ready = await new Promise<{ ready: boolean; error?: { message: string } }>(
    (resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the database thread exited (${code})`)));
    },
  );
  if (!ready.ready) {
    await worker.terminate();
    throw Object.assign(new Error(ready.error?.message ?? "PGlite failed to start"), ready.error);
  }
  worker.removeAllListeners("error");
  worker.on("error", (error) => console.error("[db] database thread failed:", error.message));
  return new PGliteThread(worker);
}
