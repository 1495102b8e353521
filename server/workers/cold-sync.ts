// Worker entry: merges for compaction, and mirrors of big documents, so that the full-state encoding a joining client needs
// (tens of milliseconds for a board of thousands of cards) never runs on the server's event loop.
// Messages arrive in order, so a diff reflects every update the main thread sent before asking.
import { parentPort } from "node:worker_threads";
import * as Y from "yjs";
import type { ColdSyncReply, ColdSyncRequest } from "../yjs/cold-sync-protocol";
import { mergeHere } from "../yjs/merge";

interface Mirror {
  doc: Y.Doc;
  /** The full state, kept between updates: a burst of joins pays for one encoding. */
  full: Uint8Array | null;
}

const mirrors = new Map<string, Mirror>();
const port = parentPort!;

function reply(message: ColdSyncReply, transfer: ArrayBuffer[] = []) {
  port.postMessage(message, transfer);
}

function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return Y.decodeStateVector(stateVector).size === 0;
}

function handle(message: ColdSyncRequest) {
  switch (message.type) {
    case "open": {
      mirrors.get(message.doc)?.doc.destroy();
      const doc = new Y.Doc({ gc: true });
      for (const update of message.updates) Y.applyUpdate(doc, update);
      mirrors.set(message.doc, { doc, full: null });
      reply({ type: "opened", doc: message.doc });
      return;
    }
    case "update": {
      const mirror = mirrors.get(message.doc);
      if (!mirror) return;
      Y.applyUpdate(mirror.doc, message.update);
      mirror.full = null;
      return;
    }
    case "close": {
      mirrors.get(message.doc)?.doc.destroy();
      mirrors.delete(message.doc);
      return;
    }
    case "merge": {
      const state = mergeHere(message.updates);
      reply({ type: "result", id: message.id, ok: true, bytes: state }, [
        state.buffer as ArrayBuffer,
      ]);
      return;
    }
    case "diff": {
      const mirror = mirrors.get(message.doc);
      if (!mirror) {
        reply({ type: "result", id: message.id, ok: false, error: "not mirrored" });
        return;
      }
      let diff: Uint8Array;
      if (isEmptyStateVector(message.stateVector)) {
        mirror.full ??= Y.encodeStateAsUpdate(mirror.doc);
        // The cached copy stays here; the reply carries its own copy.
        diff = mirror.full.slice();
      } else {
        diff = Y.encodeStateAsUpdate(mirror.doc, message.stateVector);
      }
      reply({ type: "result", id: message.id, ok: true, bytes: diff }, [
        diff.buffer as ArrayBuffer,
      ]);
      return;
    }
  }
}

port.on("message", (message: ColdSyncRequest) => {
  try {
    handle(message);
  } catch (error) {
    if (message.type === "diff" || message.type === "merge") {
      reply({ type: "result", id: message.id, ok: false, error: String(error) });
    } else {
      // A mirror that missed an update would serve wrong diffs: drop it, the main thread is told.
      mirrors.get(message.doc)?.doc.destroy();
      mirrors.delete(message.doc);
      reply({ type: "dropped", doc: message.doc, error: String(error) });
    }
  }
});
