// A board document read into plain records, read again after every change to it.
import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { readBoard, type BoardSnapshot } from "../../../core/board";

const EMPTY: BoardSnapshot = { cards: [], clusters: [], objectives: [], actions: [], skipped: [] };

export function useBoardSnapshot(doc: Y.Doc | null | undefined): BoardSnapshot {
  const [snapshot, setSnapshot] = useState<BoardSnapshot>(EMPTY);
  useEffect(() => {
    if (!doc) {
      setSnapshot(EMPTY);
      return;
    }
    // One read per frame at most: a burst of remote updates (a cold sync) costs one read.
    let frame = 0;
    const read = () => {
      frame = 0;
      setSnapshot(readBoard(doc));
    };
    const onUpdate = () => {
      if (frame === 0) frame = window.requestAnimationFrame(read);
    };
    read();
    doc.on("update", onUpdate);
    return () => {
      doc.off("update", onUpdate);
      if (frame !== 0) window.cancelAnimationFrame(frame);
    };
  }, [doc]);
  return snapshot;
}
