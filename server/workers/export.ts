// Worker entry: renders export documents (server/export/render.ts) off the server's event loop, one
// at a time, as the pool in server/export/export-worker-pool.ts asks.
import { parentPort } from "node:worker_threads";
import type { ExportReply, ExportRequest } from "../export/export-worker-pool";
import { renderDocument } from "../export/render";

const port = parentPort!;

port.on("message", async (request: ExportRequest) => {
  let reply: ExportReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const rendered = await renderDocument(request.doc, request.format);
    // Hand the buffer over rather than copy it, unless it holds other bytes too (a slice of
    // Node's Buffer pool): then the reply carries a copy of just these bytes.
    const whole =
      rendered.byteOffset === 0 &&
      rendered.byteLength === rendered.buffer.byteLength &&
      rendered.buffer instanceof ArrayBuffer;
    const bytes = whole ? rendered : new Uint8Array(rendered);
    transfer.push(bytes.buffer as ArrayBuffer);
    reply = { id: request.id, ok: true, bytes };
  } catch (error) {
    reply = {
      id: request.id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    };
  }
  port.postMessage(reply, transfer);
});
