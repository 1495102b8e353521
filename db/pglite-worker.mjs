// Worker thread hosting embedded PGlite, so that its queries (WebAssembly, synchronous while they
// run) never hold the server's event loop. Plain JavaScript: it needs no TypeScript loader.
// workerData: { dataDir: string | null }. Messages: { id, sql, params } → { id, result } | { id, error };
// { id, close: true } closes the database and answers { id, result: null }.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const port = parentPort;
let pglite;

/** A database error's own fields (code, detail, constraint…) survive the trip; the stack does not. */
function plainError(error) {
  const plain = { message: String(error?.message ?? error) };
  if (error && typeof error === "object") {
    for (const [key, value] of Object.entries(error)) {
      if (["string", "number", "boolean"].includes(typeof value)) plain[key] = value;
    }
  }
  return plain;
}

try {
  pglite = await PGlite.create(workerData.dataDir ?? undefined);
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, error: plainError(error) });
}

// Queries arrive one at a time (the dialect queues holders), but are chained anyway: in order.
let tail = Promise.resolve();
port.on("message", (message) => {
  tail = tail.then(async () => {
    try {
      if (message.close) {
        if (!pglite.closed) await pglite.close();
        port.postMessage({ id: message.id, result: null });
        return;
      }
      const result = await pglite.query(message.sql, message.params);
      port.postMessage({
        id: message.id,
        result: { rows: result.rows, affectedRows: result.affectedRows, command: result.command },
      });
    } catch (error) {
      port.postMessage({ id: message.id, error: plainError(error) });
    }
  });
});
