// Stored updates made into one state, for compaction: on the thread, or in the Yjs worker.
import * as Y from "yjs";

/** Applies every update to a fresh document and encodes it (deleted content collected). */
export function mergeHere(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    for (const update of updates) Y.applyUpdate(doc, update);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * The same merge on this thread, a slice of updates at a time with the event loop let through in
 * between: for small documents, where starting a worker would cost more than it saves.
 */
export async function mergeInSlices(updates: Uint8Array[], slice = 32): Promise<Uint8Array> {
  const doc = new Y.Doc({ gc: true });
  try {
    for (let start = 0; start < updates.length; start += slice) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const update of updates.slice(start, start + slice)) Y.applyUpdate(doc, update);
    }
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
