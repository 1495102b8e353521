// Worker entry: clusters statements (core/clustering) off the server's event loop, one request at
// a time, so that clustering hundreds of cards never delays a live board.
import { parentPort } from "node:worker_threads";
import { clusterStatements } from "../../core/clustering";
import type { ClusteringReply, ClusteringRequest } from "../services/clustering-protocol";

const port = parentPort!;

port.on("message", (request: ClusteringRequest) => {
  let reply: ClusteringReply;
  try {
    const result = clusterStatements(request.texts, {
      lang: request.lang,
      granularity: request.granularity,
    });
    reply = { id: request.id, ok: true, result };
  } catch (error) {
    reply = { id: request.id, ok: false, message: String((error as Error)?.stack ?? error) };
  }
  port.postMessage(reply);
});
